-- When a report's personal data was erased (see migrations/sqlite/20261203000005_retention.sql).
ALTER TABLE reports ADD COLUMN erased_at TIMESTAMPTZ NULL;
CREATE INDEX cases_closed ON cases(status, closed_at);
