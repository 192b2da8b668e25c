//! Starts the portal: configuration, storage, the outbox worker and the web server.

use asb_portal::server::{self, config::Config, Settings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let json = std::env::var("ASB_LOG_FORMAT").is_ok_and(|f| f == "json");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if json {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .json()
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }

    let mut config = Config::load()?;
    if let Ok(dir) = std::env::var("ASB_MAIL_DIR") {
        config.smtp.mail_dir = dir.into();
    }
    let leptos = server::leptos_options()?;
    let database_url = std::env::var("ASB_DATABASE_URL")
        .unwrap_or_else(|_| "sqlite://data/asb-portal.db".to_string());
    let listener = tokio::net::TcpListener::bind(leptos.site_addr).await?;
    let delivery = match &config.smtp.host {
        Some(host) => format!("SMTP via {host}:{}", config.smtp.port),
        None => format!("files in {}", config.smtp.mail_dir.display()),
    };
    let running = server::start(
        Settings {
            config,
            database_url,
            leptos,
        },
        listener,
    )
    .await?;
    tracing::info!(addr = %running.addr, %delivery, "ASB Portal is listening on http://{}", running.addr);
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("shutting down"),
        _ = running.server => tracing::error!("server stopped"),
    }
    Ok(())
}
