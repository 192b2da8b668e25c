-- The staff area: accounts and their roles, sessions, failed sign-ins (for throttling),
-- recovery codes, and the append-only audit trail. The same tables as
-- migrations/postgres/20261203000002_staff.sql.

-- A staff account. `email` is lower-cased; `password_hash` is argon2id (PHC string);
-- `totp_secret` (base32) is set once the account has enrolled an authenticator app, and
-- `totp_last_step` is the time step of the last code used, so a code works once.
CREATE TABLE staff_accounts (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NULL,
    totp_secret     TEXT NULL,
    totp_last_step  INTEGER NULL,
    created_at      TEXT NOT NULL,
    disabled_at     TEXT NULL
);

-- What each account may do (`domain::staff::Role`): triage, case_review, admin, auditor, or a
-- partner route's id.
CREATE TABLE staff_roles (
    account_id  INTEGER NOT NULL REFERENCES staff_accounts(id),
    role        TEXT NOT NULL,
    PRIMARY KEY (account_id, role)
);

-- A signed-in browser. `id` is a hash of the id in its cookie (never the id itself);
-- `second_factor_at` is when the one-time code was given (NULL: password only, so far);
-- `pending_totp_secret` holds a secret being enrolled until a code from it is confirmed.
CREATE TABLE staff_sessions (
    id                  TEXT PRIMARY KEY NOT NULL,
    account_id          INTEGER NOT NULL REFERENCES staff_accounts(id),
    created_at          TEXT NOT NULL,
    last_seen_at        TEXT NOT NULL,
    second_factor_at    TEXT NULL,
    pending_totp_secret TEXT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions(account_id);

-- A failed sign-in, by a hash of the email tried and by the client's address.
CREATE TABLE sign_in_failures (
    id          INTEGER PRIMARY KEY,
    email_key   TEXT NOT NULL,
    address     TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures(email_key, failed_at);
CREATE INDEX sign_in_failures_address ON sign_in_failures(address, failed_at);

-- Single-use recovery codes, stored hashed.
CREATE TABLE staff_recovery_codes (
    account_id  INTEGER NOT NULL REFERENCES staff_accounts(id),
    code_hash   TEXT NOT NULL,
    used_at     TEXT NULL,
    PRIMARY KEY (account_id, code_hash)
);

-- Every staff view of a case and every change: who, when, what, and from → to. Ids, actions
-- and field names only, never personal values, so erasing a report's personal data leaves it
-- whole. Rows are only ever added; the triggers refuse to change or delete one.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    account_id  INTEGER NULL REFERENCES staff_accounts(id),
    action      TEXT NOT NULL,
    report_id   INTEGER NULL REFERENCES reports(id),
    -- The staff account an administrator's change was to (an invitation, roles, disabling).
    subject_account_id INTEGER NULL REFERENCES staff_accounts(id),
    field       TEXT NULL,
    from_value  TEXT NULL,
    to_value    TEXT NULL
);
CREATE INDEX audit_events_report ON audit_events(report_id, at);
CREATE INDEX audit_events_account ON audit_events(account_id, at);

CREATE TRIGGER audit_events_are_never_changed BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are never changed');
END;
CREATE TRIGGER audit_events_are_never_deleted BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are never deleted');
END;
