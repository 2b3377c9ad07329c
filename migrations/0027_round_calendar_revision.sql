-- A round's deadlines go out as calendar events (GET /api/rounds/:id/calendar.ics, one stable UID per deadline).
-- Outlook and Google replace an event already imported only when the new copy has a higher SEQUENCE
-- (RFC 5545 §3.8.7.4), so the round counts the revisions of what its events show (the title and the four
-- dates) and keeps when the last one happened (LAST-MODIFIED, DTSTAMP). The trigger owns both columns: a
-- writer cannot set them, and an update that changes none of those five fields leaves them as they were.
-- A restore loads rows with triggers off (session_replication_role = replica), so it keeps the counts it reads.
ALTER TABLE round ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0;
ALTER TABLE round ADD COLUMN calendar_modified_at timestamptz;
UPDATE round SET calendar_modified_at = created_at;
ALTER TABLE round ALTER COLUMN calendar_modified_at SET NOT NULL, ALTER COLUMN calendar_modified_at SET DEFAULT now();

CREATE FUNCTION round_calendar_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.title, NEW.dossier_due, NEW.appraisal_due, NEW.decision_due, NEW.report_due)
     IS DISTINCT FROM (OLD.title, OLD.dossier_due, OLD.appraisal_due, OLD.decision_due, OLD.report_due) THEN
    NEW.calendar_sequence := OLD.calendar_sequence + 1;
    -- Never earlier than the last revision, even if the server's clock steps back.
    NEW.calendar_modified_at := greatest(now(), OLD.calendar_modified_at);
  ELSE
    NEW.calendar_sequence := OLD.calendar_sequence;
    NEW.calendar_modified_at := OLD.calendar_modified_at;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER round_calendar_revision BEFORE UPDATE ON round
  FOR EACH ROW EXECUTE FUNCTION round_calendar_revision();
