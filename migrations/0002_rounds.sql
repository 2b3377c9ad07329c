-- Assessment rounds: registration, self-assessment, public posting, dossier, item review, decision, re-check.

-- Roles of the level above, scoped to the province; a sector reviewer also names the sector it reviews.
ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_role_check
  CHECK (role IN ('commune_officer', 'commune_chairman', 'province_official', 'appraiser', 'sector_reviewer', 'signer', 'system_admin'));
ALTER TABLE user_role ADD COLUMN sector text;
ALTER TABLE user_role ADD CONSTRAINT user_role_sector_check CHECK ((role = 'sector_reviewer') = (sector IS NOT NULL));

-- A round is opened by a province for a period; who appraises and who signs is configuration.
CREATE TABLE round (
  id               serial PRIMARY KEY,
  province_id      integer NOT NULL REFERENCES unit(id),
  period_id        integer NOT NULL REFERENCES period(id),
  rule_set_id      integer NOT NULL REFERENCES rule_set(id),
  title            text NOT NULL,
  dossier_due      date NOT NULL,
  appraisal_due    date NOT NULL,
  decision_due     date NOT NULL,
  report_due       date NOT NULL,
  posting_days     integer NOT NULL DEFAULT 7 CHECK (posting_days BETWEEN 1 AND 60),
  appraising_body  text NOT NULL,
  signer_title     text NOT NULL,
  signer_name      text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by       integer REFERENCES app_user(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_id, period_id),
  CHECK (dossier_due <= appraisal_due AND appraisal_due <= decision_due AND decision_due <= report_due)
);

-- The commune's commitment (đăng ký) for a five-year socio-economic period.
CREATE TABLE registration (
  id             serial PRIMARY KEY,
  unit_id        integer NOT NULL REFERENCES unit(id),
  term_start     integer NOT NULL,
  term_end       integer NOT NULL,
  document_ref   text NOT NULL DEFAULT '',
  registered_by  integer REFERENCES app_user(id),
  registered_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, term_start),
  CHECK (term_end = term_start + 4)
);

-- One commune's dossier in a round; its state follows src/core/workflow/round-entry.ts.
CREATE TABLE round_entry (
  id                 serial PRIMARY KEY,
  round_id           integer NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id            integer NOT NULL REFERENCES unit(id),
  assessment_id      integer NOT NULL REFERENCES assessment(id),
  state              text NOT NULL DEFAULT 'draft',
  submissions        integer NOT NULL DEFAULT 0,
  council            jsonb NOT NULL DEFAULT '[]',
  meeting_on         date,
  meeting_place      text NOT NULL DEFAULT '',
  meeting_summary    text NOT NULL DEFAULT '',
  posting_from       date,
  posting_to         date,
  appraiser_values   jsonb,
  appraiser_result   jsonb,
  decision_id        integer,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, unit_id),
  UNIQUE (assessment_id)
);
CREATE INDEX round_entry_unit_idx ON round_entry (unit_id);

-- Each submission frozen as sent, so that a resubmission can be compared with the one before.
CREATE TABLE round_submission (
  id            serial PRIMARY KEY,
  entry_id      integer NOT NULL REFERENCES round_entry(id) ON DELETE CASCADE,
  number        integer NOT NULL,
  values        jsonb NOT NULL,
  result        jsonb NOT NULL,
  submitted_by  integer REFERENCES app_user(id),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, number)
);

-- A decision on one item of one submission; a return always carries its reason.
CREATE TABLE item_review (
  id                 serial PRIMARY KEY,
  entry_id           integer NOT NULL REFERENCES round_entry(id) ON DELETE CASCADE,
  submission_number  integer NOT NULL,
  item_code          text NOT NULL,
  sector             text NOT NULL,
  decision           text NOT NULL CHECK (decision IN ('accepted', 'returned')),
  reason             text NOT NULL DEFAULT '',
  reviewer_id        integer REFERENCES app_user(id),
  reviewed_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, submission_number, item_code),
  CHECK (decision = 'accepted' OR length(btrim(reason)) > 0)
);

CREATE TABLE entry_transition (
  id          bigserial PRIMARY KEY,
  entry_id    integer NOT NULL REFERENCES round_entry(id) ON DELETE CASCADE,
  action      text NOT NULL,
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  actor_id    integer REFERENCES app_user(id),
  comment     text NOT NULL DEFAULT '',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entry_transition_entry_idx ON entry_transition (entry_id, id);

-- Comments from the public on a posted self-assessment: no account, no personal data kept.
CREATE TABLE public_comment (
  id           serial PRIMARY KEY,
  entry_id     integer NOT NULL REFERENCES round_entry(id) ON DELETE CASCADE,
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'hidden')),
  answer       text,
  answered_by  integer REFERENCES app_user(id),
  answered_at  timestamptz,
  source_hash  text NOT NULL,              -- keyed hash of the sender's address, for flood limits only
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX public_comment_entry_idx ON public_comment (entry_id, status);
CREATE INDEX public_comment_source_idx ON public_comment (source_hash, created_at);

-- Evidence attached to a criterion or item; the bytes live in a file store, named by storage_key.
CREATE TABLE evidence_file (
  id              serial PRIMARY KEY,
  unit_id         integer NOT NULL REFERENCES unit(id),
  entry_id        integer REFERENCES round_entry(id) ON DELETE CASCADE,
  criterion_code  text,
  item_code       text,
  file_name       text NOT NULL,
  media_type      text NOT NULL,
  size_bytes      integer NOT NULL CHECK (size_bytes > 0),
  sha256          text NOT NULL,
  storage_key     text NOT NULL UNIQUE,
  uploaded_by     integer REFERENCES app_user(id),
  uploaded_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz
);
CREATE INDEX evidence_file_entry_idx ON evidence_file (entry_id);

-- The recognition decision (Quyết định công nhận) of a round.
CREATE TABLE recognition_decision (
  id            serial PRIMARY KEY,
  round_id      integer NOT NULL REFERENCES round(id),
  number        text NOT NULL,
  signed_on     date NOT NULL,
  signer_name   text NOT NULL,
  signer_title  text NOT NULL,
  created_by    integer REFERENCES app_user(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, number)
);
ALTER TABLE round_entry ADD CONSTRAINT round_entry_decision_fk FOREIGN KEY (decision_id) REFERENCES recognition_decision(id);

-- Re-check (phúc tra): a sample drawn with a recorded seed, re-scored by the province.
CREATE TABLE recheck (
  id          serial PRIMARY KEY,
  round_id    integer NOT NULL REFERENCES round(id),
  seed        text NOT NULL,
  share       numeric NOT NULL CHECK (share > 0 AND share <= 1),
  created_by  integer REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE recheck_entry (
  recheck_id  integer NOT NULL REFERENCES recheck(id) ON DELETE CASCADE,
  entry_id    integer NOT NULL REFERENCES round_entry(id),
  values      jsonb,
  result      jsonb,
  checked_by  integer REFERENCES app_user(id),
  checked_at  timestamptz,
  PRIMARY KEY (recheck_id, entry_id)
);

CREATE TABLE notification (
  id          bigserial PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  message     text NOT NULL,
  link        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notification_user_idx ON notification (user_id, read_at);
