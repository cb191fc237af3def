//! How far each roster import being confirmed has gone, kept on the server
//! running it, so that its page can show a bar while the confirmation is in
//! flight. Keyed by the account and its upload: nobody else sees it.

use crate::http::state::Shared;
use std::collections::HashMap;
use std::sync::Mutex;
use store::Store;

/// (rows written, rows in all) of each running import.
#[derive(Default)]
pub struct ImportProgress(Mutex<HashMap<(i64, i64), (usize, usize)>>);

impl Shared for ImportProgress {
    fn start(_: &Store) -> Self {
        ImportProgress::default()
    }
}

impl ImportProgress {
    pub fn set(&self, account: i64, upload: i64, done: usize, total: usize) {
        if let Ok(mut m) = self.0.lock() {
            m.insert((account, upload), (done, total));
        }
    }

    /// Where the import stands, if it is running on this server.
    pub fn get(&self, account: i64, upload: i64) -> Option<(usize, usize)> {
        self.0.lock().ok()?.get(&(account, upload)).copied()
    }

    pub fn end(&self, account: i64, upload: i64) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(&(account, upload));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ImportProgress;

    #[test]
    fn an_import_is_seen_by_its_account_until_it_ends() {
        let p = ImportProgress::default();
        p.set(1, 7, 500, 100_000);
        assert_eq!(p.get(1, 7), Some((500, 100_000)));
        assert_eq!(p.get(2, 7), None, "another account sees nothing");
        p.end(1, 7);
        assert_eq!(p.get(1, 7), None);
    }
}
