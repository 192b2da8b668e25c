//! The portal as a real operating-system process (the built `asb-portal` binary), for what
//! only processes show: several instances on one database, and signals.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::*;

pub struct PortalProcess {
    pub base: String,
    child: Child,
}

impl PortalProcess {
    /// Starts the binary on a free loopback port with the given database and configuration
    /// file, and waits until `/health` answers.
    pub async fn start(database: &Path, config_file: &Path, mail_dir: &Path) -> PortalProcess {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_asb-portal"))
            .env(
                "ASB_DATABASE_URL",
                format!("sqlite://{}", database.display()),
            )
            .env("ASB_CONFIG", config_file)
            .env("ASB_MAIL_DIR", mail_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the portal binary starts");
        let base = format!("http://127.0.0.1:{port}");
        let health = format!("{base}/health");
        eventually("the portal process to answer /health", || {
            let health = health.clone();
            async move {
                let response = reqwest::get(&health).await.ok()?;
                response.status().is_success().then_some(())
            }
        })
        .await;
        PortalProcess { base, child }
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// Sends SIGTERM, as a service manager or a rolling deploy does, and waits for the exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        self.child.wait().expect("the portal exits")
    }
}

impl Drop for PortalProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
