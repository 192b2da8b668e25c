-- Safeguarding referrals staff made about a case (to adult or child safeguarding, or domestic
-- abuse services), and the outbox's new kind: 'update', the email telling a resident their
-- case reached a milestone. The same as
-- migrations/postgres/20261203000008_safeguarding_and_updates.sql.

CREATE TABLE safeguarding_referrals (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    account_id  INTEGER NOT NULL REFERENCES staff_accounts(id),
    kind        TEXT NOT NULL CHECK (kind IN ('adult', 'child', 'domestic_abuse')),
    -- The agency it went to, e.g. "Adult Social Care".
    agency      TEXT NOT NULL,
    made_on     TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX safeguarding_referrals_report ON safeguarding_referrals(report_id);

-- The outbox again (SQLite cannot change a CHECK in place).
CREATE TABLE outbox_with_updates (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id           INTEGER NULL REFERENCES reports(id),
    kind                TEXT NOT NULL
                        CHECK (kind IN ('referral', 'acknowledgement', 'invitation', 'update')),
    route               TEXT NULL,
    message_id          TEXT NOT NULL UNIQUE,
    recipients          TEXT NOT NULL CHECK (json_valid(recipients) AND json_type(recipients) = 'array'),
    subject             TEXT NOT NULL,
    body                TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     TEXT NOT NULL,
    lease_until         TEXT NULL,
    last_error          TEXT NULL,
    created_at          TEXT NOT NULL,
    sent_at             TEXT NULL,
    case_review_id      INTEGER NULL REFERENCES case_reviews(id),
    staff_account_id    INTEGER NULL REFERENCES staff_accounts(id)
);
INSERT INTO outbox_with_updates (id, report_id, kind, route, message_id, recipients, subject,
    body, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at,
    case_review_id, staff_account_id)
SELECT id, report_id, kind, route, message_id, recipients, subject, body, status, attempts,
    next_attempt_at, lease_until, last_error, created_at, sent_at, case_review_id,
    staff_account_id
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_with_updates RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
