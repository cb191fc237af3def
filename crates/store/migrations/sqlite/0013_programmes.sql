-- The work programmes as branches run them (activities and tasks), and
-- supervision: random spot checks with their published draw and findings.

-- An activity a branch runs: one of the plan's (activity_key), or its own.
CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    programme_key    TEXT NOT NULL,
    activity_key     TEXT,
    phase_key        TEXT NOT NULL,
    name             TEXT NOT NULL,
    owner_person_id  INTEGER REFERENCES people(id),
    place            TEXT NOT NULL DEFAULT '',
    starts_on        TEXT,
    ends_on          TEXT,
    -- The plan's wording of when (7月中旬), where it gives one.
    when_text        TEXT,
    -- planned | running | done | cancelled
    status           TEXT NOT NULL,
    participants     TEXT NOT NULL DEFAULT '',
    -- People who took part, and people served (义诊: 32), where counted.
    participant_count INTEGER NOT NULL DEFAULT 0,
    served_count     INTEGER NOT NULL DEFAULT 0,
    -- A recurring activity's target, and how often it was held.
    times_target     INTEGER,
    times_held       INTEGER NOT NULL DEFAULT 0,
    outcome          TEXT NOT NULL DEFAULT '',
    commitment_id    INTEGER REFERENCES commitments(id),
    meeting_id       INTEGER REFERENCES meetings(id),
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX activities_org ON activities(org_id, programme_key);
CREATE UNIQUE INDEX activities_plan_key ON activities(org_id, activity_key)
    WHERE activity_key IS NOT NULL;

CREATE TABLE activity_files (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    body          BLOB NOT NULL
);
CREATE INDEX activity_files_activity ON activity_files(activity_id);

-- A task assigned by an organisation (its leadership or office) to a person or
-- to an organisation below it; org_id is where it is done (the person's branch,
-- or the organisation), for the subtree's figures.
CREATE TABLE tasks (
    id                   INTEGER PRIMARY KEY,
    issuer_org_id        INTEGER NOT NULL REFERENCES organisations(id),
    org_id               INTEGER NOT NULL REFERENCES organisations(id),
    assignee_person_id   INTEGER REFERENCES people(id),
    assignee_org_id      INTEGER REFERENCES organisations(id),
    programme_key        TEXT,
    -- The plan's task it carries out, where it is one.
    task_key             TEXT,
    title                TEXT NOT NULL,
    text                 TEXT NOT NULL DEFAULT '',
    due_on               TEXT NOT NULL,
    -- todo | doing | submitted | returned | done
    status               TEXT NOT NULL,
    evidence             TEXT NOT NULL DEFAULT '',
    reason               TEXT,
    reminded_at          TEXT,
    overdue_notified_at  TEXT,
    done_at              TEXT,
    created_by           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_by           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX tasks_org ON tasks(org_id, status, due_on);
CREATE INDEX tasks_issuer ON tasks(issuer_org_id, status);
CREATE INDEX tasks_person ON tasks(assignee_person_id, status);
CREATE UNIQUE INDEX tasks_plan_person ON tasks(issuer_org_id, task_key, assignee_person_id)
    WHERE task_key IS NOT NULL;

CREATE TABLE task_files (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    body          BLOB NOT NULL
);
CREATE INDEX task_files_task ON task_files(task_id);

-- A random spot check (随机抽查). The population is fixed, and its hash
-- published, when it is announced; so is the seed's source or hash.
CREATE TABLE spot_checks (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    title            TEXT NOT NULL,
    -- commitments | study_ledgers | meetings | tasks
    population_kind  TEXT NOT NULL,
    -- The subtree it covers (the organisation itself or one below it).
    scope_org_id     INTEGER NOT NULL REFERENCES organisations(id),
    sample_size      INTEGER NOT NULL,
    algorithm        INTEGER NOT NULL,
    population_hash  TEXT NOT NULL,
    population_count INTEGER NOT NULL,
    -- public | commit
    seed_kind        TEXT NOT NULL,
    seed_source      TEXT NOT NULL DEFAULT '',
    -- The day on or after which the draw may take place.
    draw_on          TEXT NOT NULL,
    seed_hash        TEXT,
    seed             TEXT,
    -- announced | drawn
    status           TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    drawn_by         TEXT,
    drawn_at         TEXT
);
CREATE INDEX spot_checks_org ON spot_checks(org_id, id);

CREATE TABLE spot_check_population (
    spot_check_id  INTEGER NOT NULL REFERENCES spot_checks(id),
    item_id        TEXT NOT NULL,
    name           TEXT NOT NULL,
    -- The organisation the item belongs to, for the inspector's link.
    item_org_id    INTEGER NOT NULL REFERENCES organisations(id),
    item_person_id INTEGER REFERENCES people(id),
    PRIMARY KEY (spot_check_id, item_id)
);

-- A sampled item and the inspector's finding on it.
CREATE TABLE spot_check_samples (
    id                 INTEGER PRIMARY KEY,
    spot_check_id      INTEGER NOT NULL REFERENCES spot_checks(id),
    position           INTEGER NOT NULL,
    item_id            TEXT NOT NULL,
    name               TEXT NOT NULL,
    item_org_id        INTEGER NOT NULL REFERENCES organisations(id),
    item_person_id     INTEGER REFERENCES people(id),
    -- pending | passed | problem
    finding            TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    rectification_id   INTEGER REFERENCES rectifications(id),
    inspected_by       TEXT,
    inspected_at       TEXT
);
CREATE INDEX spot_check_samples_check ON spot_check_samples(spot_check_id, position);

CREATE TABLE spot_check_files (
    id            INTEGER PRIMARY KEY,
    sample_id     INTEGER NOT NULL REFERENCES spot_check_samples(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    body          BLOB NOT NULL
);
CREATE INDEX spot_check_files_sample ON spot_check_files(sample_id);
