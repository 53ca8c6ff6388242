-- Interruptions: the first page to a person for an incident. Further pages of the same incident
-- (other contact methods, retries, repeats of a step) are not another interruption. One row per
-- (incident, person) keeps that rule cheap to apply in the paging transaction. counted = 0 marks a
-- row not yet added to insights_person_hourly: the rows backfilled here, whose band needs the
-- person's zone and the configured hour bands, and is added in Java at start-up.
CREATE TABLE insights_person_pages (
  incident_id BIGINT NOT NULL REFERENCES incidents (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  paged_at BIGINT NOT NULL,
  counted INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX insights_person_pages_uncounted ON insights_person_pages (paged_at) WHERE counted = 0;

-- Interruptions per person and UTC hour, by band (business, off and sleep hours in the person's zone
-- at the time of the page), maintained in the transaction that queues the page.
CREATE TABLE insights_person_hourly (
  user_id BIGINT NOT NULL REFERENCES users (id),
  hour_start BIGINT NOT NULL,
  business INTEGER NOT NULL DEFAULT 0,
  off_hours INTEGER NOT NULL DEFAULT 0,
  sleep INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, hour_start)
);

-- Pages already sent: a person's pages, not a team channel's posts (':channel') nor the notice
-- that a contact method keeps failing ('failing:').
INSERT INTO insights_person_pages (incident_id, user_id, paged_at, counted)
SELECT incident_id, user_id, MIN(created_at), 0 FROM notifications
WHERE incident_id IS NOT NULL AND idempotency_key NOT LIKE '%:channel%' AND idempotency_key NOT LIKE 'failing:%'
GROUP BY incident_id, user_id;

-- The expertise map reads a team's incidents of one quarter per service; without this, each
-- service's whole history is scanned. Set once at insert (opened_at never changes).
CREATE INDEX incidents_service_opened ON incidents (service_id, opened_at);
