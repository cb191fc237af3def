//! Serving: the application as `web::Application` starts it, until Ctrl-C.

use crate::output::msg;
use anyhow::Context;
use std::net::SocketAddr;
use store::Store;
use web::{Application, Config};

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
    channels: web::ChannelConfig,
) -> anyhow::Result<std::process::ExitCode> {
    let store = Store::open(db).await.context("opening the database")?;
    run(
        store,
        addr,
        Config {
            secure_cookies,
            utc_offset,
            channels,
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
    let app = Application::build(store, config, addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    println!("{}", msg("cli-serving", &[("addr", addr.to_string())]));
    app.run(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(std::process::ExitCode::SUCCESS)
}
