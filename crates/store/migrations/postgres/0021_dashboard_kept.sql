-- The dashboard's lines, read by a server from its memory between reads: each
-- stored line carries the number it was kept with, so that a server asks only
-- for the lines kept since its last read. The numbers come from one counter
-- row, taken in the transaction that keeps them: its lock orders the
-- keepers, so that a line committed later always has a higher number.
-- `reshaped` counts what a server cannot learn from the numbers: an
-- organisation added, renamed, moved or removed, or stored lines dropped.
ALTER TABLE dashboard_lines ADD COLUMN kept BIGINT NOT NULL DEFAULT 0;
CREATE INDEX dashboard_lines_kept ON dashboard_lines(plan_id, kept);

CREATE TABLE dashboard_counter (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    kept      BIGINT NOT NULL,
    reshaped  BIGINT NOT NULL
);
INSERT INTO dashboard_counter (id, kept, reshaped) VALUES (1, 0, 0);

CREATE FUNCTION dashboard_reshaped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dashboard_counter SET reshaped = reshaped + 1 WHERE id = 1;
    RETURN NULL;
END $$;

-- Once per statement: a province's tree loaded at once counts once.
CREATE TRIGGER organisations_reshaped AFTER INSERT OR UPDATE OR DELETE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_reshaped();

CREATE FUNCTION dashboard_lines_dropped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM dropped) THEN
        UPDATE dashboard_counter SET reshaped = reshaped + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;

-- Only when a line went: a recount deletes the other plans' lines of its
-- branches, mostly none.
CREATE TRIGGER dashboard_lines_dropped AFTER DELETE ON dashboard_lines
    REFERENCING OLD TABLE AS dropped
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_lines_dropped();
