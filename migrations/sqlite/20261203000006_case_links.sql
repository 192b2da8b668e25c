-- Reports an officer linked into one piece of work: the same problem reported by several
-- people, or neighbours reporting each other. One row per pair, the lower report id first, so
-- a link reads the same from either side. Each case page shows the other report's reference,
-- category and status only: each party's details stay on their own report. The same table as
-- migrations/postgres/20261203000006_case_links.sql.

CREATE TABLE case_links (
    report_id        INTEGER NOT NULL REFERENCES reports(id),
    linked_report_id INTEGER NOT NULL REFERENCES reports(id),
    kind             TEXT NOT NULL CHECK (kind IN ('same_problem', 'counter_allegation')),
    -- The officer's words, staff-only; blanked with the report's personal data.
    reason           TEXT NOT NULL,
    linked_by        INTEGER NOT NULL REFERENCES staff_accounts(id),
    linked_at        TEXT NOT NULL,
    PRIMARY KEY (report_id, linked_report_id),
    CHECK (report_id < linked_report_id)
);
CREATE INDEX case_links_linked ON case_links(linked_report_id);
