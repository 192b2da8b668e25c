-- Reports that share an email or phone with an earlier one are marked for staff, never told to
-- the person (issue: "No oracle"): second_report now comes only from the person's own answer.
ALTER TABLE reports ADD COLUMN possibly_related INTEGER NOT NULL DEFAULT 0
    CHECK (possibly_related IN (0, 1));
