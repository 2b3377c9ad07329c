-- Privacy operations (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025): retention periods
-- kept as data with their legal basis, and a log of every erasure (who, when, why, on which request).

-- One row per retention rule; the defaults and their basis come from src/core/privacy/retention.ts
-- (inserted when first read) and the system administrator may change both.
CREATE TABLE retention_setting (
  key             text PRIMARY KEY,
  value           integer NOT NULL CHECK (value >= 0),
  unit            text NOT NULL CHECK (unit IN ('days', 'months', 'years')),
  default_value   integer NOT NULL CHECK (default_value >= 0),
  legal_basis_vi  text NOT NULL,
  legal_basis_en  text NOT NULL DEFAULT '',
  updated_by      integer REFERENCES app_user(id),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Erasures of a child's record or an account: the identity is gone, this row says that it was erased and why.
-- It names the record by id only; request_ref is the number of the written request, not the requester's name.
CREATE TABLE privacy_erasure (
  id            serial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  subject       text NOT NULL CHECK (subject IN ('child', 'user')),
  subject_id    integer NOT NULL,
  unit_id       integer REFERENCES unit(id),
  performed_by  integer REFERENCES app_user(id),   -- null: the daily retention job
  reason        text NOT NULL CHECK (reason IN ('request', 'retention')),
  legal_basis   text NOT NULL,
  request_ref   text NOT NULL DEFAULT '',
  fields        text[] NOT NULL DEFAULT '{}',
  UNIQUE (subject, subject_id)
);
CREATE INDEX privacy_erasure_unit_idx ON privacy_erasure (unit_id, at);
