//! The audit log verified from the shell, naming an edited entry.

use crate::support::{Dir, ok, run, set_up, text};

#[test]
fn audit_verify_names_an_edited_entry() {
    let dir = Dir::new("audit");
    let db = dir.db();
    set_up(&db);
    let out = ok(&run(&db, &["audit", "verify"]));
    assert!(out.contains("审计日志完好：3 条记录"), "{out}");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let out = run(&db, &["audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("第 2 条记录"),
        "{}",
        text(&out.stderr)
    );
}
