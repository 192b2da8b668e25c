-- Officers' risk assessments (initial, review, closing): the residents' questionnaire asked by
-- an officer. The latest supersedes the resident's self-assessment: its band is copied to
-- cases.officer_band, which the queue and the dashboard read before reports.band. The answers
-- are health details: deleted with the report's personal data (the band and score stay). The
-- same table as migrations/postgres/20261203000007_officer_assessments.sql.

CREATE TABLE officer_assessments (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    account_id  INTEGER NOT NULL REFERENCES staff_accounts(id),
    stage       TEXT NOT NULL CHECK (stage IN ('initial', 'review', 'closing')),
    -- Question id → option value, as JSON.
    answers     TEXT NOT NULL CHECK (json_valid(answers)),
    score       INTEGER NOT NULL CHECK (score >= 0),
    band        TEXT NOT NULL CHECK (band IN ('standard', 'medium', 'high')),
    assessed_at TEXT NOT NULL
);
CREATE INDEX officer_assessments_report ON officer_assessments(report_id, id);

ALTER TABLE cases ADD COLUMN officer_band TEXT NULL
    CHECK (officer_band IS NULL OR officer_band IN ('standard', 'medium', 'high'));
