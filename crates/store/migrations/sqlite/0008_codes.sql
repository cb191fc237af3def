-- An evaluation code is called a code in every layer: the domain, the pages,
-- the API and this table (it was `evaluation_tokens`).
ALTER TABLE evaluation_tokens RENAME TO evaluation_codes;
DROP INDEX evaluation_tokens_round;
CREATE INDEX evaluation_codes_round ON evaluation_codes(round_id, batch_id, state);
