//! The audit chain.

use crate::support::*;
use chuangxian_store::audit::AuditFilter;
use chuangxian_store::testing::TestDb;
use domain::audit::ChainBreak;

on_both!(every_change_is_chained_and_tampering_is_named,);

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
