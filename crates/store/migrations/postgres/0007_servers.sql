-- The servers running on this database, each seen every few seconds: a restore
-- refuses while any was seen lately.
CREATE TABLE servers (
    name     TEXT PRIMARY KEY,
    seen_at  TEXT NOT NULL
);
