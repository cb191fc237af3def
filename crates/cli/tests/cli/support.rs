//! Running the binary as a person does from a shell: a scratch folder with its
//! database, the command with its environment, an organisation set up, and a
//! roster made in Excel.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// A `chuangxian serve` process on a loopback port.
pub struct Server {
    child: Child,
}

impl Server {
    /// Starts it and waits until it answers.
    pub fn start(db: &str, port: u16) -> Server {
        let child = Command::new(BIN)
            .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while ureq::get(&format!("{base}/healthz")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child }
    }

    /// SIGKILL: no shutdown, no flush beyond what each commit made durable.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The demo campaign half-way, and its branch's open round with fresh codes.
pub struct DemoRound {
    pub demo: web::demo::Demo,
    pub round: i64,
    pub targets: Vec<i64>,
    pub codes: Vec<String>,
}

impl DemoRound {
    pub async fn make(db: &store::testing::TestDb, codes: u32) -> DemoRound {
        let store = &db.store;
        let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
        let demo = web::demo::build(store, today).await.unwrap();
        web::demo::campaign::campaign(store, &demo, today, web::CHINA_STANDARD_TIME)
            .await
            .unwrap();
        let round = store
            .rounds_of(demo.branch.id)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.closed_at.is_none())
            .unwrap()
            .id;
        let targets = store
            .round_targets(round)
            .await
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect();
        let issued = store
            .issue_codes("test", round, "slips", "test", &[], codes)
            .await
            .unwrap();
        let codes = issued.codes.iter().map(|t| t.text()).collect();
        DemoRound {
            demo,
            round,
            targets,
            codes,
        }
    }
}

/// A ballot of `code` rating every target on the demo round's three criteria.
pub fn ballot(code: &str, targets: &[i64]) -> serde_json::Value {
    let ratings: Vec<serde_json::Value> = targets
        .iter()
        .flat_map(|t| {
            (0..3).map(
                move |c| serde_json::json!({ "target": t, "criterion": c, "level": (t + c) % 4 }),
            )
        })
        .collect();
    serde_json::json!({ "code": code, "ratings": ratings })
}
