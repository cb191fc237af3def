-- Channels (e-mail, SMS) behind the outbox: each message is claimed by one
-- server at a time, retried with backoff, and dead-lettered after its last try.
ALTER TABLE outbox ADD COLUMN next_at TEXT;
ALTER TABLE outbox ADD COLUMN locked_until TEXT;
CREATE INDEX outbox_due ON outbox(channel, status, next_at);
