//! What the storage suites share: running one test on both databases, and a
//! small organisation tree.

#![allow(dead_code)]

use chuangxian_store::Store;
use chuangxian_store::organisation::Organisation;
use domain::organisation::OrgKind;

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
