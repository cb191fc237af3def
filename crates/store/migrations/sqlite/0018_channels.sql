-- Channels (e-mail, SMS) behind the outbox: each message is claimed by one
-- server at a time, retried with backoff, and dead-lettered after its last try.
ALTER TABLE outbox ADD COLUMN next_at TEXT;
ALTER TABLE outbox ADD COLUMN locked_until TEXT;
CREATE INDEX outbox_due ON outbox(channel, status, next_at);
-- A notice sent on by e-mail or SMS: whom it is for, its message id and
-- arguments (rendered when sent) and where it links.
ALTER TABLE outbox ADD COLUMN person_id INTEGER REFERENCES people(id);
ALTER TABLE outbox ADD COLUMN message_id TEXT;
ALTER TABLE outbox ADD COLUMN args TEXT;
ALTER TABLE outbox ADD COLUMN link TEXT;

-- Each person's choice of channels for their notices, and the hours in
-- their zone when nothing is sent (HH:MM, the window may cross midnight).
CREATE TABLE channel_preferences (
    person_id   INTEGER PRIMARY KEY REFERENCES people(id),
    email       INTEGER NOT NULL,
    sms         INTEGER NOT NULL,
    quiet_from  TEXT,
    quiet_to    TEXT,
    updated_at  TEXT NOT NULL
);
