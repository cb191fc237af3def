//! The codes of an evaluation: the code an evaluator votes with, and the receipt
//! they get back. A code is 128 random bits written as 26 Crockford base32
//! symbols plus two check symbols, in groups of four, so that it can be typed from
//! a paper slip and a typing slip is told apart from a wrong code. The database
//! keeps only the code's hash. The receipt is derived from the code, so that a
//! retried submit gets the same receipt back without anything tying the stored
//! receipt to the stored code: neither can be computed from the other.

use crate::secret::hex;
use sha2::{Digest, Sha256};

/// Crockford's base32: no I, L, O or U, so nothing reads as something else.
const SYMBOLS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Bytes of randomness in a code.
pub const CODE_BYTES: usize = 16;
const BODY_SYMBOLS: usize = 26;
const CHECK_SYMBOLS: usize = 2;
const RECEIPT_SYMBOLS: usize = 12;

/// A voting code: the secret an evaluator holds.
#[derive(Clone, PartialEq, Eq)]
pub struct Code([u8; CODE_BYTES]);

// A code must never reach a log through `{:?}`.
impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Code(…)")
    }
}

/// Why a typed code is not a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    /// Too short, too long, or a character that is not in the alphabet.
    Malformed,
    /// The right shape, but the check symbols disagree: a typing slip.
    Mistyped,
}

impl CodeProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            CodeProblem::Malformed => "vote-error-malformed",
            CodeProblem::Mistyped => "vote-error-mistyped",
        }
    }
}

impl Code {
    /// A code from random bytes the caller drew.
    pub fn from_bytes(bytes: [u8; CODE_BYTES]) -> Code {
        Code(bytes)
    }

    /// The code printed on a slip: `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`.
    pub fn text(&self) -> String {
        let mut symbols = encode(u128::from_be_bytes(self.0), BODY_SYMBOLS);
        symbols.extend(self.check());
        group(&symbols, 4)
    }

    /// Reads a code as typed: any case, with or without dashes or spaces, and
    /// with I/L read as 1 and O as 0.
    pub fn parse(typed: &str) -> Result<Code, CodeProblem> {
        let mut symbols = Vec::with_capacity(BODY_SYMBOLS + CHECK_SYMBOLS);
        for c in typed.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            symbols.push(value_of(c).ok_or(CodeProblem::Malformed)?);
        }
        if symbols.len() != BODY_SYMBOLS + CHECK_SYMBOLS {
            return Err(CodeProblem::Malformed);
        }
        let mut n: u128 = 0;
        for &v in &symbols[..BODY_SYMBOLS] {
            n = n
                .checked_mul(32)
                .and_then(|n| n.checked_add(u128::from(v)))
                .ok_or(CodeProblem::Malformed)?;
        }
        let code = Code(n.to_be_bytes());
        let check: Vec<u8> = code.check().iter().map(|&s| symbol_value(s)).collect();
        if check != symbols[BODY_SYMBOLS..] {
            return Err(CodeProblem::Mistyped);
        }
        Ok(code)
    }

    /// What the database keeps instead of the code.
    pub fn hash(&self) -> String {
        hex(&tagged_digest(b"cx-evaluation-code", &self.0))
    }

    /// The receipt of the ballot cast with this code: `XXXX-XXXX-XXXX`.
    pub fn receipt(&self) -> String {
        let d = tagged_digest(b"cx-evaluation-receipt", &self.0);
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        let bits = u64::from_be_bytes(first) >> (64 - 5 * RECEIPT_SYMBOLS);
        group(&encode(u128::from(bits), RECEIPT_SYMBOLS), 4)
    }

    fn check(&self) -> Vec<u8> {
        let d = tagged_digest(b"cx-evaluation-check", &self.0);
        let bits = (u16::from(d[0]) << 2) | u16::from(d[1] >> 6);
        encode(u128::from(bits), CHECK_SYMBOLS)
    }
}

fn tagged_digest(tag: &[u8], bytes: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(tag);
    h.update([0u8]);
    h.update(bytes);
    h.finalize().into()
}

/// `n` as `width` base32 symbols, most significant first.
fn encode(mut n: u128, width: usize) -> Vec<u8> {
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = SYMBOLS[(n % 32) as usize];
        n /= 32;
    }
    out
}

fn symbol_value(s: u8) -> u8 {
    SYMBOLS.iter().position(|&x| x == s).unwrap_or(0) as u8
}

fn value_of(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        c => c,
    };
    SYMBOLS
        .iter()
        .position(|&s| char::from(s) == c)
        .map(|p| p as u8)
}

fn group(symbols: &[u8], size: usize) -> String {
    symbols
        .chunks(size)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Reads a receipt as typed, into the form the board lists: `XXXX-XXXX-XXXX`.
pub fn normalise_receipt(typed: &str) -> Option<String> {
    let symbols: Option<Vec<u8>> = typed
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| value_of(c).map(|v| SYMBOLS[usize::from(v)]))
        .collect();
    let symbols = symbols?;
    (symbols.len() == RECEIPT_SYMBOLS).then(|| group(&symbols, 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(seed: u8) -> Code {
        Code::from_bytes([seed; CODE_BYTES])
    }

    #[test]
    fn a_code_reads_back_as_itself_however_it_is_typed() {
        let t = sample(0xA7);
        let code = t.text();
        assert_eq!(code.len(), 28 + 6, "{code}");
        assert_eq!(Code::parse(&code), Ok(t.clone()));
        let sloppy = code.replace('-', " ").to_lowercase();
        assert_eq!(Code::parse(&sloppy), Ok(t.clone()));
        assert_eq!(Code::parse(&code.replace('1', "l")), Ok(t));
    }

    #[test]
    fn a_typing_slip_is_caught_by_the_check_symbols() {
        let code = sample(3).text();
        let mut chars: Vec<char> = code.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        let slipped: String = chars.into_iter().collect();
        assert_eq!(Code::parse(&slipped), Err(CodeProblem::Mistyped));
        assert_eq!(Code::parse("ABC"), Err(CodeProblem::Malformed));
        assert_eq!(
            Code::parse(&format!("U{}", &code[1..])),
            Err(CodeProblem::Malformed)
        );
    }

    #[test]
    fn the_hash_and_the_receipt_differ_and_hold_no_part_of_the_code() {
        let t = sample(9);
        let code = t.text().replace('-', "");
        assert_eq!(t.hash().len(), 64);
        assert!(!t.hash().contains(&code[..8].to_lowercase()));
        let receipt = t.receipt();
        assert_eq!(receipt.len(), 14);
        assert!(!code.contains(&receipt.replace('-', "")));
        assert_eq!(normalise_receipt(&receipt.to_lowercase()), Some(receipt));
        assert_ne!(sample(10).receipt(), t.receipt());
    }

    #[test]
    fn a_code_never_prints_itself() {
        assert_eq!(format!("{:?}", sample(1)), "Code(…)");
    }
}
