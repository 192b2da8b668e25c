//! A real SMTP server on loopback (Python's aiosmtpd writing to a Maildir), and the mail it
//! received or the portal wrote as files.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::*;

// ---------------------------------------------------------------------------------------------
// SMTP sink

/// A real SMTP server on loopback (aiosmtpd) that stores every message in a Maildir.
/// Created stopped; [`SmtpSink::start`] and [`SmtpSink::stop`] may be called repeatedly and it
/// always listens on the same port.
pub struct SmtpSink {
    pub port: u16,
    pub maildir: PathBuf,
    _dir: TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    pub fn new() -> SmtpSink {
        let dir = tempfile::tempdir().expect("maildir tempdir");
        SmtpSink {
            port: free_port(),
            maildir: dir.path().join("Maildir"),
            _dir: dir,
            child: None,
        }
    }

    pub fn started() -> SmtpSink {
        let mut sink = SmtpSink::new();
        sink.start();
        sink
    }

    pub fn start(&mut self) {
        assert!(self.child.is_none(), "the SMTP sink is already running");
        let log = std::fs::File::create(self._dir.path().join("aiosmtpd.log")).unwrap();
        let mut child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start python3 -m aiosmtpd (pip install aiosmtpd)");
        let deadline = Instant::now() + DEADLINE;
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(self._dir.path().join("aiosmtpd.log"))
                    .unwrap_or_default();
                panic!("aiosmtpd exited ({status}) before listening:\n{log}");
            }
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message delivered so far.
    pub fn messages(&self) -> Vec<Mail> {
        read_mail_files(&self.maildir.join("new"))
    }

    /// Waits until exactly `count` messages have arrived (more is a failure).
    pub async fn wait_for_messages(&self, count: usize) -> Vec<Mail> {
        let mail = eventually(
            &format!("{count} messages at the SMTP sink"),
            || async move {
                let mail = self.messages();
                (mail.len() >= count).then_some(mail)
            },
        )
        .await;
        assert_eq!(
            mail.len(),
            count,
            "unexpected messages: {:#?}",
            subjects(&mail)
        );
        mail
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One delivered email, parsed.
#[derive(Debug, Clone)]
pub struct Mail {
    pub message_id: Option<String>,
    pub subject: String,
    pub to: String,
    /// Envelope recipients as the SMTP server saw them (aiosmtpd's `X-RcptTo`), or `To`.
    pub envelope_to: String,
    pub reply_to: Option<String>,
    pub body: String,
    /// The whole message as received (headers and encoded body).
    pub raw: String,
}

impl Mail {
    pub fn parse(raw: &[u8]) -> Mail {
        let parsed = mailparse::parse_mail(raw).expect("a parsable email");
        let header = |name: &str| {
            parsed
                .headers
                .iter()
                .find(|h| h.get_key_ref().eq_ignore_ascii_case(name))
                .map(|h| h.get_value())
        };
        let to = header("To").unwrap_or_default();
        Mail {
            message_id: header("Message-ID"),
            subject: header("Subject").unwrap_or_default(),
            envelope_to: header("X-RcptTo").unwrap_or_else(|| to.clone()),
            to,
            reply_to: header("Reply-To"),
            body: parsed.get_body().expect("a readable body"),
            raw: String::from_utf8_lossy(raw).into_owned(),
        }
    }

    pub fn is_to(&self, address: &str) -> bool {
        self.to.contains(address) || self.envelope_to.contains(address)
    }

    /// Subject, headers and body, decoded and raw, for "never contains" checks.
    pub fn everything(&self) -> String {
        format!("{}\n{}\n{}", self.subject, self.body, self.raw)
    }
}

pub fn read_mail_files(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Mail::parse(&std::fs::read(p).expect("read a mail file")))
        .collect()
}

pub fn subjects(mail: &[Mail]) -> Vec<String> {
    mail.iter()
        .map(|m| format!("{} -> {}", m.subject, m.envelope_to))
        .collect()
}

pub fn mail_to<'a>(mail: &'a [Mail], address: &str) -> Vec<&'a Mail> {
    mail.iter().filter(|m| m.is_to(address)).collect()
}
