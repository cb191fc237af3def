//! The machine a benchmark ran on, and `docs/performance.md`: the facts,
//! the table, and the notes kept from the file's last version.

use super::report::{self, Figure};
use std::path::Path;
use store::Store;
use store::testing::TestDb;

/// The line after which the file's hand-written notes begin; `bench all`
/// keeps everything from it on.
const NOTES: &str = "<!-- notes: kept by `chuangxian bench all` -->";

/// (what, value) pairs: cores, memory, CPU, kernel, tools and databases.
pub async fn facts() -> Vec<(&'static str, String)> {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown".into());
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse::<f64>().ok())
        .map_or("unknown".into(), |kb| format!("{:.1} GiB", kb / 1048576.0));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut out = vec![
        ("cores", cores.to_string()),
        ("memory", memory),
        ("CPU", cpu),
        (
            "kernel",
            read("/proc/sys/kernel/osrelease").trim().to_string(),
        ),
        ("chuangxian", env!("CARGO_PKG_VERSION").to_string()),
        ("rustc", command_line("rustc", &["--version"])),
        ("nginx", command_line("nginx", &["-v"])),
        ("wrk", command_line("wrk", &["--version"])),
    ];
    out.push(("SQLite", sqlite_version().await));
    out.push((
        "PostgreSQL",
        match TestDb::postgres().await {
            Ok(db) => {
                let v = db.store.engine_version().await.unwrap_or_default();
                db.drop_db().await;
                v
            }
            Err(e) => format!("not reached: {e}"),
        },
    ));
    out
}

/// The first line a tool prints about itself (some print it on stderr).
fn command_line(program: &str, args: &[&str]) -> String {
    let program = if program == "nginx" && !Path::new("/usr/bin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        program
    };
    std::process::Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            text.lines().next().map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "not installed".into())
}

async fn sqlite_version() -> String {
    let dir = std::env::temp_dir().join(format!("cx-bench-version-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let url = format!("sqlite://{}", dir.join("v.sqlite").display());
    let v = match Store::connect(&url).await {
        Ok(store) => store.engine_version().await.unwrap_or_default(),
        Err(e) => format!("not opened: {e}"),
    };
    let _ = std::fs::remove_dir_all(&dir);
    v
}

/// Writes the report to `out`, keeping the notes of the file it replaces.
pub fn write_report(
    out: &Path,
    facts: &[(&str, String)],
    figures: &[Figure],
) -> anyhow::Result<()> {
    let notes = std::fs::read_to_string(out)
        .ok()
        .and_then(|old| old.find(NOTES).map(|at| old[at..].to_string()))
        .unwrap_or_else(|| format!("{NOTES}\n"));
    let mut text = String::from(
        "# Performance\n\n\
         Written by `chuangxian bench all` (build with `--features bench`; `bash scripts/bench.sh` \
         installs what it needs and runs it). Each ratio is against a baseline measured in the \
         same run on the same machine, since these machines are shared and their speed varies \
         from run to run. Each workload's own command is in the table's first column's words: \
         `chuangxian bench <workload> --help` tells its load.\n\n## The machine\n\n",
    );
    for (what, value) in facts {
        text.push_str(&format!("- **{what}**: {value}\n"));
    }
    text.push_str(&format!(
        "- **measured**: {}\n\n## The figures\n\n{}\n{}\n\n",
        store::now_text(),
        report::markdown(figures),
        report::verdict(figures)
    ));
    text.push_str(&notes);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(out, text)?;
    Ok(())
}
