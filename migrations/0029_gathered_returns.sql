-- Returns are gathered: a reviewer's return waits on the dossier (sent_at empty) until the appraiser sends them all at once.
ALTER TABLE item_review ADD COLUMN sent_at timestamptz;
-- Returns made before this change went out when they were made.
UPDATE item_review SET sent_at = reviewed_at WHERE decision = 'returned';
-- Only a return is sent; an acceptance has nothing to send.
ALTER TABLE item_review ADD CONSTRAINT item_review_sent_check CHECK (sent_at IS NULL OR decision = 'returned');
