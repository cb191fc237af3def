//! Plans from the shell: a check that locates errors, and imports that make
//! versions and shift to today on request.

use crate::support::{Dir, PLAN, ok, run, set_up, text};

#[test]
fn plan_check_accepts_the_source_plan_and_locates_errors_in_a_broken_one() {
    let dir = Dir::new("check");
    let out = ok(&run(&dir.db(), &["plan", "check", PLAN]));
    assert!(out.contains("方案检查通过：泉妇支〔2010〕2号"), "{out}");

    let broken = dir.path("broken.toml");
    let source = std::fs::read_to_string(PLAN).unwrap();
    std::fs::write(
        &broken,
        source.replacen("target = 60", "target = 0", 1).replacen(
            "weight = 30 }",
            "weight = 31 }",
            1,
        ),
    )
    .unwrap();
    let out = run(&dir.db(), &["plan", "check", broken.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let line = source.lines().position(|l| l == "target = 60").unwrap() + 1;
    assert!(
        err.contains(&format!(
            "broken.toml:{line}:10：“daily_reading”的数量必须大于 0"
        )),
        "{err}"
    );
    assert!(err.contains("考核权重合计为 101，应为 100"), "{err}");
}

#[test]
fn a_plan_imported_twice_makes_two_versions_and_shifts_to_today_on_request() {
    let dir = Dir::new("plan");
    let db = dir.db();
    set_up(&db);
    let out = ok(&run(&db, &["plan", "import", PLAN, "--org", "市妇联党组"]));
    assert!(
        out.contains("第 1 版") && out.contains("平移 0 年"),
        "{out}"
    );
    let out = ok(&run(
        &db,
        &[
            "plan",
            "import",
            PLAN,
            "--org",
            "市妇联党组",
            "--shift-to-today",
        ],
    ));
    assert!(out.contains("第 2 版"), "{out}");
    assert!(!out.contains("平移 0 年"), "{out}");
    let out = run(&db, &["plan", "import", PLAN, "--org", "不存在的组织"]);
    assert!(text(&out.stderr).contains("找不到组织“不存在的组织”"));
}
