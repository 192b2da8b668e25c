-- Reporting for someone else: whom each report is for and, for a report made for someone else,
-- that person. The contact columns of `reports` are then the reporter's own. Each consent's
-- `recorded_by` says who gave it: 'resident', 'reporter' (about themselves) or
-- 'reporter_for_person_affected'.
ALTER TABLE reports ADD COLUMN reporting_for TEXT NOT NULL DEFAULT 'myself'
    CHECK (reporting_for IN ('myself', 'someone_else'));

CREATE TABLE people_affected (
    report_id         INTEGER PRIMARY KEY REFERENCES reports(id),
    name              TEXT NOT NULL,
    reporter_role     TEXT NOT NULL
        CHECK (reporter_role IN ('relative', 'carer', 'professional', 'neighbour', 'other')),
    -- Whether they know about the report and agree: without it the report reaches triage only.
    agreement         TEXT NULL
        CHECK (agreement IS NULL OR agreement IN ('knows_and_agrees', 'knows_but_does_not_agree',
            'does_not_know')),
    -- Whether we may contact them directly, asked only when they agree.
    contact_them      INTEGER NULL CHECK (contact_them IS NULL OR contact_them IN (0, 1)),
    email             TEXT NULL,
    phone             TEXT NULL,
    safe_to_email     INTEGER NULL CHECK (safe_to_email IS NULL OR safe_to_email IN (0, 1)),
    safe_to_voicemail INTEGER NULL CHECK (safe_to_voicemail IS NULL OR safe_to_voicemail IN (0, 1)),
    contact_times     TEXT NULL
);
