-- Mass evaluation (群众评议): rounds, their targets, tokens, ballots, forums and
-- opinions. Anonymity is built into the shape of the tables:
-- * evaluation_tokens keeps only a token's hash and state, and is emptied when
--   the round closes (the batch keeps the counts);
-- * ballots, ballot_marks and ballot_comments share no column with the tokens
--   but the round, hold no person, address or time, and are keyed by random
--   values (WITHOUT ROWID), so their order on disk is not the order of casting;
-- * a ballot's marks and comments are not tied to each other or to the ballot:
--   nothing stored can put one evaluator's ratings back together.
-- docs/anonymity.md gives the whole threat model.

CREATE TABLE evaluation_rounds (
    id             INTEGER PRIMARY KEY,
    -- The organiser: a superior (branches round) or a branch (members round).
    org_id         INTEGER NOT NULL REFERENCES organisations(id),
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    phase_key      TEXT NOT NULL,
    standard_key   TEXT NOT NULL,
    standard_name  TEXT NOT NULL,
    -- JSON: the criteria and the scale as they were when the round was opened.
    criteria       TEXT NOT NULL,
    scale          TEXT NOT NULL,
    opens_at       TEXT NOT NULL,
    closes_at      TEXT NOT NULL,
    -- Set once the closing work has run (early, or after closes_at).
    closed_at      TEXT,
    min_ballots    INTEGER NOT NULL,
    -- JSON: what the public portal shows after the close.
    publication    TEXT NOT NULL,
    feedback       TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX evaluation_rounds_org ON evaluation_rounds(org_id, id);
CREATE INDEX evaluation_rounds_due ON evaluation_rounds(closed_at, closes_at);

CREATE TABLE evaluation_targets (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    position   INTEGER NOT NULL,
    -- A branch, or a member; the name as it was when the round was opened.
    org_id     INTEGER REFERENCES organisations(id),
    person_id  INTEGER REFERENCES people(id),
    name       TEXT NOT NULL
);
CREATE INDEX evaluation_targets_round ON evaluation_targets(round_id, position);
CREATE INDEX evaluation_targets_org ON evaluation_targets(org_id);

-- Tokens made at once: slips for a forum, messages, or codes from the API.
CREATE TABLE evaluation_batches (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    channel     TEXT NOT NULL,
    label       TEXT NOT NULL,
    -- JSON list of the target ids the tokens cover; empty for all.
    scope       TEXT NOT NULL,
    issued      INTEGER NOT NULL,
    -- Counted when the round closes and its tokens are forgotten.
    used        INTEGER,
    revoked     INTEGER,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX evaluation_batches_round ON evaluation_batches(round_id, id);

CREATE TABLE evaluation_tokens (
    hash      TEXT PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    batch_id  INTEGER NOT NULL REFERENCES evaluation_batches(id),
    -- issued | used | revoked
    state     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX evaluation_tokens_round ON evaluation_tokens(round_id, batch_id, state);

CREATE TABLE ballots (
    id        TEXT PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    receipt   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ballots_receipt ON ballots(round_id, receipt);

-- One rating, keyed so that a round's tally reads one range of the table in order.
CREATE TABLE ballot_marks (
    round_id   INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    target_id  INTEGER NOT NULL REFERENCES evaluation_targets(id),
    criterion  INTEGER NOT NULL,
    level      INTEGER NOT NULL,
    id         INTEGER NOT NULL,
    PRIMARY KEY (round_id, target_id, criterion, level, id)
) WITHOUT ROWID;

CREATE TABLE ballot_comments (
    id         TEXT PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    target_id  INTEGER NOT NULL REFERENCES evaluation_targets(id),
    text       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ballot_comments_round ON ballot_comments(round_id, target_id, id);

-- Messages that carried a token: their text is wiped when the round closes.
CREATE TABLE evaluation_deliveries (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    inbox_id   INTEGER REFERENCES inbox(id),
    outbox_id  INTEGER REFERENCES outbox(id)
);
CREATE INDEX evaluation_deliveries_round ON evaluation_deliveries(round_id);

-- Forums (座谈会) held for a round.
CREATE TABLE evaluation_forums (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    held_on     TEXT NOT NULL,
    place       TEXT NOT NULL,
    present     INTEGER NOT NULL,
    minutes     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX evaluation_forums_round ON evaluation_forums(round_id, id);

-- Opinions solicited (征求意见) about one target.
CREATE TABLE evaluation_opinions (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    target_id   INTEGER NOT NULL REFERENCES evaluation_targets(id),
    source      TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX evaluation_opinions_round ON evaluation_opinions(round_id, target_id);

-- Rectification items raised from an evaluation result, beside those from reviews.
ALTER TABLE rectifications ADD COLUMN round_id INTEGER REFERENCES evaluation_rounds(id);
ALTER TABLE rectifications ADD COLUMN target_id INTEGER REFERENCES evaluation_targets(id);
CREATE INDEX rectifications_round ON rectifications(round_id);
