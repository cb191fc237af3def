//! What the page benchmarks share: our server on loopback (in this process, or
//! a real `chuangxian serve`), nginx serving the very bytes it answered as
//! static files, and `wrk` run against either.

use anyhow::{Context, bail};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use store::Store;

/// Fails unless `wrk` and `nginx` are installed.
pub fn need_wrk_and_nginx() -> anyhow::Result<()> {
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
    Ok(())
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

/// nginx serving files of a directory as HTML, each at `/its-name`.
pub struct Nginx {
    dir: PathBuf,
    port: u16,
    child: Child,
}

impl Nginx {
    /// Writes `files` into `dir` and serves them; waits until the first is served.
    pub async fn serve(dir: &Path, files: &[(&str, &[u8])]) -> anyhow::Result<Nginx> {
        Self::serve_with(dir, files, &[]).await
    }

    /// The same, with precompressed copies (`NAME.html.gz`) that nginx's
    /// `gzip_static` sends to clients taking gzip.
    pub async fn serve_with(
        dir: &Path,
        files: &[(&str, &[u8])],
        gzipped: &[(&str, &[u8])],
    ) -> anyhow::Result<Nginx> {
        for (name, bytes) in files {
            std::fs::write(dir.join(format!("{name}.html")), bytes)?;
        }
        for (name, bytes) in gzipped {
            std::fs::write(dir.join(format!("{name}.html.gz")), bytes)?;
        }
        let port = free_port()?;
        std::fs::write(
            dir.join("nginx.conf"),
            format!(
                "daemon off; worker_processes auto; pid {d}/nginx.pid; error_log {d}/error.log;
                 events {{ worker_connections 1024; }}
                 http {{ access_log off; sendfile on; keepalive_requests 100000; gzip_static on;
                   server {{ listen 127.0.0.1:{port}; root {d};
                     location / {{ default_type text/html; try_files $uri.html =404; }} }} }}",
                d = dir.display()
            ),
        )?;
        let child = Command::new("nginx")
            .args(Self::args(dir))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting nginx")?;
        let mut nginx = Nginx {
            dir: dir.to_path_buf(),
            port,
            child,
        };
        let (name, bytes) = files.first().context("no file to serve")?;
        for _ in 0..50 {
            if fetch(&nginx.url(name)).await.is_ok_and(|p| p == *bytes) {
                return Ok(nginx);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        nginx.stop();
        bail!("nginx did not serve the copy")
    }

    fn args(dir: &Path) -> [String; 4] {
        [
            "-c".to_string(),
            dir.join("nginx.conf").display().to_string(),
            "-p".to_string(),
            dir.display().to_string(),
        ]
    }

    pub fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}", self.port)
    }

    /// Stops the master and its workers (killing the master alone leaves workers).
    pub fn stop(&mut self) {
        let _ = Command::new("nginx")
            .args(Self::args(&self.dir))
            .args(["-s", "stop"])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

/// A real `chuangxian serve` on a loopback port.
pub struct Serving(Child);

impl Serving {
    pub async fn start(db: &str, port: u16) -> anyhow::Result<Serving> {
        let child = Command::new(std::env::current_exe()?)
            .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chuangxian serve")?;
        let serving = Serving(child);
        for _ in 0..200 {
            if fetch(&format!("http://127.0.0.1:{port}/healthz"))
                .await
                .is_ok()
            {
                return Ok(serving);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        serving.stop();
        bail!("the server on port {port} did not answer")
    }

    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    pub fn stop(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn fetch(url: &str) -> anyhow::Result<Vec<u8>> {
    fetch_asking(url, "identity").await
}

/// The bytes as sent to a client asking for `coding` (not decoded).
pub async fn fetch_asking(url: &str, coding: &str) -> anyhow::Result<Vec<u8>> {
    let out = tokio::process::Command::new("curl")
        .args(["-sf", "-H", &format!("Accept-Encoding: {coding}"), url])
        .output()
        .await?;
    if !out.status.success() {
        bail!("GET {url} failed");
    }
    Ok(out.stdout)
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Runs wrk; returns (requests per second, p99 latency in ms).
pub async fn wrk(url: &str, seconds: u32, connections: u32) -> anyhow::Result<(f64, f64)> {
    wrk_asking(url, seconds, connections, None).await
}

/// The same, sending `Accept-Encoding: coding` with each request.
pub async fn wrk_asking(
    url: &str,
    seconds: u32,
    connections: u32,
    coding: Option<&str>,
) -> anyhow::Result<(f64, f64)> {
    let mut args = vec![
        "-t2".to_string(),
        format!("-c{connections}"),
        format!("-d{seconds}s"),
        "--latency".to_string(),
    ];
    if let Some(coding) = coding {
        args.push("-H".to_string());
        args.push(format!("Accept-Encoding: {coding}"));
    }
    args.push(url.to_string());
    let out = tokio::process::Command::new("wrk")
        .args(&args)
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
