-- The reports, consent and routing tables again, with their closed sets of values checked by
-- the database as well as the code: a report's band, channel, ASB type, frequency and yes/no
-- columns; a consent's item and channel. Routes stay configuration (a council adds its own),
-- so no constraint lists them.
--
-- SQLite cannot add a CHECK to an existing table, so tables are rebuilt and their rows copied.
-- The migration runs in one transaction with foreign keys on (sqlx's way), and renaming a
-- table then rewrites the references to it: so the old reports table is renamed aside, the new
-- one built, and every table that references reports is rebuilt to reference the new one,
-- before the old one goes.
ALTER TABLE reports RENAME TO reports_unchecked;
DROP INDEX reports_email_key;
DROP INDEX reports_phone_key;
CREATE TABLE reports (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    reference           TEXT NOT NULL UNIQUE,
    draft_id            TEXT NOT NULL UNIQUE,
    category            TEXT NOT NULL,
    asb_type            TEXT NOT NULL CHECK (asb_type IN ('personal', 'nuisance', 'environmental')),
    postcode            TEXT NULL,
    address             TEXT NULL,
    place_description   TEXT NULL,
    area                TEXT NULL,
    incident_date       TEXT NOT NULL,
    ongoing             INTEGER NOT NULL CHECK (ongoing IN (0, 1)),
    frequency           TEXT NOT NULL
                        CHECK (frequency IN ('once', 'daily', 'weekly', 'monthly', 'less_often')),
    description         TEXT NOT NULL,
    people_involved     TEXT NULL,
    anonymous           INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    full_name           TEXT NULL,
    email               TEXT NULL,
    email_key           TEXT NULL,
    phone               TEXT NULL,
    phone_key           TEXT NULL,
    safe_to_email       INTEGER NULL CHECK (safe_to_email IN (0, 1)),
    safe_to_voicemail   INTEGER NULL CHECK (safe_to_voicemail IN (0, 1)),
    contact_times       TEXT NULL,
    affecting           INTEGER NOT NULL CHECK (affecting IN (0, 1)),
    reported_before     INTEGER NOT NULL CHECK (reported_before IN (0, 1)),
    assessed            INTEGER NOT NULL CHECK (assessed IN (0, 1)),
    score               INTEGER NULL CHECK (score >= 0),
    band                TEXT NULL CHECK (band IN ('standard', 'medium', 'high')),
    urgent              INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    second_report       INTEGER NOT NULL CHECK (second_report IN (0, 1)),
    -- How the report came in: the resident online, or an officer entering it for them.
    channel             TEXT NOT NULL CHECK (channel IN ('self_service', 'officer_assisted')),
    submitted_at        TEXT NOT NULL,
    confirmation        TEXT NULL CHECK (confirmation IS NULL OR json_valid(confirmation)),
    -- Assessed exactly when there is a band and a score.
    CHECK ((assessed = 1) = (band IS NOT NULL AND score IS NOT NULL))
);
INSERT INTO reports SELECT id, reference, draft_id, category, asb_type, postcode,
    address, place_description, area, incident_date, ongoing, frequency, description,
    people_involved, anonymous, full_name, email, email_key, phone, phone_key, safe_to_email,
    safe_to_voicemail, contact_times, affecting, reported_before, assessed, score, band, urgent,
    second_report, channel, submitted_at, confirmation FROM reports_unchecked;
CREATE INDEX reports_email_key ON reports(email_key, submitted_at);
CREATE INDEX reports_phone_key ON reports(phone_key, submitted_at);

CREATE TABLE consents_checked (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id       INTEGER NOT NULL REFERENCES reports(id),
    item            TEXT NOT NULL CHECK (item IN ('share', 'contact', 'support', 'mediation')),
    given           INTEGER NOT NULL CHECK (given IN (0, 1)),
    wording_version TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('self_service', 'officer_assisted')),
    -- 'resident', or later the officer's account.
    recorded_by     TEXT NOT NULL
);
INSERT INTO consents_checked SELECT id, report_id, item, given, wording_version, recorded_at,
    channel, recorded_by FROM consents;
DROP TABLE consents;
ALTER TABLE consents_checked RENAME TO consents;
CREATE INDEX consents_report ON consents(report_id);

CREATE TABLE routing_decisions_checked (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    route       TEXT NOT NULL,
    rule        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    held        INTEGER NOT NULL CHECK (held IN (0, 1)),
    decided_at  TEXT NOT NULL
);
INSERT INTO routing_decisions_checked SELECT id, report_id, route, rule, reason, held, decided_at
    FROM routing_decisions;
DROP TABLE routing_decisions;
ALTER TABLE routing_decisions_checked RENAME TO routing_decisions;
CREATE INDEX routing_decisions_report ON routing_decisions(report_id);

-- The other tables that reference reports, as they were, now referencing the new table.
CREATE TABLE assessment_answers_checked (
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    question_id TEXT NOT NULL,
    answer      TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score >= 0),
    PRIMARY KEY (report_id, question_id)
);
INSERT INTO assessment_answers_checked SELECT report_id, question_id, answer, score
    FROM assessment_answers;
DROP TABLE assessment_answers;
ALTER TABLE assessment_answers_checked RENAME TO assessment_answers;

CREATE TABLE outbox_checked (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id       INTEGER NULL REFERENCES reports(id),
    kind            TEXT NOT NULL CHECK (kind IN ('referral', 'acknowledgement')),
    route           TEXT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    recipients      TEXT NOT NULL CHECK (json_valid(recipients) AND json_type(recipients) = 'array'),
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT NULL,
    last_error      TEXT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT NULL
);
INSERT INTO outbox_checked SELECT id, report_id, kind, route, message_id, recipients, subject,
    body, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_checked RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE drafts_checked (
    id              TEXT PRIMARY KEY NOT NULL,
    answers         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    report_id       INTEGER NULL REFERENCES reports(id),
    journey         TEXT NOT NULL DEFAULT 'report',
    format_version  INTEGER NOT NULL DEFAULT 1,
    version         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO drafts_checked SELECT id, answers, created_at, updated_at, report_id, journey,
    format_version, version FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_checked RENAME TO drafts;
CREATE INDEX drafts_updated_at ON drafts(updated_at);

-- Nothing references the old reports table now.
DROP TABLE reports_unchecked;
