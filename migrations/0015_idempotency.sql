-- Idempotency keys (src/server/http/idempotency.ts): a request retried with the same Idempotency-Key
-- header gets the first answer instead of doing the work twice. Keys are kept for a day.
CREATE TABLE idempotency_key (
  scope text NOT NULL,            -- the route and the user: "POST /api/…/commit#12"
  key text NOT NULL,
  request_hash text NOT NULL,     -- SHA-256 of what the request asked for; the same key with another request is refused
  status integer,                 -- null while the first request is still running
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
