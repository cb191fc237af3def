-- The servers running on this database, each seen every few seconds: a restore
-- refuses while any was seen lately.
CREATE TABLE servers (
    name     TEXT PRIMARY KEY,
    seen_at  TEXT NOT NULL
);

-- A workflow notice is kept as a message id and its arguments, so that each
-- reader reads it in their own language; `title` stays for older messages.
ALTER TABLE inbox ADD COLUMN message_id TEXT;
ALTER TABLE inbox ADD COLUMN args TEXT;

-- When the owner and the branch were told an item is overdue (once).
ALTER TABLE rectifications ADD COLUMN overdue_notified_at TEXT;
