-- Invitations to the staff area: an administrator names someone and their roles, and the
-- portal emails them a one-time link (through the outbox, as every email) to set a password.
-- The same as migrations/postgres/20261203000004_staff_invitations.sql.

-- `token_hash` is SHA-256 of the link's random token, never the token itself.
CREATE TABLE staff_invitations (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES staff_accounts(id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT NULL
);
CREATE INDEX staff_invitations_account ON staff_invitations(account_id);

-- The outbox again (SQLite cannot change a CHECK in place): the invitation is a kind of its
-- own, pointing at the account it is for.
CREATE TABLE outbox_with_invitations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id           INTEGER NULL REFERENCES reports(id),
    kind                TEXT NOT NULL CHECK (kind IN ('referral', 'acknowledgement', 'invitation')),
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
INSERT INTO outbox_with_invitations (id, report_id, kind, route, message_id, recipients, subject,
    body, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at,
    case_review_id)
SELECT id, report_id, kind, route, message_id, recipients, subject, body, status, attempts,
    next_attempt_at, lease_until, last_error, created_at, sent_at, case_review_id
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_with_invitations RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
