//! The database of chuangxian. One set of queries serves SQLite (the default: one
//! file beside the binary) and PostgreSQL (chosen by a `postgres://` URL); only the
//! DDL in `migrations/{sqlite,postgres}` differs. Writes that a person makes go
//! through a transaction that also appends to the audit chain.

// The store's own machinery.
mod attachment;
pub mod backup;
#[cfg(feature = "bench")]
pub mod bulk;
mod connect;
mod error;
pub mod job;
mod migrate;
mod page;
pub mod server;
#[cfg(feature = "testing")]
pub mod testing;
mod time_text;

// One module per area, named as in every other layer.
pub mod account;
pub mod assessment;
pub mod audit;
pub mod commendation;
pub mod commitment;
pub mod evaluation;
pub mod inbox;
pub mod organisation;
pub mod person;
pub mod plan;
pub mod programme;
pub mod publicity;
pub mod review;
pub mod rule;
pub mod study;
pub mod supervision;

pub use connect::{Dialect, Store};
pub use error::StoreError;
pub use page::Page;
pub use time_text::{now_text, parse_time_text, time_text};
pub(crate) use time_text::{parse_day, parse_optional_day};

/// A transaction on either database.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;
/// A connection on either database, as handed to the query functions.
pub type Conn = sqlx::AnyConnection;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Random bytes from the operating system.
pub fn random_bytes(n: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(buf)
}

/// `n` random 64-bit integers from the operating system.
pub fn random_ids(n: usize) -> Result<Vec<i64>> {
    Ok(random_bytes(8 * n)?
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            i64::from_le_bytes(b)
        })
        .collect())
}

/// Random bytes from the operating system, as lower-case hex.
pub fn random_hex(bytes: usize) -> Result<String> {
    Ok(domain::secret::hex(&random_bytes(bytes)?))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
