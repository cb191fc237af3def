//! The ids the rule routes are asked with: on each side an internal rule in
//! force (version 1) with a draft version 2 open.

use crate::support::TestApp;
use domain::date::Day;
use domain::rule::Visibility;
use store::rule::{NewRule, VersionText};

fn version(text: &str, effective_on: Day) -> VersionText {
    VersionText {
        text: text.into(),
        effective_on,
        note: String::new(),
    }
}

/// The ids by kind, (own side, other side), in the two branches.
pub async fn ids(
    app: &TestApp,
    own: i64,
    other: i64,
    today: Day,
) -> Vec<(&'static str, (String, String))> {
    let store = &app.db.store;
    let (mut rules, mut drafts) = (Vec::new(), Vec::new());
    for org in [own, other] {
        let rule = store
            .add_rule(
                "office",
                &NewRule {
                    org_id: org,
                    title: "内部制度".into(),
                    visibility: Visibility::Internal,
                    origin: None,
                    origin_note: String::new(),
                    version: version("第一条 内部。", today),
                },
            )
            .await
            .unwrap();
        let first = store.rule(rule).await.unwrap().versions[0].id;
        store.adopt_rule_version("office", first).await.unwrap();
        let draft = store
            .add_rule_version("office", rule, &version("第一条 内部，修订。", today))
            .await
            .unwrap();
        rules.push(rule.to_string());
        drafts.push(draft.to_string());
    }
    vec![
        ("rule", (rules[0].clone(), rules[1].clone())),
        ("rule_version", (drafts[0].clone(), drafts[1].clone())),
    ]
}
