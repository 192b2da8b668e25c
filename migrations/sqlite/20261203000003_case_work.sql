-- Working a case: its status, accountable lead and closure (a report with no row here is
-- `new`), the actions taken when it closed, and staff notes. The same tables as
-- migrations/postgres/20261203000003_case_work.sql. Each change is also in audit_events.

CREATE TABLE cases (
    report_id       INTEGER PRIMARY KEY REFERENCES reports(id),
    status          TEXT NOT NULL CHECK (status IN ('new', 'open', 'closed')),
    -- The single point of contact: the one accountable officer.
    lead_account_id INTEGER NULL REFERENCES staff_accounts(id),
    accepted_at     TEXT NULL,
    closed_at       TEXT NULL,
    -- One of [case_work] closure_reasons, while closed.
    closure_reason  TEXT NULL,
    updated_at      TEXT NOT NULL,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closure_reason IS NOT NULL))
);

-- The actions taken, from [case_work] outcomes, recorded when the case closed.
CREATE TABLE case_outcomes (
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    outcome     TEXT NOT NULL,
    PRIMARY KEY (report_id, outcome)
);

-- Staff notes: staff-only, never shown to the resident.
CREATE TABLE case_notes (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    account_id  INTEGER NOT NULL REFERENCES staff_accounts(id),
    written_at  TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX case_notes_report ON case_notes(report_id, written_at);
