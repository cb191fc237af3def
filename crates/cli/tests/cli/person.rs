//! A roster imported from the shell, exported, and refused whole for bad rows.

use crate::support::{Dir, ok, roster, run, set_up, text};

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
