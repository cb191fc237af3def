-- Conventions (both dialects): ids are 64-bit integers; times are UTC text
-- 'YYYY-MM-DDTHH:MM:SSZ'; days are text 'YYYY-MM-DD'; flags are integers 0/1; enums
-- are their snake_case names. Text keeps the two dialects on one set of queries.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES organisations(id),
    -- '/1/4/9/': the ids from the root down; a subtree is a range of this column.
    path        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_id);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    party_group_id  INTEGER REFERENCES organisations(id),
    name            TEXT NOT NULL,
    gender          TEXT,
    born_on         TEXT,
    ethnicity       TEXT,
    education       TEXT,
    status          TEXT NOT NULL,
    joined_on       TEXT,
    confirmed_on    TEXT,
    position        TEXT,
    phone           TEXT,
    email           TEXT,
    is_demo         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX people_org ON people(org_id, id);

CREATE TABLE accounts (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL UNIQUE REFERENCES people(id),
    username            TEXT NOT NULL UNIQUE,
    -- NULL until a password is set: such an account cannot log in.
    password_hash       TEXT,
    locale              TEXT,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT
);

CREATE TABLE role_grants (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    role        TEXT NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    UNIQUE (account_id, role, org_id)
);

-- Only the SHA-256 of a session id is kept: a leaked table opens no session.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    csrf          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE access_tokens (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);

-- Failed logins per account ('user:NAME') and per address ('ip:ADDR').
CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    locked_until  TEXT,
    updated_at    TEXT NOT NULL
);

-- A re-import makes a new version; old versions stay readable.
CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organisations(id),
    version      INTEGER NOT NULL,
    source       TEXT NOT NULL,
    body         TEXT NOT NULL,
    shift_years  INTEGER NOT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (org_id, version)
);

-- The audit chain. audit_head holds the last seq and hash; updating it first
-- serialises writers, so the chain has no gaps and no forks.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    summary    TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    run_at        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL,
    locked_by     TEXT,
    locked_until  TEXT,
    last_error    TEXT,
    done_at       TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);

CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT,
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE INDEX inbox_person ON inbox(person_id, id);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    last_error  TEXT
);
CREATE INDEX outbox_status ON outbox(status, id);
