-- 考核: the overall grade of a leader review, the incentive and constraint
-- records, and the assessments with their adjustments and frozen scores.

-- The review's overall grade on the plan's review scale, and its score out of 100.
ALTER TABLE reviews ADD COLUMN grade TEXT;
ALTER TABLE reviews ADD COLUMN grade_score INTEGER;

-- 激励约束: points for or against a member (person_id) or a branch (person_id NULL).
CREATE TABLE incentive_records (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organisations(id),
    person_id    INTEGER REFERENCES people(id),
    -- incentive | constraint
    kind         TEXT NOT NULL,
    points       INTEGER NOT NULL,
    -- The plan's veto item the record triggers (一票否决), if any.
    veto_key     TEXT,
    reason       TEXT NOT NULL,
    on_day       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX incentive_records_org ON incentive_records(org_id, on_day);

-- An assessor organisation assesses its members ('member') or the branches of its
-- subtree ('organisation') on one phase. Reassessing makes the next version.
CREATE TABLE assessments (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    phase_key     TEXT NOT NULL,
    subject_kind  TEXT NOT NULL,
    version       INTEGER NOT NULL,
    -- open | final
    status        TEXT NOT NULL,
    -- The plan's [assessment] as it stood when opened, as JSON.
    scheme        TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    finalised_by  TEXT,
    finalised_at  TEXT,
    UNIQUE (org_id, phase_key, subject_kind, version)
);

-- Per subject: the assessor's adjustment while open; the frozen score once final.
CREATE TABLE assessment_scores (
    assessment_id      INTEGER NOT NULL REFERENCES assessments(id),
    subject_id         INTEGER NOT NULL,
    adjustment_centi   INTEGER NOT NULL DEFAULT 0,
    adjustment_reason  TEXT,
    adjusted_by        TEXT,
    adjusted_at        TEXT,
    subject_name       TEXT,
    total_centi        INTEGER,
    grade              TEXT,
    place              INTEGER,
    -- The score with every input and its arithmetic, as JSON.
    detail             TEXT,
    PRIMARY KEY (assessment_id, subject_id)
);
