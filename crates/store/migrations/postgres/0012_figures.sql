-- Figures kept current on write, so that an assessment of a province reads
-- sums instead of every record: a commitment's roll-up (the approved items'
-- weights and their weighted percents done), and a closed round's results per
-- target (written once, when the round closes, only for targets shown).

-- NULL until the next approval or progress report of a commitment from before
-- this migration; the assessment reads those from their items.
ALTER TABLE commitments ADD COLUMN weight_total BIGINT;
ALTER TABLE commitments ADD COLUMN weighted_done BIGINT;

CREATE TABLE evaluation_figures (
    round_id   BIGINT NOT NULL REFERENCES evaluation_rounds(id),
    target_id  BIGINT NOT NULL REFERENCES evaluation_targets(id),
    -- Every mark of every criterion of the target, the good ones, and the sum
    -- of their scores (0–100 each).
    marks      BIGINT NOT NULL,
    good       BIGINT NOT NULL,
    score_sum  BIGINT NOT NULL,
    PRIMARY KEY (round_id, target_id)
);
