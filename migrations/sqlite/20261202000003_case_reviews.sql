-- ASB Case Review applications (Journey 2). One row per application, with what the applicant
-- told us, the consent to share for the review, the threshold engine's provisional result and
-- its explanation, and the deadlines. The decision columns are for the staff area: a person
-- records the threshold decision; the engine's result is never the decision.
CREATE TABLE case_reviews (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    reference               TEXT NOT NULL UNIQUE,
    draft_id                TEXT NOT NULL UNIQUE,
    applicant               TEXT NOT NULL
                            CHECK (applicant IN ('victim', 'on_behalf', 'business', 'community_group')),
    victim_name             TEXT NULL,
    organisation            TEXT NULL,
    full_name               TEXT NOT NULL,
    email                   TEXT NULL,
    email_key               TEXT NULL,
    phone                   TEXT NULL,
    phone_key               TEXT NULL,
    safe_to_email           INTEGER NULL CHECK (safe_to_email IN (0, 1)),
    safe_to_voicemail       INTEGER NULL CHECK (safe_to_voicemail IN (0, 1)),
    contact_times           TEXT NULL,
    impact                  TEXT NOT NULL,
    hate                    TEXT NOT NULL CHECK (hate IN ('yes', 'no', 'not_sure')),
    outcome_hoped           TEXT NOT NULL,
    taking_part             TEXT NOT NULL
                            CHECK (taking_part IN ('in_person', 'online', 'written', 'no')),
    consent_wording_version TEXT NOT NULL,
    threshold_outcome       TEXT NOT NULL
                            CHECK (threshold_outcome IN ('met', 'met_pending_verification', 'not_met')),
    threshold_explanation   TEXT NOT NULL CHECK (json_valid(threshold_explanation)),
    decision_by             TEXT NOT NULL,
    meeting_by              TEXT NOT NULL,
    outcome_by              TEXT NOT NULL,
    submitted_at            TEXT NOT NULL,
    confirmation            TEXT NOT NULL CHECK (json_valid(confirmation)),
    decision                TEXT NULL CHECK (decision IN ('threshold_met', 'threshold_not_met')),
    decided_at              TEXT NULL,
    review_held_at          TEXT NULL,
    recommendations_made    INTEGER NULL CHECK (recommendations_made IN (0, 1)),
    CHECK ((applicant = 'on_behalf') = (victim_name IS NOT NULL)),
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
CREATE INDEX case_reviews_submitted ON case_reviews(submitted_at);

-- The complaints an application rests on: portal reports whose link to the applicant is
-- proven, complaints made elsewhere that the applicant declared, and portal reports that only
-- share an email or phone (possibly related: for the coordinator, never counted or shown to
-- the applicant). Each has the engine's verdict.
CREATE TABLE case_review_complaints (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_review_id  INTEGER NOT NULL REFERENCES case_reviews(id),
    source          TEXT NOT NULL CHECK (source IN ('portal', 'declared', 'possibly_related')),
    report_id       INTEGER NULL REFERENCES reports(id),
    incident_date   TEXT NOT NULL,
    reported_on     TEXT NOT NULL,
    channel         TEXT NOT NULL
                    CHECK (channel IN ('portal', 'council', 'police', 'housing_provider', 'other')),
    how             TEXT NULL,
    their_reference TEXT NULL,
    details         TEXT NULL,
    verified        INTEGER NOT NULL CHECK (verified IN (0, 1)),
    counted         INTEGER NOT NULL CHECK (counted IN (0, 1)),
    reason          TEXT NOT NULL,
    CHECK ((source = 'declared') = (report_id IS NULL))
);
CREATE INDEX case_review_complaints_review ON case_review_complaints(case_review_id);

-- A submitted application's draft points at it, as a report's does (drafts.report_id).
ALTER TABLE drafts ADD COLUMN case_review_id INTEGER NULL REFERENCES case_reviews(id);
-- Mail about an application: the acknowledgement and the coordinator's notice.
ALTER TABLE outbox ADD COLUMN case_review_id INTEGER NULL REFERENCES case_reviews(id);
