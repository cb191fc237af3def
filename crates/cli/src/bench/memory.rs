//! `chuangxian bench memory`: the resident memory of a real `chuangxian serve`
//! over the demo's database, idle and then under `wrk` on the public board,
//! the portal and the news list in turn, sampled from `/proc` every 50 ms.
//! Goals: under 60 MB idle, under 200 MB under load.

use super::against_nginx::{Serving, fetch, free_port, need_wrk_and_nginx, wrk};
use super::report::Figure;
use anyhow::bail;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

#[derive(clap::Args)]
pub struct MemoryBench {
    /// How long each wrk run lasts, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Open connections of wrk.
    #[arg(long, default_value_t = 64)]
    connections: u32,
}

/// The resident set of a process, in kB.
fn rss_kb(pid: u32) -> Option<u64> {
    status_kb(pid, "VmRSS:")
}

/// A line of `/proc/PID/status` in kB: `VmRSS:` all resident pages, or
/// `RssAnon:` the process's own (heap and stacks), leaving out the pages of
/// files it maps (SQLite maps its database file).
fn status_kb(pid: u32, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub async fn memory(b: MemoryBench) -> anyhow::Result<Vec<Figure>> {
    need_wrk_and_nginx()?;
    let dir = std::env::temp_dir().join(format!("cx-bench-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("demo.sqlite");
    let exe = std::env::current_exe()?;
    let made = Command::new(&exe)
        .args(["demo", "--no-serve", "--file"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !made.success() {
        bail!("chuangxian demo --no-serve failed");
    }
    let port = free_port()?;
    let server = Serving::start(&format!("sqlite://{}", file.display()), port).await?;
    let base = format!("http://127.0.0.1:{port}");
    let home = String::from_utf8_lossy(&fetch(&format!("{base}/")).await?).to_string();
    // The first branch portal the home page links, and its board.
    let mut found = None;
    for part in home.split("href=\"/p/").skip(1) {
        let id = part.split('"').next().unwrap_or_default();
        let portal = format!("{base}/p/{id}");
        let page = String::from_utf8_lossy(&fetch(&portal).await?).to_string();
        if let Some(rest) = page.split("href=\"/board/").nth(1) {
            let board = format!(
                "{base}/board/{}",
                rest.split('"').next().unwrap_or_default()
            );
            found = Some((board, portal));
            break;
        }
    }
    let Some((board, portal)) = found else {
        server.stop();
        bail!("no branch portal with a board linked from the home page");
    };
    let pid = server.pid();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_kb(pid).unwrap_or(0);

    let sampler = Sampler::of(pid);
    let mut rates = Vec::new();
    for (name, url) in [
        ("board", board),
        ("portal", portal.clone()),
        ("news", format!("{portal}/news")),
    ] {
        let (rps, _) = wrk(&url, b.seconds, b.connections).await?;
        rates.push((name, rps));
    }
    let peak = sampler.stop().rss.max(idle);
    let after = rss_kb(pid).unwrap_or(0);
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);

    let mb = |kb: u64| kb as f64 / 1024.0;
    for (name, rps) in rates {
        println!("{name:<7} {rps:>9.0} req/s");
    }
    println!(
        "RSS: idle {:.1} MB, peak under load {:.1} MB, after {:.1} MB",
        mb(idle),
        mb(peak),
        mb(after)
    );
    Ok(vec![
        Figure::new("memory, idle server (demo)", format!("{:.1} MB", mb(idle)))
            .goal("< 60 MB", mb(idle) < 60.0),
        Figure::new(
            "memory, peak under wrk on board, portal, news",
            format!("{:.1} MB", mb(peak)),
        )
        .goal("< 200 MB", mb(peak) < 200.0),
    ])
}

/// A process's peak resident memory, all of it and its own (anonymous),
/// sampled every 20 ms on a thread.
pub struct Sampler {
    peak: Arc<AtomicU64>,
    peak_anon: Arc<AtomicU64>,
    running: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

/// Peaks in kB.
pub struct Peaks {
    pub rss: u64,
    pub anon: u64,
}

impl Sampler {
    /// Samples this process.
    pub fn start() -> Sampler {
        Sampler::of(std::process::id())
    }

    /// Samples the process `pid` until it ends or is told to stop.
    pub fn of(pid: u32) -> Sampler {
        let (peak, peak_anon) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let running = Arc::new(AtomicBool::new(true));
        let thread = {
            let (peak, peak_anon, running) = (peak.clone(), peak_anon.clone(), running.clone());
            std::thread::spawn(move || {
                while running.load(Ordering::Relaxed) {
                    let Some(kb) = rss_kb(pid) else { break };
                    peak.fetch_max(kb, Ordering::Relaxed);
                    if let Some(kb) = status_kb(pid, "RssAnon:") {
                        peak_anon.fetch_max(kb, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        Sampler {
            peak,
            peak_anon,
            running,
            thread,
        }
    }

    /// This process's own (anonymous) resident memory now, in kB.
    pub fn anon_now_kb() -> u64 {
        status_kb(std::process::id(), "RssAnon:").unwrap_or(0)
    }

    pub fn stop(self) -> Peaks {
        self.running.store(false, Ordering::Relaxed);
        let _ = self.thread.join();
        Peaks {
            rss: self.peak.load(Ordering::Relaxed),
            anon: self.peak_anon.load(Ordering::Relaxed),
        }
    }
}
