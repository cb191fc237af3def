-- 素质工程: the personal study log, its standing against the plan's quotas, books
-- shared and recommended, and the branch's meetings (三会一课, study meetings,
-- reading exchanges) with their attendance.

-- Minutes read by one person on one day. Saving a day replaces its minutes.
CREATE TABLE study_reading (
    person_id   INTEGER NOT NULL REFERENCES people(id),
    day         TEXT NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (person_id, day)
) WITHOUT ROWID;

-- Files attached to study records and meetings: reflections, articles, minutes.
CREATE TABLE study_files (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    person_id     INTEGER REFERENCES people(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    body          BLOB NOT NULL,
    created_at    TEXT NOT NULL
);

-- Books read, reflections (心得), research topics and articles. `day` is the day
-- it counts for: the book finished, the reflection or article written.
CREATE TABLE study_records (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    day         TEXT NOT NULL,
    file_id     INTEGER REFERENCES study_files(id),
    -- Shown on the branch's 晒书 wall.
    shared      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX study_records_person ON study_records(person_id, kind, day);
CREATE INDEX study_records_wall ON study_records(org_id, shared, id);

CREATE TABLE study_likes (
    record_id   INTEGER NOT NULL REFERENCES study_records(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (record_id, person_id)
) WITHOUT ROWID;

-- 荐书: books the branch recommends.
CREATE TABLE study_recommendations (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    person_id   INTEGER REFERENCES people(id),
    title       TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX study_recommendations_org ON study_recommendations(org_id, id);

-- Where each person stands on each quota of their plan, rewritten with every
-- change to their log, so that a city's summary reads one row per person and
-- quota instead of a year of days. `met_periods` counts every due period met,
-- the running one included; `latest_met` is the first day of the latest, so the
-- running period can be told apart.
CREATE TABLE study_standing (
    person_id    INTEGER NOT NULL REFERENCES people(id),
    quota_key    TEXT NOT NULL,
    met_periods  INTEGER NOT NULL,
    latest_met   TEXT,
    PRIMARY KEY (person_id, quota_key)
) WITHOUT ROWID;

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    kind            TEXT NOT NULL,
    topic           TEXT NOT NULL,
    starts_at       TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    host            TEXT NOT NULL DEFAULT '',
    recorder        TEXT NOT NULL DEFAULT '',
    lecturer        TEXT NOT NULL DEFAULT '',
    minutes         TEXT NOT NULL DEFAULT '',
    -- The secret in the meeting's QR code, and minutes either side of the start
    -- in which scanning it checks a person in.
    checkin_code    TEXT NOT NULL,
    checkin_window  INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, starts_at);

CREATE TABLE meeting_attendees (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    state       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    marked_at   TEXT,
    PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
CREATE INDEX meeting_attendees_person ON meeting_attendees(person_id);

CREATE TABLE meeting_files (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    file_id     INTEGER NOT NULL REFERENCES study_files(id),
    PRIMARY KEY (meeting_id, file_id)
) WITHOUT ROWID;

-- The reflections presented at a reading exchange (读书心得交流会).
CREATE TABLE meeting_reflections (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    record_id   INTEGER NOT NULL REFERENCES study_records(id),
    PRIMARY KEY (meeting_id, record_id)
) WITHOUT ROWID;
