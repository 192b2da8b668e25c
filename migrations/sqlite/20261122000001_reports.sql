-- The data model of Journey 1 (report ASB). Dates and times are ISO 8601 text in UTC.

-- A report in progress. The browser holds only the opaque id (in the `asb_draft` cookie);
-- the answers live here so a person can go back, change an answer or lose their connection
-- without losing work. `report_id` is set by the final submit and makes it idempotent.
-- Drafts are deleted after the configured lifetime.
CREATE TABLE drafts (
    id          TEXT PRIMARY KEY NOT NULL,
    answers     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    report_id   INTEGER NULL REFERENCES reports(id)
);
CREATE INDEX drafts_updated_at ON drafts(updated_at);

-- A submitted report. Personal details (name, contact, location, description) stay here and
-- never reach logs or minimal partner mail. `draft_id` is unique so a retried submit of the same
-- draft can never make a second report.
CREATE TABLE reports (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    reference           TEXT NOT NULL UNIQUE,
    draft_id            TEXT NOT NULL UNIQUE,
    category            TEXT NOT NULL,
    asb_type            TEXT NOT NULL,
    postcode            TEXT NULL,
    address             TEXT NULL,
    place_description   TEXT NULL,
    area                TEXT NULL,
    incident_date       TEXT NOT NULL,
    ongoing             INTEGER NOT NULL,
    frequency           TEXT NOT NULL,
    description         TEXT NOT NULL,
    people_involved     TEXT NULL,
    anonymous           INTEGER NOT NULL,
    full_name           TEXT NULL,
    email               TEXT NULL,
    -- Normalised contact details, to find the same person's earlier reports.
    email_key           TEXT NULL,
    phone               TEXT NULL,
    phone_key           TEXT NULL,
    safe_to_email       INTEGER NULL,
    safe_to_voicemail   INTEGER NULL,
    contact_times       TEXT NULL,
    affecting           INTEGER NOT NULL,
    reported_before     INTEGER NOT NULL,
    -- Whether the needs assessment was asked; score and band are NULL when it was not.
    assessed            INTEGER NOT NULL,
    score               INTEGER NULL,
    band                TEXT NULL,
    -- A critical answer (thoughts of self-harm): the referral needs a same-day response.
    urgent              INTEGER NOT NULL,
    -- At least the person's second report within six months: the case review was explained.
    second_report       INTEGER NOT NULL,
    -- 'self_service' or 'officer_assisted'.
    channel             TEXT NOT NULL,
    submitted_at        TEXT NOT NULL
);
CREATE INDEX reports_email_key ON reports(email_key, submitted_at);
CREATE INDEX reports_phone_key ON reports(phone_key, submitted_at);

-- The needs assessment answers, one row per question, with the score each answer earned.
CREATE TABLE assessment_answers (
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    question_id TEXT NOT NULL,
    answer      TEXT NOT NULL,
    score       INTEGER NOT NULL,
    PRIMARY KEY (report_id, question_id)
);

-- Every consent answer, given or refused, with the exact wording's version, when, how and by
-- whom. Consent to be referred is not the lawful basis for processing (public task is), so it
-- lives apart from the report itself. Rows are only ever added: a withdrawal is a new row.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id       INTEGER NOT NULL REFERENCES reports(id),
    item            TEXT NOT NULL,
    given           INTEGER NOT NULL,
    wording_version TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
);
CREATE INDEX consents_report ON consents(report_id);

-- The portal's routing recommendation: one row per route, with the rule that fired so an
-- officer can see why. `held` marks a referral waiting for a triage officer's decision.
CREATE TABLE routing_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    route       TEXT NOT NULL,
    rule        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    held        INTEGER NOT NULL,
    decided_at  TEXT NOT NULL
);
CREATE INDEX routing_decisions_report ON routing_decisions(report_id);

-- Emails, written in the same transaction as the change that caused them, and delivered by the
-- outbox worker with retries. `message_id` is fixed when the row is written so a retried send
-- can be recognised. status: 'pending' → 'sent', or 'dead' after the configured attempts.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id       INTEGER NULL REFERENCES reports(id),
    kind            TEXT NOT NULL,
    route           TEXT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    recipients      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT NULL
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
