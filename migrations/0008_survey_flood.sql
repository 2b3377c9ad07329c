-- Wrong survey codes per sender (criterion 13's public page): only a keyed hash of the address and
-- the time, to refuse an address that keeps guessing. No code, no response and no address is kept.

CREATE TABLE survey_code_failure (
  source_hash  text NOT NULL,
  failed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_code_failure_source_idx ON survey_code_failure (source_hash, failed_at);
CREATE INDEX survey_code_failure_time_idx ON survey_code_failure (failed_at);
