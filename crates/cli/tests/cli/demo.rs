//! The demo built from the shell, with an account for each role.

use crate::support::{BIN, Dir, ok, run};
use std::process::Command;

#[test]
fn the_demo_builds_and_prints_an_account_for_each_role() {
    let dir = Dir::new("demo");
    let file = dir.path("demo.sqlite");
    let out = ok(&run(
        &dir.db(),
        &["demo", "--no-serve", "--file", file.to_str().unwrap()],
    ));
    for role in [
        "创先办：office",
        "领导：leader",
        "支部书记：secretary",
        "支部副书记：deputy",
        "党员：member",
    ] {
        assert!(out.contains(role), "{out}");
    }
    assert!(out.contains("今天在其中"));
    let english = Command::new(BIN)
        .args(["demo", "--no-serve", "--file", file.to_str().unwrap()])
        .env("CHUANGXIAN_LANG", "en")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(ok(&english).contains("Campaign office: office"));
}
