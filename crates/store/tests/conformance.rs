//! One storage suite, run against SQLite and against a real PostgreSQL server.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chuangxian_store::audit::{AuditFilter, Change, record};
use chuangxian_store::organisation::Organisation;
use chuangxian_store::testing::TestDb;
use chuangxian_store::{Store, StoreError, account, person};
use domain::access::Role;
use domain::audit::ChainBreak;
use domain::organisation::OrgKind;
use domain::person::PersonDraft;
use domain::plan::parse_plan;
use domain::roster::{RosterProblem, RosterRow};
use support::tree;

on_both!(
    a_subtree_holds_its_nodes_and_not_its_siblings,
    every_change_is_chained_and_tampering_is_named,
    a_roster_imports_all_or_nothing,
    a_re_imported_plan_is_a_new_version_and_the_old_stays,
    a_password_logs_in_and_a_wrong_one_does_not,
    throttling_locks_after_repeated_failures_and_success_clears_it,
    a_session_is_found_by_its_secret_only_until_it_ends,
    a_job_is_claimed_once_and_retried_after_failure,
    concurrent_workers_never_claim_one_job_twice,
    inbox_messages_are_counted_until_read,
    migrations_run_once,
    a_commitment_goes_from_draft_to_approved_and_a_new_draft_leaves_the_approved_one_shown,
    progress_is_recorded_with_evidence_and_followers_are_told,
    opinions_wait_for_moderation_and_one_visitor_is_limited,
    a_review_raises_rectification_items_that_close_once,
);

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

async fn every_change_is_chained_and_tampering_is_named(db: &TestDb) {
    let s = &db.store;
    tree(s).await;
    assert_eq!(s.verify_audit().await.unwrap(), Ok(3));
    let entries = s
        .audit_entries(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries[0].seq, 3);
    assert_eq!(entries[0].entity, "organisation");

    sqlx::query("UPDATE audit_log SET summary = 'forged' WHERE seq = 2")
        .execute(&s.pool)
        .await
        .unwrap();
    assert_eq!(
        s.verify_audit().await.unwrap(),
        Err(ChainBreak::Altered { seq: 2 })
    );
}

fn draft(name: &str, username: Option<&str>) -> PersonDraft {
    PersonDraft {
        name: name.into(),
        username: username.map(Into::into),
        ..Default::default()
    }
}

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

async fn a_re_imported_plan_is_a_new_version_and_the_old_stays(db: &TestDb) {
    let s = &db.store;
    let (root, branch, _) = tree(s).await;
    let source = include_str!("../../../plans/quanzhou-women-federation-2010.toml");
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
    let old = s.plan_version(root.id, 1).await.unwrap();
    assert_eq!(old.plan, plan);
    assert_eq!(s.plan_versions(root.id).await.unwrap().len(), 2);
}

async fn person_with_account(s: &Store, name: &str, username: &str, password: &str) -> i64 {
    let (_, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let pid = person::insert(&mut tx, branch.id, None, &draft(name, None), false)
        .await
        .unwrap();
    let hash = account::hash_password(password).unwrap();
    let aid = account::insert(&mut tx, pid, username, Some(&hash))
        .await
        .unwrap();
    account::grant(&mut tx, aid, Role::Secretary, branch.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    aid
}

async fn a_password_logs_in_and_a_wrong_one_does_not(db: &TestDb) {
    let s = &db.store;
    let aid = person_with_account(s, "王芳", "wangfang", "correct horse").await;
    assert_eq!(
        s.check_login("WangFang", "correct horse").await.unwrap(),
        Some(aid)
    );
    assert_eq!(s.check_login("wangfang", "wrong").await.unwrap(), None);
    assert_eq!(
        s.check_login("nobody", "correct horse").await.unwrap(),
        None
    );
    let account = s.account(aid).await.unwrap();
    assert!(account.has_role(Role::Secretary));
    s.set_password("wangfang", aid, "new secret").await.unwrap();
    assert_eq!(
        s.check_login("wangfang", "new secret").await.unwrap(),
        Some(aid)
    );
}

async fn throttling_locks_after_repeated_failures_and_success_clears_it(db: &TestDb) {
    use chuangxian_store::account::throttle::{FREE_ADDRESS_FAILURES, LoginKey};
    let s = &db.store;
    let account = LoginKey::Account("wangfang".into());
    let address = LoginKey::Address("127.0.0.1".into());
    let keys = vec![account.clone(), address.clone()];
    for _ in 0..4 {
        s.record_login_failure(&keys).await.unwrap();
    }
    assert_eq!(s.locked_until(&keys).await.unwrap(), None);
    s.record_login_failure(&keys).await.unwrap();
    assert!(s.locked_until(&keys).await.unwrap().is_some());
    assert_eq!(
        s.locked_until(std::slice::from_ref(&address))
            .await
            .unwrap(),
        None,
        "the address has more tries than the account"
    );
    s.clear_login_failures("wangfang").await.unwrap();
    assert_eq!(s.locked_until(&keys).await.unwrap(), None);
    // A sign-in of one's own between guesses does not clear the address's count:
    // 4 guesses per account, then a success, over and over, still lock it.
    for _ in 0..FREE_ADDRESS_FAILURES / 4 {
        for _ in 0..4 {
            s.record_login_failure(&keys).await.unwrap();
        }
        s.clear_login_failures("wangfang").await.unwrap();
    }
    assert!(
        s.locked_until(std::slice::from_ref(&address))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        s.locked_until(std::slice::from_ref(&account))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_session_is_found_by_its_secret_only_until_it_ends(db: &TestDb) {
    let s = &db.store;
    let aid = person_with_account(s, "王芳", "wangfang", "pw").await;
    let first = s.create_session("wangfang", aid, None).await.unwrap();
    assert_eq!(
        s.session(&first.secret)
            .await
            .unwrap()
            .map(|x| x.account_id),
        Some(aid)
    );
    // Logging in again rotates the id: the old secret no longer works.
    let second = s
        .create_session("wangfang", aid, Some(&first.secret))
        .await
        .unwrap();
    assert!(s.session(&first.secret).await.unwrap().is_none());
    assert_ne!(first.csrf, second.csrf);
    s.end_session(&second.secret).await.unwrap();
    assert!(s.session(&second.secret).await.unwrap().is_none());

    let token = s
        .create_access_token(aid, "wangfang", "script")
        .await
        .unwrap();
    assert_eq!(s.access_token_account(&token).await.unwrap(), Some(aid));
    let id = s.access_tokens(aid).await.unwrap()[0].id;
    s.revoke_access_token(aid, "wangfang", id).await.unwrap();
    assert_eq!(s.access_token_account(&token).await.unwrap(), None);
}

async fn a_job_is_claimed_once_and_retried_after_failure(db: &TestDb) {
    let s = &db.store;
    let id = s.enqueue("notify", "{}", 3).await.unwrap();
    let job = s.claim_job("w1").await.unwrap().unwrap();
    assert_eq!(job.id, id);
    assert!(
        s.claim_job("w2").await.unwrap().is_none(),
        "a claimed job is not handed out twice"
    );
    s.fail_job(&job, "boom").await.unwrap();
    // It waits out its back-off before it can be claimed again.
    assert!(s.claim_job("w2").await.unwrap().is_none());
    sqlx::query("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z'")
        .execute(&s.pool)
        .await
        .unwrap();
    let again = s.claim_job("w2").await.unwrap().unwrap();
    assert_eq!(again.attempts, 2);
    s.complete_job(again.id).await.unwrap();
    assert_eq!(s.pending_jobs().await.unwrap(), 0);
}

async fn inbox_messages_are_counted_until_read(db: &TestDb) {
    let s = &db.store;
    let (_, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let pid = person::insert(&mut tx, branch.id, None, &draft("王芳", None), false)
        .await
        .unwrap();
    let mid = chuangxian_store::inbox::notify(&mut tx, pid, "提醒", "请提交承诺", None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(s.unread_count(pid).await.unwrap(), 1);
    s.mark_read(pid, mid).await.unwrap();
    assert_eq!(s.unread_count(pid).await.unwrap(), 0);
    assert_eq!(s.inbox(pid, 10).await.unwrap()[0].title, "提醒");
    // Without a mail or SMS channel, outgoing messages wait in the outbox.
    let mut tx = s.begin().await.unwrap();
    chuangxian_store::inbox::queue_outgoing(&mut tx, "sms", "13800138000", "提醒", "请提交承诺")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let outbox = s.outbox(10).await.unwrap();
    assert_eq!(
        (outbox[0].channel.as_str(), outbox[0].status.as_str()),
        ("sms", "pending")
    );
}

async fn migrations_run_once(db: &TestDb) {
    assert_eq!(db.store.migrate().await.unwrap(), 0);
    // An audit record outside any store helper still chains.
    let mut tx = db.store.begin().await.unwrap();
    record(
        &mut tx,
        Change {
            actor: "t",
            action: "a",
            entity: "e",
            entity_id: "1".into(),
            summary: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.store.verify_audit().await.unwrap(), Ok(1));
}

async fn concurrent_workers_never_claim_one_job_twice(db: &TestDb) {
    let s = &db.store;
    for i in 0..40 {
        s.enqueue("notify", &format!("{{\"n\":{i}}}"), 3)
            .await
            .unwrap();
    }
    let workers = (0..8).map(|w| {
        let s = s.clone();
        tokio::spawn(async move {
            let mut claimed = Vec::new();
            while let Some(job) = s.claim_job(&format!("w{w}")).await.unwrap() {
                claimed.push(job.id);
                s.complete_job(job.id).await.unwrap();
            }
            claimed
        })
    });
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    all.sort_unstable();
    let total = all.len();
    all.dedup();
    assert_eq!(total, 40, "every job ran");
    assert_eq!(all.len(), 40, "no job ran twice");
}

fn item(key: &str, what: &str) -> domain::commitment::Item {
    domain::commitment::Item {
        key: key.into(),
        criterion: "study".into(),
        what: what.into(),
        target: "每月一本".into(),
        due_on: domain::date::Day::from_ymd(2010, 12, 31).unwrap(),
        weight: 1,
    }
}

async fn member(s: &Store) -> (Organisation, i64) {
    let (_, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let pid = person::insert(&mut tx, branch.id, None, &draft("王芳", None), false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (branch, pid)
}

async fn a_commitment_goes_from_draft_to_approved_and_a_new_draft_leaves_the_approved_one_shown(
    db: &TestDb,
) {
    use domain::commitment::CommitmentStatus as S;
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let id = s
        .save_commitment_draft(
            "wangfang",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "读书")],
        )
        .await
        .unwrap();
    s.submit_commitment("wangfang", id).await.unwrap();
    // Locked while the leadership looks at it.
    let err = s
        .save_commitment_draft(
            "wangfang",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "改")],
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict("commitment-error-locked")
    ));
    assert_eq!(s.board_version(branch.id).await.unwrap(), 0);
    s.approve_commitment("secretary", id).await.unwrap();
    assert_eq!(s.board_version(branch.id).await.unwrap(), 1);
    let c = s.commitment(id).await.unwrap();
    assert_eq!((c.status, c.revision), (S::Approved, 1));
    assert_eq!(c.approved.as_ref().unwrap()[0].what, "读书");

    // A new revision: the approved one stays until the new one is approved.
    let again = s
        .save_commitment_draft(
            "wangfang",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "读两本书")],
        )
        .await
        .unwrap();
    assert_eq!(again, id);
    s.submit_commitment("wangfang", id).await.unwrap();
    s.return_commitment("secretary", id, "目标不够具体")
        .await
        .unwrap();
    let c = s
        .commitment_of(branch.id, Some(pid), "phase1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, S::Returned);
    assert_eq!(c.return_reason.as_deref(), Some("目标不够具体"));
    assert_eq!(c.draft[0].what, "读两本书");
    assert_eq!(c.approved.unwrap()[0].what, "读书");
    // Approving what is not submitted is refused.
    assert!(matches!(
        s.approve_commitment("secretary", id).await,
        Err(StoreError::Conflict(_))
    ));
    // The branch's own commitment sits beside the members'.
    s.save_commitment_draft(
        "secretary",
        branch.id,
        None,
        "phase1",
        &[item("b", "班子学习")],
    )
    .await
    .unwrap();
    let all = s.branch_commitments(branch.id, "phase1").await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].person_id, None, "the branch's own comes first");
}

async fn progress_is_recorded_with_evidence_and_followers_are_told(db: &TestDb) {
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let mut tx = s.begin().await.unwrap();
    let follower = person::insert(&mut tx, branch.id, None, &draft("李娜", None), false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let id = s
        .save_commitment_draft(
            "w",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "读书"), item("b", "走访")],
        )
        .await
        .unwrap();
    s.submit_commitment("w", id).await.unwrap();
    s.approve_commitment("s", id).await.unwrap();
    s.follow(follower, id, true).await.unwrap();
    assert!(s.follows(follower, id).await.unwrap());
    let c = s.commitment(id).await.unwrap();
    let evidence = chuangxian_store::commitment::EvidenceFile {
        filename: "读书笔记.pdf".into(),
        content_type: "application/pdf".into(),
        body: b"%PDF-1.4 test".to_vec(),
    };
    s.record_progress(
        "w",
        &c,
        "a",
        40,
        domain::commitment::ItemStatus::InProgress,
        "读了两本",
        Some(evidence),
        ("进展", "/x"),
    )
    .await
    .unwrap();
    s.record_progress(
        "w",
        &c,
        "a",
        100,
        domain::commitment::ItemStatus::Done,
        "完成",
        None,
        ("进展", "/x"),
    )
    .await
    .unwrap();
    let progress = s.progress_of(&[id]).await.unwrap();
    let a = &progress[&(id, "a".to_string())];
    assert_eq!((a.percent, a.note.as_str()), (100, "完成"));
    assert!(!progress.contains_key(&(id, "b".to_string())));
    assert_eq!(s.unread_count(follower).await.unwrap(), 2);
    // An item that is not in the approved commitment has no progress to record.
    let err = s
        .record_progress(
            "w",
            &c,
            "zzz",
            10,
            domain::commitment::ItemStatus::InProgress,
            "",
            None,
            ("进展", "/x"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    let first = s.progress_of(&[id]).await.unwrap();
    assert!(
        first[&(id, "a".to_string())].evidence.is_empty(),
        "evidence belongs to the report it came with"
    );
}

async fn opinions_wait_for_moderation_and_one_visitor_is_limited(db: &TestDb) {
    use domain::review::OpinionStatus;
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let id = s
        .save_commitment_draft("w", branch.id, Some(pid), "phase1", &[item("a", "读书")])
        .await
        .unwrap();
    let first = s
        .add_opinion(id, Some("群众"), "<b>很好</b>", "visitor-1")
        .await
        .unwrap();
    for _ in 1..chuangxian_store::commitment::opinion::OPINIONS_PER_HOUR {
        s.add_opinion(id, None, "再说一句", "visitor-1")
            .await
            .unwrap();
    }
    let err = s
        .add_opinion(id, None, "太多了", "visitor-1")
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict("opinion-error-too-often")
    ));
    s.add_opinion(id, None, "另一个人", "visitor-2")
        .await
        .unwrap();
    assert_eq!(
        s.branch_opinions(branch.id, OpinionStatus::Pending)
            .await
            .unwrap()
            .len(),
        6
    );

    assert!(matches!(
        s.reply_to_opinion("w", first, "谢谢").await,
        Err(StoreError::Conflict(_))
    ));
    s.moderate_opinion("secretary", first, true).await.unwrap();
    assert!(matches!(
        s.moderate_opinion("secretary", first, false).await,
        Err(StoreError::Conflict(_))
    ));
    s.reply_to_opinion("w", first, "谢谢监督").await.unwrap();
    let shown = s
        .branch_opinions(branch.id, OpinionStatus::Approved)
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].text, "<b>很好</b>", "kept as typed");
    assert_eq!(shown[0].reply.as_deref(), Some("谢谢监督"));
    assert_eq!(s.board_version(branch.id).await.unwrap(), 2);
}

async fn a_review_raises_rectification_items_that_close_once(db: &TestDb) {
    use domain::review::{RectificationStatus, check_review};
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let leader = person_with_account(s, "黄丽华", "leader", "pw").await;
    let parts = check_review(
        "学习认真",
        "心得偏少\n走访不够",
        "多下基层",
        vec!["study".into()],
    )
    .unwrap();
    let id = s
        .add_review("leader", (leader, "黄丽华"), branch.id, Some(pid), &parts)
        .await
        .unwrap();
    let review = s.review(id).await.unwrap();
    assert_eq!(review.parts.problems, vec!["心得偏少", "走访不够"]);
    assert!(!review.published);
    assert_eq!(review.person_name.as_deref(), Some("王芳"));
    s.add_review_reply("wangfang", id, "一定改进")
        .await
        .unwrap();
    assert_eq!(s.review_replies(id).await.unwrap()[0].text, "一定改进");
    s.publish_review("leader", id, true).await.unwrap();
    assert!(s.review(id).await.unwrap().published);

    let due = domain::date::Day::from_ymd(2010, 12, 1).unwrap();
    let rid = s
        .add_rectification("leader", &review, "心得偏少", pid, due)
        .await
        .unwrap();
    s.update_rectification("wangfang", rid, "补写两篇", None)
        .await
        .unwrap();
    assert_eq!(
        s.rectification(rid).await.unwrap().status,
        RectificationStatus::InProgress
    );
    s.close_rectification("leader", rid).await.unwrap();
    assert!(matches!(
        s.close_rectification("leader", rid).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.update_rectification("wangfang", rid, "x", None).await,
        Err(StoreError::Conflict(_))
    ));
    let list = s.branch_rectifications(branch.id).await.unwrap();
    assert_eq!(
        (list.len(), list[0].closed_by.as_deref()),
        (1, Some("leader"))
    );
    assert_eq!(s.branch_reviews(branch.id).await.unwrap().len(), 1);
}
