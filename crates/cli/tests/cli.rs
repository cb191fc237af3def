//! The binary as a person runs it from a shell: set up an organisation, import a
//! plan and a roster, export, verify the audit log, back up and restore.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chuangxian");
const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../plans/quanzhou-women-federation-2010.toml"
);

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("cx-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }

    fn db(&self) -> String {
        format!("sqlite://{}", self.0.join("cx.sqlite").display())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("CHUANGXIAN_DB", db)
        .env("CHUANGXIAN_LANG", "zh-CN")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn set_up(db: &str) {
    ok(&run(
        db,
        &[
            "org",
            "add",
            "--name",
            "市妇联党组",
            "--kind",
            "leading_group",
        ],
    ));
    ok(&run(
        db,
        &[
            "org",
            "add",
            "--name",
            "机关支部",
            "--kind",
            "branch",
            "--parent",
            "市妇联党组",
        ],
    ));
    ok(&run(
        db,
        &[
            "org",
            "add",
            "--name",
            "第一党小组",
            "--kind",
            "party_group",
            "--parent",
            "机关支部",
        ],
    ));
}

fn roster(path: &Path, rows: &[(&str, &str)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 2, "党员花名册", &rust_xlsxwriter::Format::new())
        .unwrap();
    for (c, h) in ["姓名", "入党时间", "所在党小组"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (i, (name, joined)) in rows.iter().enumerate() {
        sheet.write_string(i as u32 + 2, 0, *name).unwrap();
        sheet.write_string(i as u32 + 2, 1, *joined).unwrap();
        sheet.write_string(i as u32 + 2, 2, "第一党小组").unwrap();
    }
    book.save(path).unwrap();
}

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

#[test]
fn a_roster_imports_from_the_shell_exports_and_refuses_bad_rows_whole() {
    let dir = Dir::new("roster");
    let db = dir.db();
    set_up(&db);
    let good = dir.path("good.xlsx");
    roster(&good, &[("王芳", "2008.07"), ("李娜", "2010年3月")]);
    let out = ok(&run(
        &db,
        &[
            "import",
            "roster",
            good.to_str().unwrap(),
            "--org",
            "机关支部",
        ],
    ));
    assert!(out.contains("已导入“机关支部”：新增 2 人"), "{out}");
    // The same file again adds nobody.
    let again = ok(&run(
        &db,
        &[
            "import",
            "roster",
            good.to_str().unwrap(),
            "--org",
            "机关支部",
        ],
    ));
    assert!(
        again.contains("新增 0 人，更新 0 人，2 人无变化"),
        "{again}"
    );

    let bad = dir.path("bad.xlsx");
    roster(&bad, &[("赵敏", "2008.07"), ("钱红", "去年")]);
    let out = run(
        &db,
        &[
            "import",
            "roster",
            bad.to_str().unwrap(),
            "--org",
            "机关支部",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("第 4 行，“入党时间”列：不是可识别的日期"),
        "{}",
        text(&out.stderr)
    );

    let exported = dir.path("out.xlsx");
    let out = ok(&run(
        &db,
        &[
            "export",
            "roster",
            "--org",
            "机关支部",
            "--out",
            exported.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("已导出 2 人"), "{out}");
    // The exported file imports again into another branch: same people, same dates.
    ok(&run(
        &db,
        &[
            "org",
            "add",
            "--name",
            "另一支部",
            "--kind",
            "branch",
            "--parent",
            "市妇联党组",
        ],
    ));
    let out = run(
        &db,
        &[
            "import",
            "roster",
            exported.to_str().unwrap(),
            "--org",
            "另一支部",
        ],
    );
    // Its rows name 机关支部, which lies outside 另一支部: refused, row by row.
    assert!(
        text(&out.stderr).contains("找不到组织“机关支部”"),
        "{}",
        text(&out.stderr)
    );
}

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
