-- What the confirmation page told the person (JSON: reference, response date, whether an
-- acknowledgement was sent, their assessment profile, the help offered), stored with the
-- report so the page reads it back instead of keeping answers in the draft. It is also what
-- staff need to know of what the resident was told. NULL for reports made before it was kept.
ALTER TABLE reports ADD COLUMN confirmation TEXT NULL;
