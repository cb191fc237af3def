-- Leader reviews (领导点评) with the reviewed side's replies, and rectification
-- items (整改) raised from the problems a review finds.

CREATE TABLE reviews (
    id                   INTEGER PRIMARY KEY,
    reviewer_account_id  INTEGER NOT NULL REFERENCES accounts(id),
    reviewer_name        TEXT NOT NULL,
    -- The branch reviewed, or the member's branch.
    org_id               INTEGER NOT NULL REFERENCES organisations(id),
    -- NULL when the branch itself is reviewed.
    person_id            INTEGER REFERENCES people(id),
    affirmed             TEXT NOT NULL,
    -- JSON lists: the problems, one an entry; the criteria keys spoken to.
    problems             TEXT NOT NULL,
    direction            TEXT NOT NULL,
    criteria             TEXT NOT NULL,
    -- Private to the reviewed side and the branch leadership until published.
    published            INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL
);
CREATE INDEX reviews_org ON reviews(org_id, id);

CREATE TABLE review_replies (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    author      TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX review_replies_review ON review_replies(review_id, id);

CREATE TABLE rectifications (
    id               INTEGER PRIMARY KEY,
    review_id        INTEGER REFERENCES reviews(id),
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    problem          TEXT NOT NULL,
    owner_person_id  INTEGER NOT NULL REFERENCES people(id),
    due_on           TEXT NOT NULL,
    status           TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    closed_by        TEXT,
    closed_at        TEXT
);
CREATE INDEX rectifications_org ON rectifications(org_id, status);

CREATE TABLE rectification_files (
    id                 INTEGER PRIMARY KEY,
    rectification_id   INTEGER NOT NULL REFERENCES rectifications(id),
    filename           TEXT NOT NULL,
    content_type       TEXT NOT NULL,
    body               BLOB NOT NULL,
    created_at         TEXT NOT NULL
);
