//! Running the binary as a person does from a shell: a scratch folder with its
//! database, the command with its environment, an organisation set up, and a
//! roster made in Excel.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_chuangxian");

pub const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../plans/quanzhou-women-federation-2010.toml"
);

pub struct Dir(PathBuf);

impl Dir {
    pub fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("cx-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }

    pub fn db(&self) -> String {
        format!("sqlite://{}", self.0.join("cx.sqlite").display())
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("CHUANGXIAN_DB", db)
        .env("CHUANGXIAN_LANG", "zh-CN")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn set_up(db: &str) {
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

pub fn roster(path: &Path, rows: &[(&str, &str)]) {
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
