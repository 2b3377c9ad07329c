-- Sessions end after an idle period as well as at their absolute expiry, and an account is locked for a
-- while after repeated wrong passwords (OWASP ASVS 2.2.1, 3.3.2).
ALTER TABLE session ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until timestamptz;
