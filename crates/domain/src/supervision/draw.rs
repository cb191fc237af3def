//! The draw, version 1. Given the population's ids (distinct strings), a seed
//! (text) and a sample size k:
//!
//! 1. Sort the ids by their UTF-8 bytes. The population hash is the SHA-256,
//!    in lower-case hex, of the sorted ids joined by `\n`.
//! 2. A stream of 64-bit numbers: block i (i = 0, 1, …) is
//!    SHA-256(seed ‖ `\n` ‖ population hash ‖ `\n` ‖ i as 8 bytes big-endian);
//!    each block gives four numbers, its bytes 0–7, 8–15, 16–23, 24–31 read
//!    big-endian.
//! 3. A number below n is drawn by taking the next number x of the stream
//!    until x < ⌊2⁶⁴ / n⌋·n (no modulo bias) and answering x mod n.
//! 4. Fisher–Yates, stopped after k steps: for i = 0 … k−1, draw j below n−i,
//!    swap the sorted ids at i and i+j. The sample is the first k, in order.
//!
//! Anyone with the ids, the seed and k can redo it (`chuangxian spot-check
//! verify`), in any language with SHA-256.

use crate::secret::{digest, hex};
use sha2::{Digest, Sha256};

/// The version of the algorithm above; recorded with every draw.
pub const ALGORITHM: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("the population is empty")]
    Empty,
    #[error("the sample ({sample}) is larger than the population ({population})")]
    TooLarge { sample: usize, population: usize },
    #[error("the population names {0} twice")]
    Duplicate(String),
    #[error("the seed is empty")]
    NoSeed,
    #[error("algorithm version {0} is unknown")]
    Version(u32),
}

/// The ids sorted by their bytes, refusing repeats.
fn sorted(ids: &[String]) -> Result<Vec<&str>, DrawError> {
    let mut v: Vec<&str> = ids.iter().map(String::as_str).collect();
    v.sort_unstable();
    if let Some(w) = v.windows(2).find(|w| w[0] == w[1]) {
        return Err(DrawError::Duplicate(w[0].to_string()));
    }
    Ok(v)
}

/// The population hash (step 1).
pub fn population_hash(ids: &[String]) -> Result<String, DrawError> {
    Ok(hash_sorted(&sorted(ids)?))
}

fn hash_sorted(ids: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            h.update(b"\n");
        }
        h.update(id.as_bytes());
    }
    hex(&h.finalize())
}

/// Whether a revealed secret is the one whose hash was published.
pub fn seed_matches(secret: &str, published_hash: &str) -> bool {
    digest(secret) == published_hash.trim().to_ascii_lowercase()
}

/// The stream of step 2.
struct Stream<'a> {
    seed: &'a [u8],
    pop_hash: &'a [u8],
    block: u64,
    buf: [u8; 32],
    at: usize,
}

impl Stream<'_> {
    fn next(&mut self) -> u64 {
        if self.at == 32 {
            let mut h = Sha256::new();
            h.update(self.seed);
            h.update(b"\n");
            h.update(self.pop_hash);
            h.update(b"\n");
            h.update(self.block.to_be_bytes());
            self.buf.copy_from_slice(&h.finalize());
            self.block += 1;
            self.at = 0;
        }
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.buf[self.at..self.at + 8]);
        self.at += 8;
        u64::from_be_bytes(b)
    }

    /// A number below `n` (step 3).
    fn below(&mut self, n: u64) -> u64 {
        let zone = (u64::MAX / n) * n;
        loop {
            let x = self.next();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// The sample, in draw order (step 4).
pub fn draw(ids: &[String], seed: &str, k: usize) -> Result<Vec<String>, DrawError> {
    let mut v = sorted(ids)?;
    if v.is_empty() {
        return Err(DrawError::Empty);
    }
    if k > v.len() {
        return Err(DrawError::TooLarge {
            sample: k,
            population: v.len(),
        });
    }
    if seed.is_empty() {
        return Err(DrawError::NoSeed);
    }
    let pop_hash = hash_sorted(&v);
    let mut stream = Stream {
        seed: seed.as_bytes(),
        pop_hash: pop_hash.as_bytes(),
        block: 0,
        buf: [0; 32],
        at: 32,
    };
    let n = v.len();
    for i in 0..k {
        let j = i + stream.below((n - i) as u64) as usize;
        v.swap(i, j);
    }
    Ok(v[..k].iter().map(|s| s.to_string()).collect())
}
