-- A report's earlier portal reports proven to be the same person's (made from the same
-- browser, or typed in by reference with this report's own email or phone), within six
-- months: a JSON list of report ids. An ASB Case Review started from this report's
-- confirmation counts them with it.
ALTER TABLE reports ADD COLUMN proven_earlier_reports TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(proven_earlier_reports) AND json_type(proven_earlier_reports) = 'array');
