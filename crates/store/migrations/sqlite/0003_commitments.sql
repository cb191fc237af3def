-- Public commitments (公开承诺), their fulfilment (践诺) and the opinions of the
-- masses. Items live as JSON on the commitment: `draft` is what the owner writes,
-- `approved` what the leadership last approved and the public board shows.

CREATE TABLE commitments (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations(id),
    -- NULL for the branch's own commitment (under the organisation standard).
    person_id      INTEGER REFERENCES people(id),
    phase_key      TEXT NOT NULL,
    -- 'p{person}:{phase}' or 'o{org}:{phase}': one commitment per owner and phase.
    owner_key      TEXT NOT NULL UNIQUE,
    status         TEXT NOT NULL,
    draft          TEXT NOT NULL,
    approved       TEXT,
    return_reason  TEXT,
    revision       INTEGER NOT NULL DEFAULT 0,
    submitted_at   TEXT,
    approved_at    TEXT,
    approved_by    TEXT,
    updated_at     TEXT NOT NULL
);
CREATE INDEX commitments_org ON commitments(org_id, status);

-- Progress reports; the newest per item is its current state.
CREATE TABLE fulfilments (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id),
    item_key       TEXT NOT NULL,
    percent        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX fulfilments_item ON fulfilments(commitment_id, item_key, id);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    fulfilment_id  INTEGER NOT NULL REFERENCES fulfilments(id),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    body           BLOB NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX evidence_fulfilment ON evidence(fulfilment_id);

CREATE TABLE follows (
    person_id      INTEGER NOT NULL REFERENCES people(id),
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id),
    PRIMARY KEY (person_id, commitment_id)
);

CREATE TABLE opinions (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id),
    name           TEXT,
    text           TEXT NOT NULL,
    status         TEXT NOT NULL,
    -- SHA-256 of the visitor's address and the day: only to limit how often one
    -- visitor posts; it names nobody and changes every day.
    source         TEXT NOT NULL,
    reply          TEXT,
    replied_by     TEXT,
    replied_at     TEXT,
    moderated_by   TEXT,
    moderated_at   TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX opinions_commitment ON opinions(commitment_id, status);
CREATE INDEX opinions_source ON opinions(source, created_at);

-- Bumped by every change the public board of a branch shows, so each server can
-- keep the rendered board until it changes.
CREATE TABLE boards (
    org_id   INTEGER PRIMARY KEY REFERENCES organisations(id),
    version  INTEGER NOT NULL
);
