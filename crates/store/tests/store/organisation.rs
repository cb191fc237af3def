//! The organisation tree.

use crate::support::*;
use chuangxian_store::testing::TestDb;
use domain::organisation::OrgKind;

on_both!(a_subtree_holds_its_nodes_and_not_its_siblings,);

async fn a_subtree_holds_its_nodes_and_not_its_siblings(db: &TestDb) {
    let s = &db.store;
    let (root, branch, group) = tree(s).await;
    let sibling = s
        .create_organisation("test", Some(&root), OrgKind::Branch, "另一支部")
        .await
        .unwrap();
    let ids: Vec<i64> = s
        .subtree(&branch.path)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(ids, vec![branch.id, group.id]);
    assert_eq!(s.subtree(&root.path).await.unwrap().len(), 4);
    assert!(!ids.contains(&sibling.id));
    let found = s
        .organisation_named(&root.path, "第一党小组")
        .await
        .unwrap();
    assert_eq!(found.map(|o| o.id), Some(group.id));
}
