//! Helpers for the integration tests: the real portal started in-process on a loopback port
//! with a fresh database, SQLite or PostgreSQL ([`portal`], [`database`]), a real SMTP server ([`smtp`]), a browser without
//! JavaScript ([`browser`]), the answers residents give ([`fixtures`]), and polling helpers
//! with a bounded deadline (here).
#![allow(dead_code)]

pub mod browser;
#[macro_use]
pub mod database;
pub mod fixtures;
pub mod portal;
pub mod process;
pub mod smtp;
pub mod staff;

pub use browser::*;
pub use database::*;
pub use fixtures::*;
pub use portal::*;
pub use process::*;
pub use smtp::*;
pub use staff::*;

use std::future::Future;
use std::net::TcpListener as StdListener;
use std::time::{Duration, Instant};

/// How long any "eventually" check may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Polling

/// Polls `check` until it returns `Some`, failing the test after [`DEADLINE`].
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = StdListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().unwrap().port()
}
