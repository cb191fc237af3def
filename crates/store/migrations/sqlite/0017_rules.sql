-- The rule library (长效机制): an organisation's written rules (制度), each
-- with its versions; one version at a time in force.

CREATE TABLE rules (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    title           TEXT NOT NULL,
    -- public | internal
    visibility      TEXT NOT NULL,
    -- The practice it came from: circular | honour | case, and its id.
    origin_kind     TEXT,
    origin_id       INTEGER,
    origin_note     TEXT NOT NULL,
    -- draft | in_force | repealed
    status          TEXT NOT NULL,
    repealed_on     TEXT,
    repeal_reason   TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX rules_org ON rules(org_id, status);

CREATE TABLE rule_versions (
    id              INTEGER PRIMARY KEY,
    rule_id         INTEGER NOT NULL REFERENCES rules(id),
    number          INTEGER NOT NULL,
    text            TEXT NOT NULL,
    effective_on    TEXT NOT NULL,
    -- What changed, in a line.
    note            TEXT NOT NULL,
    -- draft | adopted | superseded
    status          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    adopted_by      TEXT,
    adopted_at      TEXT
);
CREATE UNIQUE INDEX rule_versions_number ON rule_versions(rule_id, number);
