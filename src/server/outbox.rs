//! Delivers the emails that the outbox table holds: SMTP through lettre, or files in a local
//! folder when no SMTP server is configured. Failed sends are retried with exponential backoff
//! and marked dead after the configured attempts, with the last error kept for staff.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Notify;

use crate::server::config::{OutboxConfig, SmtpConfig, SmtpSecurity};
use crate::server::storage::{self, Db, OutboxMessage};

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn from_config(
        smtp: &SmtpConfig,
        password: Option<&SecretString>,
    ) -> anyhow::Result<Mailer> {
        let Some(host) = &smtp.host else {
            std::fs::create_dir_all(&smtp.mail_dir)?;
            return Ok(Mailer::Files(AsyncFileTransport::new(&smtp.mail_dir)));
        };
        let builder = match smtp.security {
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
            }
            SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
        };
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(Duration::from_secs(smtp.timeout_seconds)));
        if let Some(username) = &smtp.username {
            // `Config::check_secrets` has refused a username without its password.
            let password = password.map(|p| p.expose_secret().to_string());
            builder = builder.credentials(Credentials::new(
                username.clone(),
                password.unwrap_or_default(),
            ));
        }
        Ok(Mailer::Smtp(builder.build()))
    }

    async fn send(&self, message: Message) -> Result<(), DeliveryError> {
        match self {
            Mailer::Smtp(transport) => {
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| DeliveryError {
                        kind: smtp_error_kind(&e),
                        detail: e.to_string(),
                    })
            }
            Mailer::Files(transport) => {
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| DeliveryError {
                        kind: "file".into(),
                        detail: e.to_string(),
                    })
            }
        }
    }
}

/// Why a delivery failed. A server's reply can quote the recipient's address, so only `kind`
/// goes to the logs; `detail` is kept in the outbox row for staff.
#[derive(Debug)]
struct DeliveryError {
    kind: String,
    detail: String,
}

fn smtp_error_kind(error: &lettre::transport::smtp::Error) -> String {
    let class = if error.is_timeout() {
        "timeout"
    } else if error.is_tls() {
        "tls"
    } else if error.is_transient() {
        "transient"
    } else if error.is_permanent() {
        "permanent"
    } else if error.is_client() {
        "client"
    } else {
        "connection"
    };
    match error.status() {
        Some(code) => format!("smtp {class} {code}"),
        None => format!("smtp {class}"),
    }
}

/// The delay before attempt `attempt + 1`, doubling from `base` up to `max`.
pub fn retry_delay(attempts_so_far: u32, base_ms: u64, max_ms: u64) -> Duration {
    let factor = 2u64.saturating_pow(attempts_so_far.saturating_sub(1));
    Duration::from_millis(base_ms.saturating_mul(factor).min(max_ms))
}

fn build_message(from: &Mailbox, message: &OutboxMessage) -> Result<Message, String> {
    let mut builder = Message::builder()
        .from(from.clone())
        .message_id(Some(message.message_id.clone()))
        .subject(message.subject.clone())
        .header(ContentType::TEXT_PLAIN);
    for recipient in message.recipients.iter() {
        let mailbox: Mailbox = recipient
            .parse()
            .map_err(|e| format!("recipient is not an address: {e}"))?;
        builder = builder.to(mailbox);
    }
    builder
        .body(message.body.clone())
        .map_err(|e| e.to_string())
}

pub struct OutboxWorker {
    pub db: Db,
    pub mailer: Mailer,
    pub from: Mailbox,
    pub settings: OutboxConfig,
    /// How long a claim on a batch lasts: long enough to send every message in it, after
    /// which another worker may take what is left.
    pub lease: chrono::Duration,
    pub wake: Arc<Notify>,
    /// Turns true when the portal shuts down.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
    /// The portal's clock: mail is due by the same time that submitted it.
    pub clock: super::Clock,
}

/// What `/health` knows of the worker.
#[derive(Debug, Default)]
pub struct WorkerStatus {
    running: AtomicBool,
    restarts: AtomicU64,
    /// The running worker's task, so a test can kill it and see it restarted.
    current: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl WorkerStatus {
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    pub fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::SeqCst)
    }

    /// Kills the running worker as a crash would. The supervisor restarts it.
    pub fn kill_worker(&self) {
        if let Some(task) = self.current.lock().expect("not poisoned").as_ref() {
            task.abort();
        }
    }
}

/// Runs the worker, and runs it again whenever it stops (a panic, or a kill) until the portal
/// shuts down, so mail never silently stops while `/health` says ok.
pub async fn supervise(
    worker: Arc<OutboxWorker>,
    status: Arc<WorkerStatus>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let task = tokio::spawn(worker.clone().run());
        *status.current.lock().expect("not poisoned") = Some(task.abort_handle());
        status.running.store(true, Ordering::SeqCst);
        let ended = task.await;
        status.running.store(false, Ordering::SeqCst);
        if *shutdown.borrow_and_update() {
            tracing::info!("outbox worker stopped");
            return;
        }
        match ended {
            Ok(()) => tracing::error!("outbox worker stopped by itself; restarting it"),
            Err(error) if error.is_panic() => {
                tracing::error!("outbox worker panicked; restarting it")
            }
            Err(_) => tracing::error!("outbox worker was killed; restarting it"),
        }
        status.restarts.fetch_add(1, Ordering::SeqCst);
        // A short pause, so a worker that dies at once does not spin a core.
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
    }
}

/// How many messages one claim takes.
pub const BATCH: i64 = 20;

/// A lease that covers a whole batch timing out, one message after another.
pub fn lease_for(smtp: &SmtpConfig) -> chrono::Duration {
    let seconds = (BATCH as u64).saturating_mul(smtp.timeout_seconds) + 60;
    chrono::Duration::seconds(i64::try_from(seconds).unwrap_or(i64::MAX / 1_000))
}

impl OutboxWorker {
    /// Runs until the portal shuts down: delivers what is due, then sleeps until woken by a
    /// new report or the poll interval passes.
    pub async fn run(self: Arc<Self>) {
        let mut shutdown = self.shutdown.clone();
        while !*shutdown.borrow_and_update() {
            match self.deliver_due().await {
                Ok(0) | Err(_) => {
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_millis(self.settings.poll_interval_ms)) => {}
                        _ = self.wake.notified() => {}
                        _ = shutdown.changed() => {}
                    }
                }
                Ok(_) => {}
            }
        }
    }

    /// Claims what is due and tries each message once; returns how many were attempted. At
    /// shutdown it finishes the message in hand; the rest of the claim is released.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let due = storage::claim_due_messages(&self.db, (self.clock)(), self.lease, BATCH)
            .await
            .inspect_err(|e| {
                tracing::error!(error = format!("{e:#}"), "could not read the outbox")
            })?;
        for (n, message) in due.iter().enumerate() {
            let stopping = *self.shutdown.borrow();
            let delivered = if stopping {
                Ok(())
            } else {
                self.deliver(message).await
            };
            if stopping || delivered.is_err() {
                // Hand the rest of the claim back at once rather than leave it until the lease
                // runs out: at shutdown for the next worker, after an error for the next poll.
                let unsent: Vec<i64> = due[n..].iter().map(|m| m.id).collect();
                storage::release_claims(&self.db, &unsent).await?;
                delivered?;
                return Ok(n);
            }
        }
        Ok(due.len())
    }

    #[tracing::instrument(skip_all, fields(outbox_id = message.id))]
    async fn deliver(&self, message: &OutboxMessage) -> anyhow::Result<()> {
        let result = match build_message(&self.from, message) {
            Ok(email) => self.mailer.send(email).await,
            Err(detail) => Err(DeliveryError {
                kind: "message".into(),
                detail,
            }),
        };
        match result {
            Ok(()) => {
                tracing::info!("email delivered");
                storage::mark_sent(&self.db, message.id, (self.clock)()).await
            }
            Err(error) => {
                let attempts = u32::try_from(message.attempts + 1).unwrap_or(u32::MAX);
                let next = (attempts < self.settings.max_attempts).then(|| {
                    let delay = retry_delay(
                        attempts,
                        self.settings.base_delay_ms,
                        self.settings.max_delay_ms,
                    );
                    // The configuration bounds the delay to a day, so this cannot overflow.
                    (self.clock)()
                        + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::days(1))
                });
                tracing::warn!(
                    attempts,
                    dead = next.is_none(),
                    kind = %error.kind,
                    "email delivery failed"
                );
                storage::mark_failed(&self.db, message.id, &error.detail, next).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_the_cap() {
        let cases = [
            (1, 1_000),
            (2, 2_000),
            (3, 4_000),
            (4, 8_000),
            (10, 60_000),
            (40, 60_000),
        ];
        for (attempts, expected_ms) in cases {
            assert_eq!(
                retry_delay(attempts, 1_000, 60_000),
                Duration::from_millis(expected_ms),
                "after {attempts} attempts"
            );
        }
    }
}
