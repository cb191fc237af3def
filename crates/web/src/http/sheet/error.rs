//! Why a spreadsheet cannot be read.

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// The name says one kind and the bytes another, or neither is known.
    #[error("not a spreadsheet of the kind its name says")]
    NotWhatItClaims,
    #[error("expands too far")]
    TooLarge,
    /// A sheet spans more rows, columns or cells than the bounds allows.
    #[error("more rows, columns or cells than allowed")]
    TooManyCells,
    #[error("cannot be read: {0}")]
    Unreadable(String),
}
