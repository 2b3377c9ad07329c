-- Children's forums and consultations, the recommendations they make and the answers of the
-- authorities (Thông tư 29/2019/TT-BLĐTBXH), and events held for children (criteria 11 and 12).
-- Every row carries its commune (unit_id) and province (province_id), as in the register.

CREATE TABLE child_forum (
  id             serial PRIMARY KEY,
  unit_id        integer NOT NULL REFERENCES unit(id),
  province_id    integer NOT NULL REFERENCES unit(id),
  kind           text NOT NULL CHECK (kind IN ('forum', 'consultation')),
  held_on        date NOT NULL,
  level          text NOT NULL CHECK (level IN ('commune', 'village', 'school', 'province')),
  title          text NOT NULL,
  boys_under11   integer NOT NULL DEFAULT 0 CHECK (boys_under11 >= 0),
  girls_under11  integer NOT NULL DEFAULT 0 CHECK (girls_under11 >= 0),
  boys_11to15    integer NOT NULL DEFAULT 0 CHECK (boys_11to15 >= 0),
  girls_11to15   integer NOT NULL DEFAULT 0 CHECK (girls_11to15 >= 0),
  boys_16to17    integer NOT NULL DEFAULT 0 CHECK (boys_16to17 >= 0),
  girls_16to17   integer NOT NULL DEFAULT 0 CHECK (girls_16to17 >= 0),
  note           text NOT NULL DEFAULT '',
  created_by     integer REFERENCES app_user(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     integer REFERENCES app_user(id),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX child_forum_unit_idx ON child_forum (unit_id, held_on);
CREATE INDEX child_forum_province_idx ON child_forum (province_id);

CREATE TABLE forum_recommendation (
  id             serial PRIMARY KEY,
  forum_id       integer NOT NULL REFERENCES child_forum(id) ON DELETE CASCADE,
  unit_id        integer NOT NULL REFERENCES unit(id),
  province_id    integer NOT NULL REFERENCES unit(id),
  text           text NOT NULL,
  agency         text NOT NULL,               -- the agency or person that must answer
  due_on         date,
  answer         text,
  answered_on    date,
  answered_by    integer REFERENCES app_user(id),
  CHECK ((answer IS NULL) = (answered_on IS NULL))
);
CREATE INDEX forum_recommendation_forum_idx ON forum_recommendation (forum_id);
CREATE INDEX forum_recommendation_unit_idx ON forum_recommendation (unit_id);

CREATE TABLE child_event (
  id             serial PRIMARY KEY,
  unit_id        integer NOT NULL REFERENCES unit(id),
  province_id    integer NOT NULL REFERENCES unit(id),
  kind           text NOT NULL CHECK (kind IN ('action_month', 'children_day', 'mid_autumn', 'other')),
  held_on        date NOT NULL,
  title          text NOT NULL,
  participants   integer NOT NULL DEFAULT 0 CHECK (participants >= 0),
  note           text NOT NULL DEFAULT '',
  created_by     integer REFERENCES app_user(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX child_event_unit_idx ON child_event (unit_id, held_on);
CREATE INDEX child_event_province_idx ON child_event (province_id);
