-- 评选表彰: selections of a title, nominations through their levels, the 公示
-- with the public's objections, the honours of a commendation, and exemplary
-- cases (先进典型).

-- One selection of one title by the organisation that decides it.
CREATE TABLE selections (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organisations(id),
    phase_key           TEXT NOT NULL,
    title_key           TEXT NOT NULL,
    -- The plan's title and calendar as they stood when it was opened, as JSON.
    rule                TEXT NOT NULL,
    -- nominating | publicity | commended
    status              TEXT NOT NULL,
    publicity_opens_on  TEXT,
    publicity_ends_on   TEXT,
    decision_title      TEXT,
    decision_code       TEXT,
    decided_on          TEXT,
    -- Bumped by every nomination step: the row lock that keeps quotas under
    -- concurrent nominations.
    lock_seq            INTEGER NOT NULL DEFAULT 0,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL
);
CREATE INDEX selections_org ON selections(org_id, id);

CREATE TABLE nominations (
    id               INTEGER PRIMARY KEY,
    selection_id     INTEGER NOT NULL REFERENCES selections(id),
    -- The organisation that put the candidate forward (a branch, or the office).
    nominator_org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id        INTEGER REFERENCES people(id),
    subject_org_id   INTEGER REFERENCES organisations(id),
    -- As shown in the 公示: name, organisation and position, never phone or birth date.
    name             TEXT NOT NULL,
    org_name         TEXT NOT NULL,
    position         TEXT NOT NULL,
    deeds            TEXT NOT NULL,
    -- The candidate's latest final assessment in the phase, as shown.
    score            TEXT,
    self_nominated   INTEGER NOT NULL DEFAULT 0,
    -- self | proposed | reviewed | approved | returned | withdrawn
    status           TEXT NOT NULL,
    reason           TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX nominations_selection ON nominations(selection_id, status);

CREATE TABLE nomination_files (
    id             INTEGER PRIMARY KEY,
    nomination_id  INTEGER NOT NULL REFERENCES nominations(id),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    body           BLOB NOT NULL
);
CREATE INDEX nomination_files_nomination ON nomination_files(nomination_id);

-- An objection raised during the 公示. Never shown publicly; `source` is the
-- SHA-256 of the visitor's address and the day, only to limit how often.
CREATE TABLE objections (
    id             INTEGER PRIMARY KEY,
    selection_id   INTEGER NOT NULL REFERENCES selections(id),
    nomination_id  INTEGER NOT NULL REFERENCES nominations(id),
    text           TEXT NOT NULL,
    name           TEXT,
    contact        TEXT,
    source         TEXT NOT NULL,
    -- open | upheld | dismissed
    status         TEXT NOT NULL,
    outcome        TEXT,
    handled_by     TEXT,
    handled_at     TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX objections_selection ON objections(selection_id, status);
CREATE INDEX objections_source ON objections(source, created_at);

-- 荣誉记录: a person's or an organisation's honour.
CREATE TABLE honours (
    id              INTEGER PRIMARY KEY,
    selection_id    INTEGER REFERENCES selections(id),
    -- The organisation that conferred it.
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    person_id       INTEGER REFERENCES people(id),
    subject_org_id  INTEGER REFERENCES organisations(id),
    name            TEXT NOT NULL,
    org_name        TEXT NOT NULL,
    title           TEXT NOT NULL,
    decision_title  TEXT NOT NULL,
    decision_code   TEXT NOT NULL,
    decided_on      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX honours_person ON honours(person_id);
CREATE INDEX honours_org ON honours(org_id, decided_on);

-- 先进典型: a story about a person or a group, reviewed by the office.
CREATE TABLE exemplary_cases (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    person_id       INTEGER REFERENCES people(id),
    honour_id       INTEGER REFERENCES honours(id),
    subject         TEXT NOT NULL,
    title           TEXT NOT NULL,
    story           TEXT NOT NULL,
    -- submitted | published | returned
    status          TEXT NOT NULL,
    reason          TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    reviewed_by     TEXT,
    published_at    TEXT
);
CREATE INDEX exemplary_cases_org ON exemplary_cases(org_id, status);

CREATE TABLE exemplary_case_files (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES exemplary_cases(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    body          BLOB NOT NULL
);
CREATE INDEX exemplary_case_files_case ON exemplary_case_files(case_id);
