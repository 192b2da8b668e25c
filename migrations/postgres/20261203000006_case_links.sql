-- Linked reports: the same table as migrations/sqlite/20261203000006_case_links.sql, whose
-- comments say what it holds.

CREATE TABLE case_links (
    report_id        BIGINT NOT NULL REFERENCES reports(id),
    linked_report_id BIGINT NOT NULL REFERENCES reports(id),
    kind             TEXT NOT NULL CHECK (kind IN ('same_problem', 'counter_allegation')),
    reason           TEXT NOT NULL,
    linked_by        BIGINT NOT NULL REFERENCES staff_accounts(id),
    linked_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, linked_report_id),
    CHECK (report_id < linked_report_id)
);
CREATE INDEX case_links_linked ON case_links(linked_report_id);
