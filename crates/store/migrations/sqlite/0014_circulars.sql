-- Progress circulars (通报): drafted per organisation and period from the
-- supervision figures, edited, numbered (第N期) and published by the office.

CREATE TABLE circulars (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations(id),
    period_first   TEXT NOT NULL,
    period_last    TEXT NOT NULL,
    -- 第N期, set when published; one sequence per organisation.
    number         INTEGER,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    -- JSON: the figures as drafted (completion, leaders and laggards, overdue
    -- items, highlights, spot-check findings), for the print and the workbook.
    figures        TEXT NOT NULL,
    -- draft | published
    status         TEXT NOT NULL,
    drafted_by     TEXT NOT NULL,
    drafted_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    published_by   TEXT,
    published_at   TEXT
);
CREATE UNIQUE INDEX circulars_period ON circulars(org_id, period_first);
CREATE UNIQUE INDEX circulars_number ON circulars(org_id, number);
