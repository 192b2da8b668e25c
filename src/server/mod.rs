//! The server: shared state, the router and start-up. `main.rs` and the integration tests both
//! start the portal through [`start`], so tests exercise exactly what runs in production.

pub mod assets;
pub mod case_review;
pub mod config;
pub mod environment;
pub mod error;
pub mod journey;
pub mod limits;
pub mod outbox;
pub mod retention;
pub mod security;
pub mod session;
pub mod staff;
pub mod storage;
pub mod submit;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
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
use error::AppError;
use outbox::{Mailer, OutboxWorker};
use storage::Db;

/// Form posts are small; anything larger is refused before it is read (413).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The time now. The portal reads the system clock; tests fix it (a Sunday night, a Tuesday
/// morning) to see what an urgent report sent then is told.
pub type Clock = Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(chrono::Utc::now)
}

pub struct AppInner {
    pub config: Config,
    /// When a report is submitted (the deadlines and the out-of-hours notice depend on it).
    pub clock: Clock,
    pub db: Db,
    pub shell: Shell,
    /// Wakes the outbox worker as soon as a report has queued emails.
    pub outbox_wake: Arc<Notify>,
    /// Whether the outbox worker runs, and how often it was restarted, for `/health`.
    pub outbox_status: Arc<outbox::WorkerStatus>,
    pub public_pages: PublicPages,
}

pub type AppState = Arc<AppInner>;

/// The public pages depend only on the configuration, so each is rendered once, when first
/// asked for, and served from memory after that: the start page is the portal's busiest.
#[derive(Debug, Default)]
pub struct PublicPages {
    start: tokio::sync::OnceCell<Bytes>,
    /// One for each of `info::PUBLIC_PAGES`, in order.
    info: [tokio::sync::OnceCell<Bytes>; info::PUBLIC_PAGES.len()],
}

/// Everything the portal needs to start.
pub struct Settings {
    pub config: Config,
    pub database_url: String,
    pub leptos: LeptosOptions,
    pub smtp_password: Option<secrecy::SecretString>,
    pub clock: Clock,
}

pub struct RunningPortal {
    pub addr: SocketAddr,
    pub db: Db,
    /// Ends when the server stops; the server stops only when told to (or on an I/O error).
    pub server: tokio::task::JoinHandle<()>,
    /// The outbox worker's supervisor, which restarts a worker that dies.
    pub outbox: tokio::task::JoinHandle<()>,
    pub outbox_status: Arc<outbox::WorkerStatus>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl RunningPortal {
    /// Stops at once, dropping requests in flight (tests only: they own the whole portal).
    pub fn stop(&self) {
        self.server.abort();
        self.outbox.abort();
    }

    /// Stops gracefully: no new connections, requests in flight finish, and the outbox worker
    /// finishes the message in hand before it stops.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
        let _ = self.outbox.await;
    }
}

/// Opens storage, starts the outbox worker and serves the portal on `listener`.
pub async fn start(settings: Settings, listener: TcpListener) -> anyhow::Result<RunningPortal> {
    // Leptos renders pages on the tokio runtime (leptos_meta waits a tick for the page's head).
    let _ = any_spawner::Executor::init_tokio();
    let db = storage::connect(&settings.database_url).await?;
    if let Some(warning) = settings.config.base_url_warning(listener.local_addr()?) {
        tracing::warn!("{warning}");
    }
    settings
        .config
        .check_secrets(settings.smtp_password.is_some())?;
    let mailer = Mailer::from_config(&settings.config.smtp, settings.smtp_password.as_ref())?;
    let outbox_wake = Arc::new(Notify::new());
    let (shutdown, shutdown_signal) = tokio::sync::watch::channel(false);
    let outbox_status = Arc::new(outbox::WorkerStatus::default());
    let worker = OutboxWorker {
        db: db.clone(),
        mailer,
        from: settings.config.smtp.from.parse()?,
        settings: settings.config.outbox.clone(),
        lease: outbox::lease_for(&settings.config.smtp),
        wake: outbox_wake.clone(),
        shutdown: shutdown_signal.clone(),
        clock: settings.clock.clone(),
    };
    let outbox = tokio::spawn(outbox::supervise(
        Arc::new(worker),
        outbox_status.clone(),
        shutdown_signal.clone(),
    ));
    let state = Arc::new(AppInner {
        shell: Shell::new(&settings.leptos, &settings.config.site),
        config: settings.config,
        clock: settings.clock,
        db: db.clone(),
        outbox_wake,
        outbox_status: outbox_status.clone(),
        public_pages: PublicPages::default(),
    });
    tokio::spawn(purge_old_drafts(state.clone()));
    let app = build_app(state, &settings.leptos);
    let addr = listener.local_addr()?;
    let mut stop_serving = shutdown_signal;
    let server = tokio::spawn(async move {
        // Each request knows its client's address, for the limits on posted forms.
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        let stopped = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_serving.wait_for(|stop| *stop).await;
            })
            .await;
        match stopped {
            Ok(()) => tracing::info!("server stopped"),
            Err(error) => tracing::error!(%error, "server failed"),
        }
    });
    Ok(RunningPortal {
        addr,
        db,
        server,
        outbox,
        outbox_status,
        shutdown,
    })
}

/// Deletes drafts older than their lifetime, and submitted ones after an hour (long enough to
/// come back to the confirmation page), and erases closed cases' personal data when it is due
/// (`retention`), every ten minutes.
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
        match retention::run_once(&state.db, &state.config.retention, (state.clock)()).await {
            Ok(erased) if !erased.is_empty() => {
                tracing::info!(
                    reports = erased.len(),
                    "personal data of closed cases erased"
                )
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "could not erase closed cases' personal data"),
        }
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
}

pub fn build_app(state: AppState, leptos: &LeptosOptions) -> Router {
    let site_root = leptos.site_root.to_string();
    let pkg_dir = format!("{site_root}/{}", leptos.site_pkg_dir);
    let security = security::SecurityHeaders::for_base_url(&state.config.site.base_url);
    // A stuck or deliberately slow request must not hold a connection and a task for ever.
    let request_timeout = Duration::from_secs(state.config.site.request_timeout_seconds);
    let mut pages = journey::routes()
        .merge(case_review::routes())
        .merge(staff::routes())
        .route("/", get(|| async { Redirect::to("/report") }));
    for (index, (path, _)) in info::PUBLIC_PAGES.iter().enumerate() {
        pages = pages.route(
            path,
            get(move |state: axum::extract::State<AppState>| public_page(state, index)),
        );
    }
    let pages = pages
        .route("/health", get(health))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            limits::PostLimits::new(state.config.limits.posts_per_minute),
            limits::limit_posts,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::render_error_pages,
        ))
        // Pages carry personal answers: never cache them anywhere.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);
    let static_files = Router::new()
        .nest_service("/pkg", ServeDir::new(pkg_dir))
        .nest_service("/assets", ServeDir::new(format!("{site_root}/assets")))
        .layer(axum::middleware::from_fn(assets::cache_static_files));
    Router::new()
        .merge(static_files)
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
        .layer(axum::middleware::from_fn_with_state(
            security,
            security::security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Whether the portal can take reports: the database answers and the outbox worker runs.
async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let database = storage::ping(&state.db).await.is_ok();
    let outbox = state.outbox_status.is_running();
    let status = if database && outbox {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = |ok: bool| if ok { "ok" } else { "failing" };
    let body = format!(
        "{}\ndatabase: {}\noutbox worker: {} (restarts: {})\n",
        word(database && outbox),
        word(database),
        word(outbox),
        state.outbox_status.restarts()
    );
    (status, body).into_response()
}

/// One of the public information pages, rendered once and then served from memory.
async fn public_page(
    axum::extract::State(state): axum::extract::State<AppState>,
    index: usize,
) -> Html<Bytes> {
    let (_, view) = info::PUBLIC_PAGES[index];
    let page = state.public_pages.info[index].get_or_init(|| async {
        let meta = PageMeta::new().indexable();
        let render = state.shell.page(&meta, || view(&state.config));
        Bytes::from(security::for_every_response(render).await)
    });
    Html(page.await.clone())
}

async fn not_found() -> AppError {
    AppError::NotFound
}
