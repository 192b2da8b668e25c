-- The statutory figures read five columns of every application. An index holding exactly
-- those lets the figures page read the index alone, never the (much wider) rows.
CREATE INDEX case_reviews_figures
    ON case_reviews(submitted_at, decision, decided_at, review_held_at, recommendations_made);
