-- The dashboard's lines, read by a server from its memory between reads: each
-- stored line carries the number it was kept with, so that a server asks only
-- for the lines kept since its last read. The numbers come from one counter
-- row, written in the transaction that keeps them (SQLite has one writer at
-- a time), so that a line committed later always has a higher number.
-- `reshaped` counts what a server cannot learn from the numbers: an
-- organisation added, renamed, moved or removed, or stored lines dropped.
ALTER TABLE dashboard_lines ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;
CREATE INDEX dashboard_lines_kept ON dashboard_lines(plan_id, kept);

CREATE TABLE dashboard_counter (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    kept      INTEGER NOT NULL,
    reshaped  INTEGER NOT NULL
);
INSERT INTO dashboard_counter (id, kept, reshaped) VALUES (1, 0, 0);

CREATE TRIGGER organisations_reshaped_insert AFTER INSERT ON organisations BEGIN
    UPDATE dashboard_counter SET reshaped = reshaped + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_reshaped_update AFTER UPDATE ON organisations BEGIN
    UPDATE dashboard_counter SET reshaped = reshaped + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_reshaped_delete AFTER DELETE ON organisations BEGIN
    UPDATE dashboard_counter SET reshaped = reshaped + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_lines_dropped AFTER DELETE ON dashboard_lines BEGIN
    UPDATE dashboard_counter SET reshaped = reshaped + 1 WHERE id = 1;
END;
