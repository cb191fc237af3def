-- The supervision dashboard's lines, kept current on write: one row per
-- branch and plan, as the plan's running phase had it on the day `as_of`.
-- A write to any record a line counts marks its branch in dashboard_stale
-- (by the triggers below, so that no write path can forget); the next read,
-- or the clock, recomputes the marked lines and every line of an earlier day.
-- A line is a cache: it may be dropped at any time and is rebuilt from the
-- records.

CREATE TABLE dashboard_lines (
    org_id                  INTEGER NOT NULL,
    plan_id                 INTEGER NOT NULL,
    as_of                   TEXT NOT NULL,
    phase_key               TEXT NOT NULL,
    -- The figures, in one text so that a province's 50,000 lines are read
    -- as 50,000 short values rather than 750,000 columns (it halves the
    -- read): members; the dashboard's nine indicators in its column order,
    -- in percent, empty where nothing was due; tasks overdue; rectification
    -- items open and overdue; the ended meeting periods held short and the
    -- review periods passed without a review. Separated by ';'.
    figures                 TEXT NOT NULL,
    -- The missed periods' details as JSON ('' when none) and the end of the
    -- earliest, for the overdue list, which reads the longest missed first.
    missed_since            TEXT,
    missed                  TEXT NOT NULL,
    PRIMARY KEY (org_id, plan_id)
);
CREATE INDEX dashboard_lines_missed ON dashboard_lines(plan_id, missed_since);

-- A branch's line reads the results of its own and its members' targets.
CREATE INDEX evaluation_targets_person ON evaluation_targets(person_id);
CREATE INDEX evaluation_figures_target ON evaluation_figures(target_id);

-- The branches written to since their lines were computed (the triggers
-- insert only what is not there: an INSERT OR IGNORE in a trigger would take
-- the policy of the statement that fired it). The refresher
-- deletes a mark before it reads the records, so a write during the
-- computation marks the branch again.
CREATE TABLE dashboard_stale (
    org_id  INTEGER PRIMARY KEY
);

CREATE TRIGGER people_stale_insert AFTER INSERT ON people BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER people_stale_update AFTER UPDATE ON people BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER people_stale_delete AFTER DELETE ON people BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER commitments_stale_insert AFTER INSERT ON commitments BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER commitments_stale_update AFTER UPDATE ON commitments BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER commitments_stale_delete AFTER DELETE ON commitments BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER reviews_stale_insert AFTER INSERT ON reviews BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER reviews_stale_update AFTER UPDATE ON reviews BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER reviews_stale_delete AFTER DELETE ON reviews BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER evaluation_rounds_stale_insert AFTER INSERT ON evaluation_rounds BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER evaluation_rounds_stale_update AFTER UPDATE ON evaluation_rounds BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER evaluation_rounds_stale_delete AFTER DELETE ON evaluation_rounds BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER rectifications_stale_insert AFTER INSERT ON rectifications BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER rectifications_stale_update AFTER UPDATE ON rectifications BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER rectifications_stale_delete AFTER DELETE ON rectifications BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER meetings_stale_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER meetings_stale_update AFTER UPDATE ON meetings BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER meetings_stale_delete AFTER DELETE ON meetings BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER activities_stale_insert AFTER INSERT ON activities BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER activities_stale_update AFTER UPDATE ON activities BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER activities_stale_delete AFTER DELETE ON activities BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER tasks_stale_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER tasks_stale_update AFTER UPDATE ON tasks BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT NEW.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER tasks_stale_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT OLD.org_id AS org_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER evaluation_codes_stale_insert AFTER INSERT ON evaluation_codes BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM evaluation_rounds WHERE id = NEW.round_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER evaluation_codes_stale_update AFTER UPDATE ON evaluation_codes BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM evaluation_rounds WHERE id = NEW.round_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM evaluation_rounds WHERE id = OLD.round_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER evaluation_codes_stale_delete AFTER DELETE ON evaluation_codes BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM evaluation_rounds WHERE id = OLD.round_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER evaluation_figures_stale_insert AFTER INSERT ON evaluation_figures BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT COALESCE(t.org_id, p.org_id) AS org_id FROM evaluation_targets t LEFT JOIN people p ON p.id = t.person_id WHERE t.id = NEW.target_id AND COALESCE(t.org_id, p.org_id) IS NOT NULL)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER evaluation_figures_stale_update AFTER UPDATE ON evaluation_figures BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT COALESCE(t.org_id, p.org_id) AS org_id FROM evaluation_targets t LEFT JOIN people p ON p.id = t.person_id WHERE t.id = NEW.target_id AND COALESCE(t.org_id, p.org_id) IS NOT NULL)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT COALESCE(t.org_id, p.org_id) AS org_id FROM evaluation_targets t LEFT JOIN people p ON p.id = t.person_id WHERE t.id = OLD.target_id AND COALESCE(t.org_id, p.org_id) IS NOT NULL)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER evaluation_figures_stale_delete AFTER DELETE ON evaluation_figures BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT COALESCE(t.org_id, p.org_id) AS org_id FROM evaluation_targets t LEFT JOIN people p ON p.id = t.person_id WHERE t.id = OLD.target_id AND COALESCE(t.org_id, p.org_id) IS NOT NULL)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;

CREATE TRIGGER study_standing_stale_insert AFTER INSERT ON study_standing BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM people WHERE id = NEW.person_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER study_standing_stale_update AFTER UPDATE ON study_standing BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM people WHERE id = NEW.person_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM people WHERE id = OLD.person_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
CREATE TRIGGER study_standing_stale_delete AFTER DELETE ON study_standing BEGIN
    INSERT INTO dashboard_stale (org_id) SELECT org_id FROM (SELECT org_id FROM people WHERE id = OLD.person_id)
        WHERE org_id NOT IN (SELECT org_id FROM dashboard_stale);
END;
