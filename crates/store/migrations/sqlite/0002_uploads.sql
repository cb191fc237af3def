-- Uploaded files held between the preview and the confirmed import, so any server
-- of several can finish what another began. Removed when imported.
CREATE TABLE uploads (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    filename    TEXT NOT NULL,
    body        BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
