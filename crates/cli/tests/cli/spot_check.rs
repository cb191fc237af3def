//! Spot checks from the shell: the demo's are listed, the drawn one exported
//! and verified from its file alone; a record with its sample changed, or its
//! seed, fails with the differences named; a file that is no record is refused.

use crate::support::{Dir, ok, run, text};

#[test]
fn a_spot_check_exported_from_the_demo_verifies_and_a_changed_one_does_not() {
    let dir = Dir::new("spot-check");
    let file = dir.path("demo.sqlite");
    ok(&run(
        &dir.db(),
        &["demo", "--no-serve", "--file", file.to_str().unwrap()],
    ));
    let db = format!("sqlite://{}", file.display());
    let list = ok(&run(&db, &["spot-check", "list"]));
    let drawn = list
        .lines()
        .find(|l| l.contains("\tdrawn\t"))
        .unwrap_or_else(|| panic!("{list}"));
    let id = drawn.split('\t').next().unwrap();
    assert!(
        id.parse::<i64>().is_ok(),
        "each line starts with its id: {drawn}"
    );
    let announced = list.lines().find(|l| l.contains("\tannounced\t")).unwrap();
    let not_drawn = run(
        &db,
        &[
            "spot-check",
            "export",
            announced.split('\t').next().unwrap(),
        ],
    );
    assert!(!not_drawn.status.success());
    assert!(text(&not_drawn.stderr).contains("尚未抽取"));

    let json = ok(&run(&db, &["spot-check", "export", id]));
    let record = dir.path("record.json");
    std::fs::write(&record, &json).unwrap();
    let verified = ok(&run(
        &db,
        &["spot-check", "verify", record.to_str().unwrap()],
    ));
    assert!(verified.contains("复核一致"), "{verified}");

    // The sample's first two swapped: the record no longer matches.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sample = v["sample"].as_array_mut().unwrap();
    sample.swap(0, 1);
    let changed = dir.path("changed.json");
    std::fs::write(&changed, v.to_string()).unwrap();
    let out = run(&db, &["spot-check", "verify", changed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(
        said.contains("复核不一致") && said.contains("第 1 个样本"),
        "{said}"
    );

    // Another seed than the one whose hash was published.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["seed"] = serde_json::Value::String("换了的种子".into());
    std::fs::write(&changed, v.to_string()).unwrap();
    let out = run(&db, &["spot-check", "verify", changed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("不符"));

    // Not a record at all.
    std::fs::write(&changed, b"{\"id\": \"x\"}").unwrap();
    let out = run(&db, &["spot-check", "verify", changed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("不是抽查记录"));
}
