//! `chuangxian gen` as an operator runs it: a branch-sized campaign on SQLite
//! (batched inserts) and on PostgreSQL (COPY) holds the same people for the
//! same seed, its accounts sign in, and a database that is not empty is
//! refused and left as it was.

use crate::support::{BIN, Dir, ok, text};
use std::process::Command;
use store::Store;
use store::testing::TestDb;

fn generate(db: &str) -> std::process::Output {
    Command::new(BIN)
        .args(["gen", "--scale", "branch", "--db", db])
        .env("CHUANGXIAN_LANG", "zh-CN")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// Every person as the generator made them, in id order.
async fn people(store: &Store) -> Vec<String> {
    let root = store.organisation(1).await.unwrap();
    store
        .all_people(&root.path)
        .await
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {:?} {:?} {:?} {:?}",
                p.id, p.org_name, p.name, p.gender, p.status, p.joined_on, p.party_group
            )
        })
        .collect()
}

#[tokio::test]
async fn gen_makes_the_same_branch_on_both_databases_and_refuses_a_full_one() {
    let dir = Dir::new("gen");
    let said = ok(&generate(&dir.db()));
    assert!(said.contains("已生成：1 个支部，60 名党员"), "{said}");
    let sqlite = Store::open(&dir.db()).await.unwrap();
    let on_sqlite = people(&sqlite).await;
    // 60 members, then the office and the leader added through the store.
    assert_eq!(on_sqlite.len(), 62, "{on_sqlite:?}");
    let members = on_sqlite
        .iter()
        .filter(|p| p.contains("河东县第1党支部"))
        .count();
    assert_eq!(members, 60, "{on_sqlite:?}");

    let pg = TestDb::postgres()
        .await
        .expect("PostgreSQL must be running for these tests");
    ok(&generate(&pg.url));
    assert_eq!(
        people(&pg.store).await,
        on_sqlite,
        "the same seed, the same people"
    );
    for username in ["office", "leader", "s5"] {
        let account = pg
            .store
            .check_login(username, "chuangxian-gen")
            .await
            .unwrap();
        assert!(account.is_some(), "{username} signs in");
    }
    let grants = pg
        .store
        .account(
            pg.store
                .check_login("s5", "chuangxian-gen")
                .await
                .unwrap()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(grants.has_role(domain::access::Role::Secretary));

    // Again into the same database: refused, nothing added.
    let again = generate(&dir.db());
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("gen 只往空数据库里生成数据"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(people(&sqlite).await, on_sqlite);
    pg.drop_db().await;
}
