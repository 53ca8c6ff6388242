-- The incident list asks every few seconds which incident last paged the person looking at it
-- (for the opt-in browser notification); without this, each ask scans every page ever sent.
CREATE INDEX insights_person_pages_user ON insights_person_pages (user_id, incident_id);
