//! The audit chain: each entry's hash covers its fields and the previous hash, so an
//! edited, deleted or reordered entry breaks the chain at a place we can name.

use crate::secret::hex;
use sha2::{Digest, Sha256};

/// The hash of the entry before the first one.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an audit entry says, in the fields its hash covers.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub summary: &'a str,
}

/// The chained hash of an entry.
pub fn entry_hash(prev_hash: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    // Length-prefix every field so no two different entries serialise alike.
    for part in [
        prev_hash,
        &f.seq.to_string(),
        f.at,
        f.actor,
        f.action,
        f.entity,
        f.entity_id,
        f.summary,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// Where a chain stops being what it claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry's fields or hash were changed.
    Altered { seq: i64 },
    /// The entry does not follow the one before it (one deleted or moved).
    Gap { seq: i64, expected: i64 },
}

/// Checks entries in `seq` order; returns the first break.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = (AuditFields<'a>, &'a str)>,
) -> Result<u64, ChainBreak> {
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    for (expected, (fields, stored_hash)) in (1..).zip(entries) {
        if fields.seq != expected {
            return Err(ChainBreak::Gap {
                seq: fields.seq,
                expected,
            });
        }
        let hash = entry_hash(&prev, &fields);
        if hash != stored_hash {
            return Err(ChainBreak::Altered { seq: fields.seq });
        }
        prev = hash;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(seq: i64, summary: &str) -> AuditFields<'_> {
        AuditFields {
            seq,
            at: "2026-01-01T00:00:00Z",
            actor: "secretary",
            action: "update",
            entity: "person",
            entity_id: "7",
            summary,
        }
    }

    fn chain(summaries: &[&'static str]) -> Vec<(AuditFields<'static>, String)> {
        let mut prev = GENESIS.to_string();
        summaries
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let f = fields(i as i64 + 1, s);
                prev = entry_hash(&prev, &f);
                (f, prev.clone())
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let c = chain(&["a", "b", "c"]);
        assert_eq!(
            verify_chain(c.iter().map(|(f, h)| (f.clone(), h.as_str()))),
            Ok(3)
        );
    }

    #[test]
    fn an_edited_summary_is_named() {
        let mut c = chain(&["a", "b", "c"]);
        c[1].0.summary = "B";
        assert_eq!(
            verify_chain(c.iter().map(|(f, h)| (f.clone(), h.as_str()))),
            Err(ChainBreak::Altered { seq: 2 })
        );
    }

    #[test]
    fn a_deleted_entry_is_a_gap() {
        let mut c = chain(&["a", "b", "c"]);
        c.remove(1);
        assert_eq!(
            verify_chain(c.iter().map(|(f, h)| (f.clone(), h.as_str()))),
            Err(ChainBreak::Gap {
                seq: 3,
                expected: 2
            })
        );
    }

    #[test]
    fn fields_cannot_be_shifted_between_each_other() {
        let a = AuditFields {
            actor: "ab",
            action: "c",
            ..fields(1, "x")
        };
        let b = AuditFields {
            actor: "a",
            action: "bc",
            ..fields(1, "x")
        };
        assert_ne!(entry_hash(GENESIS, &a), entry_hash(GENESIS, &b));
    }
}
