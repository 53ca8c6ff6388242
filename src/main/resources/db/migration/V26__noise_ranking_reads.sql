-- Two reads of the noise ranking over a year.
--
-- Log entries counted per rule (fingerprint), UTC day of the incident's opening, and action: the noise
-- ranking's "usually fixed by" over a year reads these few rows instead of every incident of a noisy
-- rule and its log entry. Kept in the transaction that writes a log entry
-- (dev.hush.incidents.IncidentStore.countLogAction).
CREATE TABLE log_action_days (
  fingerprint TEXT NOT NULL,
  day_start BIGINT NOT NULL,
  action TEXT NOT NULL,
  entries BIGINT NOT NULL,
  PRIMARY KEY (fingerprint, day_start, action)
);

INSERT INTO log_action_days (fingerprint, day_start, action, entries)
SELECT i.fingerprint, (i.opened_at / 86400000) * 86400000, l.action, COUNT(*)
FROM oncall_log_entries l JOIN incidents i ON i.id = l.incident_id
GROUP BY i.fingerprint, (i.opened_at / 86400000) * 86400000, l.action;

-- The hours in which a ranked rule paged (to tell night pages apart), found by rule instead of by
-- reading every hour of the team's year; only rows with pages are in it, so counting triggers never
-- touches it.
CREATE INDEX insights_hourly_paged ON insights_hourly (fingerprint, hour_start, service_id, pages) WHERE pages > 0;
