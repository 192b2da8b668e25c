-- Drafts learn which journey they belong to and which answer format they were saved in, so a
-- release can still read drafts in progress (fields added since take their defaults), and
-- count their edits: `version` goes up with every save, and the final submit commits only the
-- version that "Check your answers" showed (a change made meanwhile, in another tab, sends
-- the person back to check again).
ALTER TABLE drafts ADD COLUMN journey TEXT NOT NULL DEFAULT 'report';
ALTER TABLE drafts ADD COLUMN format_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- The outbox again, with its states and kinds constrained, recipients as a JSON list, and a
-- claim: a worker marks a message `sending` with a lease before it sends, so two portal
-- processes never send one message twice, and a message whose worker died mid-send is picked
-- up again once the lease has passed.
-- status: 'pending' → 'sending' → 'sent', or back to 'pending' for a retry, or 'dead' after
-- the configured attempts.
CREATE TABLE outbox_new (
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
    -- While `sending`: when the claim runs out and another worker may take the message.
    lease_until     TEXT NULL,
    last_error      TEXT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT NULL
);
INSERT INTO outbox_new (id, report_id, kind, route, message_id, recipients, subject, body,
                        status, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT id, report_id, kind, route, message_id,
       '["' || replace(recipients, ',', '","') || '"]',
       subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
