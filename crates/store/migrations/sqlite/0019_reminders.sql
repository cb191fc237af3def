-- Reminders the clock sends once each.
-- A round's code holders are reminded once before it closes: everyone who
-- received a code of it by message, alike, so that nothing tells who voted.
ALTER TABLE evaluation_rounds ADD COLUMN codes_reminded_at TEXT;
-- The commitment items whose owners were reminded of their due day.
CREATE TABLE commitment_reminders (
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id),
    item_key       TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    PRIMARY KEY (commitment_id, item_key)
);
