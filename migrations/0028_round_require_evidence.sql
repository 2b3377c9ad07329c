-- A round may require evidence for every criterion: a dossier missing some is refused at submission.
ALTER TABLE round ADD COLUMN require_evidence boolean NOT NULL DEFAULT false;
