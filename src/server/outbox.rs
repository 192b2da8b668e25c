//! Delivers the emails that the outbox table holds: SMTP through lettre, or files in a local
//! folder when no SMTP server is configured. Failed sends are retried with exponential backoff
//! and marked dead after the configured attempts, with the last error kept for staff.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::server::config::{OutboxConfig, SmtpConfig, SmtpSecurity};
use crate::server::storage::{self, Db, OutboxMessage};

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn from_config(smtp: &SmtpConfig) -> anyhow::Result<Mailer> {
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
            let password = std::env::var("ASB_SMTP_PASSWORD").unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.clone(), password));
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
    for recipient in &message.recipients {
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
    pub wake: Arc<Notify>,
}

impl OutboxWorker {
    /// Runs until the process ends: delivers what is due, then sleeps until woken by a new
    /// report or the poll interval passes.
    pub async fn run(self) {
        loop {
            match self.deliver_due().await {
                Ok(0) | Err(_) => {
                    let _ = tokio::time::timeout(
                        Duration::from_millis(self.settings.poll_interval_ms),
                        self.wake.notified(),
                    )
                    .await;
                }
                Ok(_) => {}
            }
        }
    }

    /// Tries every due message once; returns how many were attempted.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let due = storage::due_messages(&self.db, Utc::now(), 20)
            .await
            .inspect_err(|e| tracing::error!(error = %e, "could not read the outbox"))?;
        for message in &due {
            self.deliver(message).await?;
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
                storage::mark_sent(&self.db, message.id, Utc::now()).await
            }
            Err(error) => {
                let attempts = message.attempts + 1;
                let next = (attempts < self.settings.max_attempts).then(|| {
                    Utc::now()
                        + retry_delay(
                            attempts,
                            self.settings.base_delay_ms,
                            self.settings.max_delay_ms,
                        )
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
