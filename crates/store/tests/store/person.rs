//! People and roster imports.

use crate::support::*;
use chuangxian_store::StoreError;
use chuangxian_store::testing::TestDb;
use domain::person::PersonDraft;
use domain::roster::{RosterProblem, RosterRow};

on_both!(a_roster_imports_all_or_nothing,);

async fn a_roster_imports_all_or_nothing(db: &TestDb) {
    let s = &db.store;
    let (_, branch, _) = tree(s).await;
    let header = |c: domain::roster::Column| c.header().to_string();
    let rows = vec![
        RosterRow {
            row: 3,
            person: PersonDraft {
                party_group: Some("第一党小组".into()),
                ..draft("王芳", Some("wangfang"))
            },
        },
        RosterRow {
            row: 4,
            person: draft("李娜", None),
        },
    ];
    let resolved = s
        .resolve_roster(&branch, &rows, &header, false)
        .await
        .unwrap()
        .unwrap();
    let counts = s
        .import_people("test", &branch, &resolved, &|_| {})
        .await
        .unwrap();
    assert_eq!((counts.new, counts.changed, counts.unchanged), (2, 0, 0));
    let page = s.people(&branch.path, 1, 50).await.unwrap();
    assert_eq!(page.total, 2);
    // The same roster again adds nobody; a new phone number changes one person
    // and only that field; a row missing removes nobody.
    let again = s
        .resolve_roster(&branch, &rows, &header, false)
        .await
        .unwrap()
        .unwrap();
    let counts = s
        .import_people("test", &branch, &again, &|_| {})
        .await
        .unwrap();
    assert_eq!((counts.new, counts.changed, counts.unchanged), (0, 0, 2));
    let changed = vec![RosterRow {
        row: 3,
        person: PersonDraft {
            phone: Some("13800000000".into()),
            ..draft("李娜", None)
        },
    }];
    let resolved_change = s
        .resolve_roster(&branch, &changed, &header, false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        resolved_change[0].changed(),
        &[domain::roster::Column::Phone]
    );
    let counts = s
        .import_people("test", &branch, &resolved_change, &|_| {})
        .await
        .unwrap();
    assert_eq!((counts.new, counts.changed, counts.unchanged), (0, 1, 0));
    let page = s.people(&branch.path, 1, 50).await.unwrap();
    assert_eq!(page.total, 2);
    assert!(
        page.items
            .iter()
            .any(|p| p.phone.as_deref() == Some("13800000000"))
    );
    assert_eq!(page.items[0].party_group.as_deref(), Some("第一党小组"));
    assert_eq!(page.items[0].username.as_deref(), Some("wangfang"));

    // A taken username and an unknown group: both named, nothing written.
    let bad = vec![
        RosterRow {
            row: 3,
            person: draft("赵敏", Some("wangfang")),
        },
        RosterRow {
            row: 5,
            person: PersonDraft {
                party_group: Some("不存在".into()),
                ..draft("钱红", None)
            },
        },
    ];
    let errors = s
        .resolve_roster(&branch, &bad, &header, false)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0].problem,
        RosterProblem::DuplicateUsername("wangfang".into())
    );
    assert_eq!(
        (errors[1].row, errors[1].column.as_str()),
        (5, "所在党小组")
    );
    assert_eq!(
        errors[1].problem,
        RosterProblem::MissingGroups(vec!["不存在".into()])
    );
    assert_eq!(s.people(&branch.path, 1, 50).await.unwrap().total, 2);
    // Rows naming two missing groups, three times: listed once each, and
    // created once each when asked.
    let grouped: Vec<RosterRow> = [
        ("甲", "第三党小组"),
        ("乙", "第四党小组"),
        ("丙", "第三党小组"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (name, group))| RosterRow {
        row: i + 3,
        person: PersonDraft {
            party_group: Some((*group).into()),
            ..draft(name, None)
        },
    })
    .collect();
    let errors = s
        .resolve_roster(&branch, &grouped, &header, false)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(
        errors.iter().map(|e| e.problem.clone()).collect::<Vec<_>>(),
        vec![RosterProblem::MissingGroups(vec![
            "第三党小组".into(),
            "第四党小组".into()
        ])]
    );
    let made = s
        .resolve_roster(&branch, &grouped, &header, true)
        .await
        .unwrap()
        .unwrap();
    let counts = s
        .import_people("test", &branch, &made, &|_| {})
        .await
        .unwrap();
    assert_eq!(counts.new, 3);
    let groups: Vec<String> = s
        .subtree(&branch.path)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == domain::organisation::OrgKind::PartyGroup)
        .map(|o| o.name)
        .collect();
    assert_eq!(groups.iter().filter(|g| *g == "第三党小组").count(), 1);
    assert!(groups.contains(&"第四党小组".to_string()));
    let page = s.people(&branch.path, 1, 50).await.unwrap();
    assert_eq!(page.total, 5);
    assert!(
        page.items
            .iter()
            .any(|p| p.name == "丙" && p.party_group.as_deref() == Some("第三党小组"))
    );

    // A unique clash that only the database sees rolls the whole import back.
    let racing = s
        .resolve_roster(
            &branch,
            &[RosterRow {
                row: 3,
                person: draft("孙丽", None),
            }],
            &header,
            false,
        )
        .await
        .unwrap()
        .unwrap();
    let mut clash = racing.clone();
    clash.push(chuangxian_store::person::ResolvedRow {
        person: draft("周洁", Some("wangfang")),
        ..racing[0].clone()
    });
    let err = s
        .import_people("test", &branch, &clash, &|_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Taken(f) if f == "username"));
    assert_eq!(
        s.people(&branch.path, 1, 50).await.unwrap().total,
        5,
        "rolled back whole"
    );
}
