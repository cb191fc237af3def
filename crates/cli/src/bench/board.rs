//! `chuangxian bench board`: the public board of a branch of 60 members with 5
//! approved items each, under `wrk` on loopback, against nginx serving the very
//! same bytes as a static file, measured in the same run. Prints requests per
//! second and p99 latency of both, and the ratio.

use anyhow::{Context, bail};
use domain::commitment::{Item, ItemStatus};
use domain::person::{PersonDraft, PoliticalStatus};
use std::net::SocketAddr;
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;
use store::Store;

#[derive(clap::Args)]
pub struct BoardBench {
    /// Members in the branch.
    #[arg(long, default_value_t = 60)]
    members: usize,
    /// Approved items per member.
    #[arg(long, default_value_t = 5)]
    items: usize,
    /// How long each wrk run lasts, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Open connections of wrk.
    #[arg(long, default_value_t = 64)]
    connections: u32,
}

pub async fn board(b: BoardBench) -> anyhow::Result<ExitCode> {
    for tool in ["wrk", "nginx"] {
        if Command::new("which")
            .arg(tool)
            .stdout(Stdio::null())
            .status()
            .map(|s| !s.success())
            .unwrap_or(true)
        {
            bail!("{tool} is not installed (apt-get install -y wrk nginx)");
        }
    }
    let dir = std::env::temp_dir().join(format!("cx-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let store = Store::open(&format!("sqlite://{}", dir.join("bench.sqlite").display())).await?;
    let branch = load_branch(&store, b.members, b.items).await?;

    let ours = serve_on_loopback(&store).await?;
    let url = format!("http://{ours}/board/{branch}");
    let page = fetch(&url).await?;
    println!(
        "board: {} members × {} items, {} bytes of HTML",
        b.members,
        b.items,
        page.len()
    );

    // nginx, serving the identical bytes as a static file.
    std::fs::write(dir.join("board.html"), &page)?;
    let nginx_port = free_port()?;
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off; worker_processes auto; pid {d}/nginx.pid; error_log {d}/error.log;
             events {{ worker_connections 1024; }}
             http {{ access_log off; sendfile on; keepalive_requests 100000;
               server {{ listen 127.0.0.1:{nginx_port}; root {d};
                 location / {{ default_type text/html; try_files /board.html =404; }} }} }}",
            d = dir.display()
        ),
    )?;
    let nginx_args = [
        "-c".to_string(),
        conf.display().to_string(),
        "-p".to_string(),
        dir.display().to_string(),
    ];
    let mut nginx = Command::new("nginx")
        .args(&nginx_args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting nginx")?;
    // Stops the master and its workers (killing the master alone leaves workers).
    let stop_nginx = |nginx: &mut std::process::Child| {
        let _ = Command::new("nginx")
            .args(&nginx_args)
            .args(["-s", "stop"])
            .stderr(Stdio::null())
            .status();
        let _ = nginx.wait();
    };
    let nginx_url = format!("http://127.0.0.1:{nginx_port}/board");
    let mut ready = false;
    for _ in 0..50 {
        if fetch(&nginx_url).await.is_ok_and(|p| p == page) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !ready {
        stop_nginx(&mut nginx);
        bail!("nginx did not serve the board copy");
    }

    let ngx = wrk(&nginx_url, &b).await?;
    let cx = wrk(&url, &b).await?;
    stop_nginx(&mut nginx);
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "nginx (static copy): {:>10.0} requests/s, p99 {:>7.2} ms",
        ngx.0, ngx.1
    );
    println!(
        "chuangxian board:    {:>10.0} requests/s, p99 {:>7.2} ms",
        cx.0, cx.1
    );
    let ratio = cx.0 / ngx.0;
    println!("throughput ratio chuangxian/nginx: {ratio:.2} (goal ≥ 0.50)");
    println!(
        "p99 goal < 10 ms: {}",
        if cx.1 < 10.0 { "met" } else { "not met" }
    );
    println!(
        "throughput goal: {}",
        if ratio >= 0.5 { "met" } else { "not met" }
    );
    Ok(ExitCode::SUCCESS)
}

/// A branch under the source plan with `members` members, each with `items`
/// approved items and some progress. Returns the branch id.
async fn load_branch(store: &Store, members: usize, items: usize) -> anyhow::Result<i64> {
    let plan =
        domain::plan::parse_plan(web::demo::SOURCE_PLAN).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let years = plan
        .years_to_reach(web::http::clock::today(web::CHINA_STANDARD_TIME))
        .unwrap_or(0);
    let plan = plan.shifted_by_years(years);
    let phase = plan.phases[0].clone();
    let root = store
        .create_organisation(
            "bench",
            None,
            domain::organisation::OrgKind::LeadingGroup,
            "基准测试党组",
        )
        .await?;
    let branch = store
        .create_organisation(
            "bench",
            Some(&root),
            domain::organisation::OrgKind::Branch,
            "基准测试支部",
        )
        .await?;
    store
        .import_plan("bench", &branch, web::demo::SOURCE_PLAN, &plan, years)
        .await?;
    let criteria = domain::commitment::criteria_for(&plan, domain::commitment::Owner::Member);
    let bar = indicatif::ProgressBar::new(members as u64);
    for m in 0..members {
        let mut tx = store.begin().await?;
        let draft = PersonDraft {
            name: format!("测试党员{:02}", m + 1),
            status: Some(PoliticalStatus::Full),
            ..Default::default()
        };
        let pid = store::person::insert(&mut tx, branch.id, None, &draft, true).await?;
        tx.commit().await?;
        let list: Vec<Item> = (0..items)
            .map(|i| Item {
                key: format!("m{m}i{i}"),
                criterion: criteria[i % criteria.len()].0.clone(),
                what: format!(
                    "第{}项承诺：每月深入社区走访困难妇女家庭并记录帮扶情况",
                    i + 1
                ),
                target: "全年走访不少于12次".into(),
                due_on: phase.ends_on,
                weight: 1 + (i as u32 % 3),
            })
            .collect();
        let id = store
            .save_commitment_draft("bench", branch.id, Some(pid), &phase.key, &list)
            .await?;
        store.submit_commitment("bench", id).await?;
        store.approve_commitment("bench", id).await?;
        let c = store.commitment(id).await?;
        store
            .record_progress(
                "bench",
                &c,
                &list[0].key,
                50,
                ItemStatus::InProgress,
                "已走访六户",
                None,
                ("", ""),
            )
            .await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(branch.id)
}

/// Serves the application over `store` on a free loopback port, in the
/// background; its address.
pub async fn serve_on_loopback(store: &Store) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = web::router(web::AppState::new(store.clone(), web::Config::default()));
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    Ok(addr)
}

async fn fetch(url: &str) -> anyhow::Result<Vec<u8>> {
    let out = tokio::process::Command::new("curl")
        .args(["-sf", url])
        .output()
        .await?;
    if !out.status.success() {
        bail!("GET {url} failed");
    }
    Ok(out.stdout)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Runs wrk; returns (requests per second, p99 latency in ms).
async fn wrk(url: &str, b: &BoardBench) -> anyhow::Result<(f64, f64)> {
    let out = tokio::process::Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{}", b.connections),
            &format!("-d{}s", b.seconds),
            "--latency",
            url,
        ])
        .output()
        .await?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .with_context(|| format!("wrk said: {text}"))?;
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .and_then(|v| latency_ms(v.trim()))
        .with_context(|| format!("wrk said: {text}"))?;
    if text.contains("Non-2xx") {
        bail!("wrk saw errors: {text}");
    }
    Ok((rps, p99))
}

/// `1.23ms`, `456.00us`, `1.2s` as milliseconds.
pub fn latency_ms(v: &str) -> Option<f64> {
    if let Some(n) = v.strip_suffix("us") {
        n.parse::<f64>().ok().map(|x| x / 1000.0)
    } else if let Some(n) = v.strip_suffix("ms") {
        n.parse().ok()
    } else if let Some(n) = v.strip_suffix('s') {
        n.parse::<f64>().ok().map(|x| x * 1000.0)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::latency_ms;

    #[test]
    fn wrk_latencies_read_in_milliseconds() {
        assert_eq!(latency_ms("456.00us"), Some(0.456));
        assert_eq!(latency_ms("1.25ms"), Some(1.25));
        assert_eq!(latency_ms("2.00s"), Some(2000.0));
        assert_eq!(latency_ms("fast"), None);
    }
}
