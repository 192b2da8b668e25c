//! Starts the portal: configuration, storage, the outbox worker and the web server.

use asb_portal::server::{self, config::Config, environment::Environment, Settings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let env = Environment::read()?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if env.json_logs {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .json()
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }

    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("create-admin") {
        return create_admin(&env, &args[1..]).await;
    }

    let mut config = Config::load(env.config_path.as_deref())?;
    if let Some(dir) = env.mail_dir {
        config.smtp.mail_dir = dir;
    }
    let listener = tokio::net::TcpListener::bind(env.leptos.site_addr).await?;
    let delivery = match &config.smtp.host {
        Some(host) => format!("SMTP via {host}:{}", config.smtp.port),
        None => format!("files in {}", config.smtp.mail_dir.display()),
    };
    let running = server::start(
        Settings {
            config,
            database_url: env.database_url,
            leptos: env.leptos,
            smtp_password: env.smtp_password,
            clock: server::system_clock(),
        },
        listener,
    )
    .await?;
    tracing::info!(addr = %running.addr, %delivery, "ASB Portal is listening on http://{}", running.addr);
    shutdown_signal().await;
    tracing::info!("shutting down: finishing requests and the email in hand");
    running.shutdown().await;
    Ok(())
}

/// `asb-portal create-admin --email … --name …`: the first administrator.
async fn create_admin(env: &Environment, args: &[String]) -> anyhow::Result<()> {
    use asb_portal::server::staff::bootstrap;
    // The same configuration as the portal: it names the partners' roles.
    let config = Config::load(env.config_path.as_deref())?;
    let request = match bootstrap::parse_args(args, &config.routes.partners()) {
        Ok(request) => request,
        Err(problem) => {
            eprintln!("{problem}\n{}", bootstrap::USAGE);
            std::process::exit(2);
        }
    };
    let password = match std::env::var("ASB_ADMIN_PASSWORD") {
        Ok(password) if !password.is_empty() => password,
        _ => {
            eprintln!("Password for {} (at least 15 characters):", request.email);
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = server::storage::connect(&env.database_url).await?;
    match bootstrap::create_admin(&db, &request, &password, chrono::Utc::now()).await? {
        Ok(_) => {
            println!(
                "Created the administrator account for {} ({}). Sign in at /staff/sign-in: the \
                 first sign-in sets up an authenticator app.",
                request.name, request.email
            );
            Ok(())
        }
        Err(problem) => {
            eprintln!("{problem}");
            std::process::exit(1);
        }
    }
}

/// Ctrl-C, or SIGTERM from a service manager or a rolling deploy.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
