-- The supervision dashboard's lines, kept current on write: one row per
-- branch and plan, as the plan's running phase had it on the day `as_of`.
-- A write to any record a line counts marks its branch in dashboard_stale
-- (by the triggers below, so that no write path can forget); the next read,
-- or the clock, recomputes the marked lines and every line of an earlier day.
-- A line is a cache: it may be dropped at any time and is rebuilt from the
-- records.

CREATE TABLE dashboard_lines (
    org_id                  BIGINT NOT NULL,
    plan_id                 BIGINT NOT NULL,
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

-- The branches written to since their lines were computed. The refresher
-- deletes a mark before it reads the records, so a write during the
-- computation marks the branch again.
CREATE TABLE dashboard_stale (
    org_id  BIGINT PRIMARY KEY
);

-- One function per way a row names its branch; each marks the branch of the
-- new row and of the old one (a person may move).

CREATE FUNCTION dashboard_stale_by_org_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO dashboard_stale (org_id) SELECT NEW.org_id ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO dashboard_stale (org_id) SELECT OLD.org_id ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION dashboard_stale_by_round_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO dashboard_stale (org_id) SELECT org_id FROM evaluation_rounds WHERE id = NEW.round_id ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO dashboard_stale (org_id) SELECT org_id FROM evaluation_rounds WHERE id = OLD.round_id ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION dashboard_stale_by_target_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO dashboard_stale (org_id) SELECT COALESCE(t.org_id, p.org_id) FROM evaluation_targets t LEFT JOIN people p ON p.id = t.person_id WHERE t.id = NEW.target_id AND COALESCE(t.org_id, p.org_id) IS NOT NULL ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO dashboard_stale (org_id) SELECT COALESCE(t.org_id, p.org_id) FROM evaluation_targets t LEFT JOIN people p ON p.id = t.person_id WHERE t.id = OLD.target_id AND COALESCE(t.org_id, p.org_id) IS NOT NULL ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION dashboard_stale_by_person_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO dashboard_stale (org_id) SELECT org_id FROM people WHERE id = NEW.person_id ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO dashboard_stale (org_id) SELECT org_id FROM people WHERE id = OLD.person_id ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER people_stale AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER commitments_stale AFTER INSERT OR UPDATE OR DELETE ON commitments
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER reviews_stale AFTER INSERT OR UPDATE OR DELETE ON reviews
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER evaluation_rounds_stale AFTER INSERT OR UPDATE OR DELETE ON evaluation_rounds
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER rectifications_stale AFTER INSERT OR UPDATE OR DELETE ON rectifications
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER meetings_stale AFTER INSERT OR UPDATE OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER activities_stale AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER tasks_stale AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_org_id();
CREATE TRIGGER evaluation_codes_stale AFTER INSERT OR UPDATE OR DELETE ON evaluation_codes
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_round_id();
CREATE TRIGGER evaluation_figures_stale AFTER INSERT OR UPDATE OR DELETE ON evaluation_figures
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_target_id();
CREATE TRIGGER study_standing_stale AFTER INSERT OR UPDATE OR DELETE ON study_standing
    FOR EACH ROW EXECUTE FUNCTION dashboard_stale_by_person_id();
