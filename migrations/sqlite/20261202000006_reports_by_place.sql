-- The community threshold of the ASB Case Review (off by default) counts the different people
-- reporting the same category in the same area within the window. This index holds all it
-- reads, so the count never touches the reports themselves.
CREATE INDEX reports_by_place
    ON reports(category, area, submitted_at, anonymous, email_key, phone_key);
