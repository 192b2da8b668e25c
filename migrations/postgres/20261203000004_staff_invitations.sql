-- Invitations to the staff area: the same as
-- migrations/sqlite/20261203000004_staff_invitations.sql, whose comments say what each holds.

CREATE TABLE staff_invitations (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    account_id  BIGINT NOT NULL REFERENCES staff_accounts(id),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ NULL
);
CREATE INDEX staff_invitations_account ON staff_invitations(account_id);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('referral', 'acknowledgement', 'invitation'));
ALTER TABLE outbox ADD COLUMN staff_account_id BIGINT NULL REFERENCES staff_accounts(id);
