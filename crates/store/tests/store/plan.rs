//! Plans and their versions.

use crate::support::*;
use chuangxian_store::testing::TestDb;
use domain::plan::parse_plan;

on_both!(a_re_imported_plan_is_a_new_version_and_the_old_stays,);

async fn a_re_imported_plan_is_a_new_version_and_the_old_stays(db: &TestDb) {
    let s = &db.store;
    let (root, branch, group) = tree(s).await;
    let source = include_str!("../../../../plans/quanzhou-women-federation-2010.toml");
    let plan = parse_plan(source).unwrap();
    assert_eq!(
        s.import_plan("test", &root, source, &plan, 0)
            .await
            .unwrap(),
        1
    );
    let shifted = plan.shifted_by_years(16);
    assert_eq!(
        s.import_plan("test", &root, source, &shifted, 16)
            .await
            .unwrap(),
        2
    );
    // The branch has no plan of its own: it runs under its superior's.
    let current = s.current_plan(&branch).await.unwrap().unwrap();
    assert_eq!((current.version, current.shift_years), (2, 16));
    assert_eq!(current.plan, shifted);
    // Once the branch imports one of its own, that is the nearer: for it and
    // for its party group, while the root keeps its own.
    assert_eq!(
        s.import_plan("test", &branch, source, &plan, 0)
            .await
            .unwrap(),
        1
    );
    for under in [&branch, &group] {
        let nearest = s.current_plan(under).await.unwrap().unwrap();
        assert_eq!((nearest.org_id, nearest.version), (branch.id, 1));
        assert_eq!(nearest.plan, plan);
    }
    let own = s.current_plan(&root).await.unwrap().unwrap();
    assert_eq!((own.org_id, own.version), (root.id, 2));
    let old = s.plan_version(root.id, 1).await.unwrap();
    assert_eq!(old.plan, plan);
    assert_eq!(s.plan_versions(root.id).await.unwrap().len(), 2);
}
