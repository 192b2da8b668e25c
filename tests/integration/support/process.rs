//! The portal as a real operating-system process (the built `asb-portal` binary), for what
//! only processes show: several instances on one database, and signals.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::*;

pub struct PortalProcess {
    pub base: String,
    child: Child,
    /// Everything it wrote to standard output and standard error, line by line.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl PortalProcess {
    /// Starts the binary on a loopback port of the system's choosing (port 0, so no other
    /// test can take it first) with the given database and configuration file, reads the
    /// address it says it listens on, and waits until `/health` answers.
    pub async fn start(database_url: &str, config_file: &Path, mail_dir: &Path) -> PortalProcess {
        PortalProcess::start_logging(database_url, config_file, mail_dir, "warn,asb_portal=info")
            .await
    }

    /// As `start`, logging at `rust_log` (e.g. "debug"); `log()` returns what it wrote.
    pub async fn start_logging(
        database_url: &str,
        config_file: &Path,
        mail_dir: &Path,
        rust_log: &str,
    ) -> PortalProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_asb-portal"))
            .env("ASB_DATABASE_URL", database_url)
            .env("ASB_CONFIG", config_file)
            .env("ASB_MAIL_DIR", mail_dir)
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", rust_log)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the portal binary starts");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("piped");
        let stderr_log = log.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                stderr_log.lock().unwrap().push(line);
            }
        });
        let stdout = child.stdout.take().expect("piped");
        let stdout_log = log.clone();
        let base = tokio::task::spawn_blocking(move || {
            use std::io::BufRead;
            let mut lines = std::io::BufReader::new(stdout).lines();
            let base = lines
                .by_ref()
                .map_while(Result::ok)
                .find_map(|line| {
                    stdout_log.lock().unwrap().push(line.clone());
                    let at = line.find("listening on http://")? + "listening on ".len();
                    Some(line[at..].split_whitespace().next()?.to_string())
                })
                .expect("the portal says where it listens");
            // Keep reading, so the portal never blocks on a full pipe.
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    stdout_log.lock().unwrap().push(line);
                }
            });
            base
        })
        .await
        .unwrap();
        let health = format!("{base}/health");
        eventually("the portal process to answer /health", || {
            let health = health.clone();
            async move {
                let response = reqwest::get(&health).await.ok()?;
                response.status().is_success().then_some(())
            }
        })
        .await;
        PortalProcess { base, child, log }
    }

    /// What it has logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
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
