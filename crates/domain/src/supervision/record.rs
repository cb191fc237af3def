//! A draw's published record, as exported to JSON, and its verification from
//! the record alone.

use super::draw::{ALGORITHM, DrawError, draw, population_hash, seed_matches};
use serde::{Deserialize, Serialize};

/// One item of the population: its id (e.g. `commitment:42`) and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationItem {
    pub id: String,
    pub name: String,
}

/// How the seed was fixed before the draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeedKind {
    /// A public random value named in advance (a lottery's figure of a named day).
    Public,
    /// A secret whose SHA-256 was published first and revealed at the draw.
    Commit,
}

impl SeedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SeedKind::Public => "public",
            SeedKind::Commit => "commit",
        }
    }

    pub fn parse(s: &str) -> Option<SeedKind> {
        [SeedKind::Public, SeedKind::Commit]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Everything needed to redo a draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    pub id: i64,
    pub title: String,
    pub organisation: String,
    pub algorithm: u32,
    pub population: Vec<PopulationItem>,
    pub population_hash: String,
    pub seed_kind: SeedKind,
    /// For a public seed: where and when it is published, as announced.
    pub seed_source: String,
    /// For a committed seed: the SHA-256 published before the draw.
    pub seed_hash: Option<String>,
    /// The seed as revealed at the draw.
    pub seed: String,
    pub sample_size: usize,
    /// The sampled ids, in draw order.
    pub sample: Vec<String>,
}

/// One way a record differs from the draw redone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    PopulationHash {
        recorded: String,
        computed: String,
    },
    /// The revealed seed does not hash to the one published.
    SeedHash {
        published: String,
    },
    /// A committed seed without its published hash.
    NoSeedHash,
    /// The sample at a position (from 1), as recorded and as drawn again.
    Sample {
        position: usize,
        recorded: Option<String>,
        computed: Option<String>,
    },
}

/// What a verification found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyOutcome {
    Matches,
    Differs(Vec<Difference>),
}

/// Redoes the draw from the record alone and compares.
pub fn verify(r: &DrawRecord) -> Result<VerifyOutcome, DrawError> {
    if r.algorithm != ALGORITHM {
        return Err(DrawError::Version(r.algorithm));
    }
    let ids: Vec<String> = r.population.iter().map(|p| p.id.clone()).collect();
    let mut diffs = Vec::new();
    let hash = population_hash(&ids)?;
    if hash != r.population_hash {
        diffs.push(Difference::PopulationHash {
            recorded: r.population_hash.clone(),
            computed: hash,
        });
    }
    if let (SeedKind::Commit, Some(h)) = (r.seed_kind, &r.seed_hash)
        && !seed_matches(&r.seed, h)
    {
        diffs.push(Difference::SeedHash {
            published: h.clone(),
        });
    }
    if r.seed_kind == SeedKind::Commit && r.seed_hash.is_none() {
        diffs.push(Difference::NoSeedHash);
    }
    let sample = draw(&ids, &r.seed, r.sample_size)?;
    if sample != r.sample {
        let len = sample.len().max(r.sample.len());
        for i in 0..len {
            let (want, got) = (r.sample.get(i), sample.get(i));
            if want != got {
                diffs.push(Difference::Sample {
                    position: i + 1,
                    recorded: want.cloned(),
                    computed: got.cloned(),
                });
            }
        }
    }
    Ok(if diffs.is_empty() {
        VerifyOutcome::Matches
    } else {
        VerifyOutcome::Differs(diffs)
    })
}
