//! The one place the portal reads its environment. Everything else is handed what it needs,
//! so a test can start a portal with settings of its own and no variable leaks between them.

use std::net::SocketAddr;
use std::path::PathBuf;

use leptos::config::LeptosOptions;
use secrecy::SecretString;

/// What the environment says, read once at start-up.
pub struct Environment {
    /// `ASB_CONFIG`: the deployment's TOML file; none means the built-in default.
    pub config_path: Option<PathBuf>,
    /// `ASB_SMTP_PASSWORD`: never in the file, never logged.
    pub smtp_password: Option<SecretString>,
    /// `ASB_DATABASE_URL`, default `sqlite://data/asb-portal.db`.
    pub database_url: String,
    /// `ASB_MAIL_DIR`: where mail goes as files when no SMTP host is configured.
    pub mail_dir: Option<PathBuf>,
    /// `ASB_LOG_FORMAT=json`.
    pub json_logs: bool,
    /// `LEPTOS_SITE_ROOT`, `LEPTOS_SITE_PKG_DIR`, `LEPTOS_SITE_ADDR`, `LEPTOS_OUTPUT_NAME`.
    pub leptos: LeptosOptions,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Environment {
    pub fn read() -> anyhow::Result<Environment> {
        Ok(Environment {
            config_path: var("ASB_CONFIG").map(PathBuf::from),
            smtp_password: var("ASB_SMTP_PASSWORD").map(SecretString::from),
            database_url: var("ASB_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/asb-portal.db".to_string()),
            mail_dir: var("ASB_MAIL_DIR").map(PathBuf::from),
            json_logs: var("ASB_LOG_FORMAT").is_some_and(|f| f == "json"),
            leptos: leptos_options()?,
        })
    }
}

/// Leptos settings from the `LEPTOS_*` variables, with defaults that work from any directory:
/// without `LEPTOS_SITE_ROOT`, the site folder built beside the executable is used.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let or = |name: &str, default: &str| var(name).unwrap_or_else(|| default.to_string());
    let mut site_root = or("LEPTOS_SITE_ROOT", "target/site");
    if var("LEPTOS_SITE_ROOT").is_none() && !std::path::Path::new(&site_root).exists() {
        let beside_binary = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
        if let Some(site) = beside_binary.filter(|p| p.exists()) {
            site_root = site.to_string_lossy().into_owned();
        }
    }
    Ok(LeptosOptions::builder()
        .output_name(or("LEPTOS_OUTPUT_NAME", "asb-portal"))
        .site_root(site_root)
        .site_pkg_dir(or("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(or("LEPTOS_SITE_ADDR", "127.0.0.1:3000").parse::<SocketAddr>()?)
        .build())
}
