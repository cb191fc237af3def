//! Serving: the web application, the job worker, graceful shutdown on Ctrl-C.

use crate::output::msg;
use anyhow::Context;
use std::net::SocketAddr;
use store::Store;
use web::{AppState, Config};

/// Logs as text for a person, or as JSON lines when `CHUANGXIAN_LOG_FORMAT=json`.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("CHUANGXIAN_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub async fn serve(
    db: &str,
    addr: SocketAddr,
    secure_cookies: bool,
    utc_offset: time::UtcOffset,
) -> anyhow::Result<std::process::ExitCode> {
    let store = Store::open(db).await.context("opening the database")?;
    run(
        store,
        addr,
        Config {
            secure_cookies,
            utc_offset,
            ..Config::default()
        },
    )
    .await
}

/// Serves `store` on `addr` until Ctrl-C.
pub async fn run(
    store: Store,
    addr: SocketAddr,
    config: Config,
) -> anyhow::Result<std::process::ExitCode> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let worker = format!("{}-{}", hostname(), std::process::id());
    tokio::spawn(web::http::jobs::worker_loop(store.clone(), worker.clone()));
    tokio::spawn(heartbeat(store.clone(), worker.clone()));
    let beating = store.clone();
    let state = AppState::new(store, config);
    tokio::spawn(web::evaluation::close_rounds_on_time(state.clone()));
    let app = web::router(state);
    println!("{}", msg("cli-serving", &[("addr", addr.to_string())]));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    beating.server_stopped(&worker).await?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// Says every few seconds that this server runs, so that a restore waits.
async fn heartbeat(store: Store, name: String) {
    loop {
        if let Err(e) = store.server_alive(&name).await {
            tracing::warn!(error = %e, "heartbeat");
        }
        tokio::time::sleep(store::server::HEARTBEAT).await;
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "server".into())
}
