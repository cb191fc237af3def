//! What can go wrong in storage, in terms the web layer can turn into a message.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("the database is not set up as required: {0}")]
    Setting(String),
    #[error("not found")]
    NotFound,
    /// A unique value is taken; the string names the field.
    #[error("already taken: {0}")]
    Taken(String),
    /// The thing is not in a state that allows this; the id names the message.
    #[error("not now: {0}")]
    Conflict(&'static str),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("no randomness: {0}")]
    Random(String),
    #[error("password hashing: {0}")]
    Hash(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// Servers are running on the database (their names).
    #[error("in use by running servers: {0}")]
    InUse(String),
}

impl StoreError {
    /// Text the database refuses to hold: PostgreSQL's "invalid byte sequence"
    /// (22021) for a NUL that got past the edge's checks.
    pub fn is_unstorable_text(&self) -> bool {
        matches!(self, StoreError::Db(sqlx::Error::Database(d)) if d.code().as_deref() == Some("22021"))
    }

    /// Maps a unique-constraint violation to `Taken(field)`; other errors pass.
    pub fn on_unique(self, field: &str) -> StoreError {
        match &self {
            StoreError::Db(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                StoreError::Taken(field.to_string())
            }
            _ => self,
        }
    }
}
