//! What the storage suites share: running one test on both databases, and a
//! small organisation tree.

use chuangxian_store::organisation::Organisation;
use chuangxian_store::{Store, account, person};
use domain::access::Role;
use domain::organisation::OrgKind;
use domain::person::PersonDraft;

/// Runs each named `async fn(&TestDb)` once on a fresh SQLite file and once on
/// a fresh PostgreSQL database. A missing PostgreSQL server fails the test.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() {
                let db = chuangxian_store::testing::TestDb::sqlite().await.unwrap();
                super::$name(&db).await;
                db.drop_db().await;
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() {
                let db = chuangxian_store::testing::TestDb::postgres().await
                    .expect("PostgreSQL must be running for the storage suite");
                super::$name(&db).await;
                db.drop_db().await;
            })*
        }
    };
}

/// A party group in a branch under a leading group.
pub async fn tree(store: &Store) -> (Organisation, Organisation, Organisation) {
    let root = store
        .create_organisation("test", None, OrgKind::LeadingGroup, "市妇联党组")
        .await
        .unwrap();
    let branch = store
        .create_organisation("test", Some(&root), OrgKind::Branch, "机关支部")
        .await
        .unwrap();
    let group = store
        .create_organisation("test", Some(&branch), OrgKind::PartyGroup, "第一党小组")
        .await
        .unwrap();
    (root, branch, group)
}

pub fn draft(name: &str, username: Option<&str>) -> PersonDraft {
    PersonDraft {
        name: name.into(),
        username: username.map(Into::into),
        ..Default::default()
    }
}

pub async fn member(s: &Store) -> (Organisation, i64) {
    let (_, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let pid = person::insert(&mut tx, branch.id, None, &draft("王芳", None), false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (branch, pid)
}

pub async fn person_with_account(s: &Store, name: &str, username: &str, password: &str) -> i64 {
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
