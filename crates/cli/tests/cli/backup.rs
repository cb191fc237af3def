//! A backup that restores the database as it was.

use crate::support::{Dir, PLAN, ok, run, set_up};

#[test]
fn a_backup_restores_the_database_as_it_was() {
    let dir = Dir::new("backup");
    let db = dir.db();
    set_up(&db);
    let backup = dir.path("backup.sqlite");
    ok(&run(&db, &["backup", backup.to_str().unwrap()]));
    ok(&run(
        &db,
        &[
            "org",
            "add",
            "--name",
            "后来的支部",
            "--kind",
            "branch",
            "--parent",
            "市妇联党组",
        ],
    ));
    ok(&run(&db, &["restore", backup.to_str().unwrap()]));
    let out = run(&db, &["plan", "import", PLAN, "--org", "后来的支部"]);
    assert!(
        !out.status.success(),
        "the branch made after the backup is gone"
    );
    assert!(ok(&run(&db, &["audit", "verify"])).contains("3 条记录"));
    // A backup never overwrites a file.
    assert!(
        !run(&db, &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
}
