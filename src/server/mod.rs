//! The server: shared state, the router and start-up. `main.rs` and the integration tests both
//! start the portal through [`start`], so tests exercise exactly what runs in production.

pub mod config;
pub mod journey;
pub mod outbox;
pub mod storage;
pub mod submit;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::pages::info;
use crate::pages::layout::{PageMeta, Shell};
use config::Config;
use outbox::{Mailer, OutboxWorker};
use storage::Db;

/// Form posts are small; anything larger is refused before it is read (413).
pub const BODY_LIMIT: usize = 64 * 1024;

pub struct AppInner {
    pub config: Config,
    pub db: Db,
    pub shell: Shell,
    /// Wakes the outbox worker as soon as a report has queued emails.
    pub outbox_wake: Arc<Notify>,
}

pub type AppState = Arc<AppInner>;

/// Everything the portal needs to start.
pub struct Settings {
    pub config: Config,
    pub database_url: String,
    pub leptos: LeptosOptions,
}

pub struct RunningPortal {
    pub addr: SocketAddr,
    pub db: Db,
    pub server: tokio::task::JoinHandle<()>,
    pub outbox: tokio::task::JoinHandle<()>,
}

impl RunningPortal {
    pub fn stop(&self) {
        self.server.abort();
        self.outbox.abort();
    }
}

/// Leptos settings from the `LEPTOS_*` variables, with defaults that work from any directory:
/// without `LEPTOS_SITE_ROOT`, the site folder built beside the executable is used.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let var =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
    let mut site_root = var("LEPTOS_SITE_ROOT", "target/site");
    if std::env::var_os("LEPTOS_SITE_ROOT").is_none() && !std::path::Path::new(&site_root).exists()
    {
        let beside_binary = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
        if let Some(site) = beside_binary.filter(|p| p.exists()) {
            site_root = site.to_string_lossy().into_owned();
        }
    }
    Ok(LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "asb-portal"))
        .site_root(site_root)
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(var("LEPTOS_SITE_ADDR", "127.0.0.1:3000").parse::<SocketAddr>()?)
        .build())
}

/// Opens storage, starts the outbox worker and serves the portal on `listener`.
pub async fn start(settings: Settings, listener: TcpListener) -> anyhow::Result<RunningPortal> {
    let db = storage::connect(&settings.database_url).await?;
    let mailer = Mailer::from_config(&settings.config.smtp)?;
    let outbox_wake = Arc::new(Notify::new());
    let worker = OutboxWorker {
        db: db.clone(),
        mailer,
        from: settings.config.smtp.from.parse()?,
        settings: settings.config.outbox.clone(),
        wake: outbox_wake.clone(),
    };
    let outbox = tokio::spawn(worker.run());
    let state = Arc::new(AppInner {
        shell: Shell::new(&settings.leptos, &settings.config.site.name),
        config: settings.config,
        db: db.clone(),
        outbox_wake,
    });
    tokio::spawn(purge_old_drafts(state.clone()));
    let app = build_app(state, &settings.leptos);
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "server stopped");
        }
    });
    Ok(RunningPortal {
        addr,
        db,
        server,
        outbox,
    })
}

/// Deletes drafts older than their lifetime, and submitted ones after an hour (long enough to
/// come back to the confirmation page), every ten minutes.
async fn purge_old_drafts(state: AppState) {
    let lifetime = chrono::Duration::hours(i64::from(state.config.drafts.lifetime_hours));
    let submitted_lifetime = chrono::Duration::hours(1);
    loop {
        let now = chrono::Utc::now();
        match storage::purge_drafts(&state.db, now - lifetime, now - submitted_lifetime).await {
            Ok(n) if n > 0 => tracing::info!(deleted = n, "old drafts deleted"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "could not delete old drafts"),
        }
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
}

pub fn build_app(state: AppState, leptos: &LeptosOptions) -> Router {
    let site_root = leptos.site_root.to_string();
    let pkg_dir = format!("{site_root}/{}", leptos.site_pkg_dir);
    let pages = journey::routes()
        .route("/", get(|| async { Redirect::to("/report") }))
        .route("/privacy", get(privacy))
        .route("/case-review", get(case_review))
        .route("/health", get(|| async { "ok" }))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Pages carry personal answers: never cache them anywhere.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);
    Router::new()
        .nest_service("/pkg", ServeDir::new(pkg_dir))
        .nest_service("/assets", ServeDir::new(format!("{site_root}/assets")))
        .merge(pages)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

pub fn html_page(status: StatusCode, body: String) -> Response {
    (status, Html(body)).into_response()
}

async fn privacy(axum::extract::State(state): axum::extract::State<AppState>) -> Html<String> {
    let name = state.config.site.name.clone();
    let partners = state.config.partner_names();
    Html(state.shell.page(&PageMeta::new("Privacy notice"), move || {
        info::privacy(name, partners)
    }))
}

async fn case_review(axum::extract::State(state): axum::extract::State<AppState>) -> Html<String> {
    let threshold = state.config.site.case_review_threshold;
    Html(
        state
            .shell
            .page(&PageMeta::new("ASB Case Review"), move || {
                info::case_review(threshold)
            }),
    )
}

async fn not_found(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    html_page(
        StatusCode::NOT_FOUND,
        state.shell.page(&PageMeta::new("Page not found"), || {
            info::problem(
                "Page not found",
                vec!["If you typed the web address, check it is correct.".into()],
                true,
            )
        }),
    )
}
