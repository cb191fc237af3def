-- Publicity (宣传): the news (新闻) and bulletins (简报) an organisation
-- publishes on its portal, written in Markdown, reviewed, then published.

CREATE TABLE publications (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    -- news | bulletin
    kind          TEXT NOT NULL,
    -- A bulletin's issue (第N期); one sequence per organisation.
    number        INTEGER,
    title         TEXT NOT NULL,
    -- Markdown as typed, and the HTML rendered from it and cleaned.
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    -- 编发单位 of a bulletin.
    issuer        TEXT NOT NULL,
    -- draft | submitted | published | returned | withdrawn
    status        TEXT NOT NULL,
    reason        TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    reviewed_by   TEXT,
    published_at  TEXT
);
CREATE UNIQUE INDEX publications_number ON publications(org_id, kind, number);
CREATE INDEX publications_org ON publications(org_id, status, published_at);

CREATE TABLE publication_images (
    id              INTEGER PRIMARY KEY,
    publication_id  INTEGER NOT NULL REFERENCES publications(id),
    filename        TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    body            BLOB NOT NULL
);
CREATE INDEX publication_images_publication ON publication_images(publication_id);

-- The publicity plan (宣传规划): what is published by when, on which of the
-- plan's channels, per phase and time node; done once a publication is linked.
CREATE TABLE publicity_items (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    phase_key        TEXT NOT NULL,
    -- The time node or festival it serves (建党90周年, 三八 …), free text.
    occasion         TEXT NOT NULL,
    title            TEXT NOT NULL,
    -- A key of the plan's publicity channels.
    channel_key      TEXT NOT NULL,
    owner_person_id  INTEGER NOT NULL REFERENCES people(id),
    due_on           TEXT NOT NULL,
    publication_id   INTEGER REFERENCES publications(id),
    done_at          TEXT,
    -- When its owner was reminded of the day coming, and told it had passed.
    reminded_at          TEXT,
    overdue_notified_at  TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX publicity_items_org ON publicity_items(org_id, due_on);
CREATE INDEX publicity_items_owner ON publicity_items(owner_person_id, done_at);
