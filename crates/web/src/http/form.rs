//! A urlencoded form read as its pairs, in the order posted: for the forms
//! whose field names are made up (rating `r-TARGET-CRITERION`, level
//! `level-N-label`) or repeat (one per row, one per ticked box), which a
//! struct cannot name.

use crate::http::error::AppError;

pub struct FormPairs(Vec<(String, String)>);

impl FormPairs {
    /// The pairs of a posted body; a body that is not urlencoded is a 400.
    pub fn parse(body: &[u8]) -> Result<FormPairs, AppError> {
        serde_urlencoded::from_bytes(body)
            .map(FormPairs)
            .map_err(|_| AppError::bad_request("error-bad-request"))
    }

    /// The first value of `name`, or empty when the form has none.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}
