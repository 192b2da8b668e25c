-- Who the resident reported the problem to before (a JSON list of council, police,
-- housing_provider, other), asked on the "earlier reports" page; the ASB Case Review reuses it.
-- NULL when they said they had not reported it before.
ALTER TABLE reports ADD COLUMN reported_to TEXT NULL CHECK (reported_to IS NULL OR json_valid(reported_to));
