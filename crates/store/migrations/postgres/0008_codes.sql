-- An evaluation code is called a code in every layer: the domain, the pages,
-- the API and this table (it was `evaluation_tokens`).
ALTER TABLE evaluation_tokens RENAME TO evaluation_codes;
ALTER INDEX evaluation_tokens_round RENAME TO evaluation_codes_round;
ALTER INDEX evaluation_tokens_pkey RENAME TO evaluation_codes_pkey;
ALTER TABLE evaluation_codes RENAME CONSTRAINT evaluation_tokens_round_id_fkey TO evaluation_codes_round_id_fkey;
ALTER TABLE evaluation_codes RENAME CONSTRAINT evaluation_tokens_batch_id_fkey TO evaluation_codes_batch_id_fkey;
