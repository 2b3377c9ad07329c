-- E-mail for notifications when SMTP is configured: an address per account, and the notification
-- table doubles as the outbox (emailed_at is set once a message has gone out).
ALTER TABLE app_user ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE notification ADD COLUMN emailed_at timestamptz;
CREATE INDEX notification_outbox_idx ON notification (id) WHERE emailed_at IS NULL;
