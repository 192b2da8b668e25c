//! The database a test's portal runs on: a fresh SQLite file in the test's folder or, when
//! `ASB_TEST_POSTGRES_URL` names a PostgreSQL server, a fresh database on that server. The
//! whole suite runs once each way (`scripts/test.sh`).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

pub use asb_portal::server::storage::Pool;

/// Names a PostgreSQL server (`postgres://user@host:port/postgres`) the suite runs against.
pub const POSTGRES_URL_VAR: &str = "ASB_TEST_POSTGRES_URL";

/// Whether this run is against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var(POSTGRES_URL_VAR).is_ok_and(|url| !url.is_empty())
}

/// The URL of a new, empty database: `name`.db in `dir`, or a database of its own on the
/// PostgreSQL server.
pub async fn fresh_database(dir: &Path, name: &str) -> String {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(server) if !server.is_empty() => fresh_postgres_database(&server).await,
        _ => format!("sqlite://{}", dir.join(format!("{name}.db")).display()),
    }
}

async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    static CREATED: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "asb_test_{}_{}_{nanos}",
        std::process::id(),
        CREATED.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .unwrap_or_else(|e| panic!("the PostgreSQL server in {POSTGRES_URL_VAR} answers: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("a test database is created");
    with_database(server, &name)
}

/// `server` with its database name replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (scheme, rest) = server.split_once("://").expect("a postgres:// URL");
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, format!("?{query}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}{query}")
}

/// Runs one sqlx expression on whichever pool a `storage::Pool` holds: the same statement
/// against SQLite or PostgreSQL. The expression must have the same type on both (map a
/// query's result to `()`).
macro_rules! on_db {
    ($pool:expr, |$db:ident| $body:expr) => {
        match $pool {
            asb_portal::server::storage::Pool::Sqlite($db) => $body,
            asb_portal::server::storage::Pool::Postgres($db) => $body,
        }
    };
}
