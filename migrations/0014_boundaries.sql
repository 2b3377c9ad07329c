-- Boundaries of provinces and communes for the dashboards' maps, imported from GeoJSON/TopoJSON files (none
-- ship with the product). Each import is a version: a unit's boundary is the one of its newest committed import.

CREATE TABLE boundary_import (
  id serial PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('province', 'commune')),
  -- The province a commune file was matched against; null for a national file.
  province_id integer REFERENCES unit(id),
  file_name text NOT NULL,
  code_property text NOT NULL,
  feature_count integer NOT NULL,
  matched_count integer NOT NULL,
  -- The previewed, simplified geometries ({unitId: geometry}) until the commit moves them to unit_boundary.
  pending jsonb,
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz
);
CREATE INDEX boundary_import_committed_idx ON boundary_import (committed_at) WHERE committed_at IS NOT NULL;

CREATE TABLE unit_boundary (
  unit_id integer NOT NULL REFERENCES unit(id),
  import_id integer NOT NULL REFERENCES boundary_import(id),
  province_id integer NOT NULL REFERENCES unit(id),
  -- GeoJSON Polygon or MultiPolygon in longitude/latitude, simplified on import.
  geometry jsonb NOT NULL,
  PRIMARY KEY (unit_id, import_id)
);
CREATE INDEX unit_boundary_province_key_idx ON unit_boundary (province_id);
CREATE TRIGGER unit_boundary_province_key BEFORE INSERT ON unit_boundary FOR EACH ROW EXECUTE FUNCTION fill_province_id('unit', 'unit_id');
