-- When a report's personal data was erased under the retention policy (domain::retention); the
-- row keeps its anonymous facts. The same as migrations/postgres/20261203000005_retention.sql.
ALTER TABLE reports ADD COLUMN erased_at TEXT NULL;
CREATE INDEX cases_closed ON cases(status, closed_at);
