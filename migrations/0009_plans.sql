-- Yearly plans (Kế hoạch) of a commune or province, their targets, tasks and assignments to agencies,
-- task progress, and the periodic reports (6-month, annual) sent to the level above.
-- Every row carries its unit and province (province_id = the unit itself for a province's own plan).

-- Agencies a plan assigns work to: commune officers, the health station, schools, police, unions, village heads…
CREATE TABLE agency (
  id           serial PRIMARY KEY,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  kind         text NOT NULL CHECK (kind IN ('officer', 'finance', 'health', 'school', 'police', 'youth_union',
                 'women_union', 'fatherland_front', 'farmers_union', 'village_head', 'department', 'other')),
  name         text NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  UNIQUE (unit_id, name)
);
CREATE INDEX agency_province_idx ON agency (province_id);

CREATE TABLE plan (
  id               serial PRIMARY KEY,
  unit_id          integer NOT NULL REFERENCES unit(id),
  province_id      integer NOT NULL REFERENCES unit(id),
  year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  number           text NOT NULL DEFAULT '',       -- '117/KH-UBND'; filled when issued
  issued_on        date,                           -- the document's date; null while a draft
  place            text NOT NULL,                  -- printed in 'An Sơn, ngày … tháng … năm …'
  title            text NOT NULL,                  -- 'Triển khai thực hiện công tác trẻ em năm 2024 trên địa bàn xã An Sơn'
  parent_plan_id   integer REFERENCES plan(id),    -- the plan of the level above it implements
  basis            text NOT NULL DEFAULT '',       -- 'Thực hiện Kế hoạch số … của …' when the parent is not in the product
  purposes         text NOT NULL DEFAULT '',
  requirements     text NOT NULL DEFAULT '',
  budget           text NOT NULL DEFAULT '',
  reporting        text NOT NULL DEFAULT '',       -- the reporting regime (chế độ báo cáo) as written
  six_month_due    text NOT NULL DEFAULT '05-10' CHECK (six_month_due ~ '^[01][0-9]-[0-3][0-9]$'),
  annual_due       text NOT NULL DEFAULT '11-10' CHECK (annual_due ~ '^[01][0-9]-[0-3][0-9]$'),
  report_to        text NOT NULL DEFAULT '',       -- 'UBND tỉnh (qua Sở Y tế)'
  recipients       text NOT NULL DEFAULT '',       -- one recipient per line (Nơi nhận)
  signer_authority text NOT NULL DEFAULT 'TM. ỦY BAN NHÂN DÂN',
  signer_capacity  text NOT NULL DEFAULT 'CHỦ TỊCH',
  signer_title     text NOT NULL DEFAULT '',
  signer_name      text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
  issued_by        integer REFERENCES app_user(id),
  revision         integer NOT NULL DEFAULT 1,     -- bumped on every save; a stale editor is refused
  created_by       integer REFERENCES app_user(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'draft' OR (issued_on IS NOT NULL AND number <> ''))
);
CREATE INDEX plan_unit_idx ON plan (unit_id, year);
CREATE INDEX plan_province_idx ON plan (province_id, year);
CREATE INDEX plan_parent_idx ON plan (parent_plan_id);

-- Mục tiêu: a target may be linked to a measured indicator (src/core/plans/indicators.ts) with a goal.
CREATE TABLE plan_target (
  id              serial PRIMARY KEY,
  plan_id         integer NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  unit_id         integer NOT NULL REFERENCES unit(id),
  province_id     integer NOT NULL REFERENCES unit(id),
  position        integer NOT NULL,
  text            text NOT NULL,
  indicator       text,
  goal            numeric,
  inherited_from  integer REFERENCES plan_target(id) ON DELETE SET NULL,
  UNIQUE (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- Nhiệm vụ, giải pháp: each task has its deadline, the agencies that carry it out, a status and progress.
CREATE TABLE plan_task (
  id              serial PRIMARY KEY,
  plan_id         integer NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  unit_id         integer NOT NULL REFERENCES unit(id),
  province_id     integer NOT NULL REFERENCES unit(id),
  position        integer NOT NULL,
  text            text NOT NULL,
  due_on          date,
  status          text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),
  progress        integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  done_on         date,
  inherited_from  integer REFERENCES plan_task(id) ON DELETE SET NULL,
  reminded_at     timestamptz,
  UNIQUE (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX plan_task_due_idx ON plan_task (unit_id, due_on) WHERE status IN ('not_started', 'in_progress');

CREATE TABLE plan_task_agency (
  task_id    integer NOT NULL REFERENCES plan_task(id) ON DELETE CASCADE,
  agency_id  integer NOT NULL REFERENCES agency(id),
  PRIMARY KEY (task_id, agency_id)
);
CREATE INDEX plan_task_agency_agency_idx ON plan_task_agency (agency_id);

-- Tổ chức thực hiện: what each agency is charged with, as a paragraph per agency.
CREATE TABLE plan_assignment (
  id           serial PRIMARY KEY,
  plan_id      integer NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  position     integer NOT NULL,
  agency_id    integer NOT NULL REFERENCES agency(id),
  heading      text NOT NULL DEFAULT '',           -- as printed, when it differs from the agency's name ('Đề nghị Ủy ban MTTQ xã…')
  duties       text NOT NULL,
  UNIQUE (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE task_progress (
  id           serial PRIMARY KEY,
  task_id      integer NOT NULL REFERENCES plan_task(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  noted_on     date NOT NULL,
  progress     integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
  note         text NOT NULL,
  evidence     text NOT NULL DEFAULT '',           -- the document or record that proves it ('Biên bản số 12 ngày …')
  created_by   integer REFERENCES app_user(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_progress_task_idx ON task_progress (task_id, noted_on);

-- Báo cáo định kỳ: drafted from the data, edited, submitted once; the figures are frozen on submission.
CREATE TABLE periodic_report (
  id            serial PRIMARY KEY,
  unit_id       integer NOT NULL REFERENCES unit(id),
  province_id   integer NOT NULL REFERENCES unit(id),
  year          integer NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('six_month', 'annual')),
  plan_id       integer REFERENCES plan(id),
  due_on        date NOT NULL,
  narrative     text NOT NULL DEFAULT '',
  figures       jsonb,                               -- frozen at submission; drafted live before
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  number        text NOT NULL DEFAULT '',
  submitted_at  timestamptz,
  submitted_by  integer REFERENCES app_user(id),
  submission_key text,                               -- the client's idempotency key: a retried submit answers as the first
  revision      integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, year, kind),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX periodic_report_province_idx ON periodic_report (province_id, year, kind);
