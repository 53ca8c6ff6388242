-- The insights rollup: what happened to incidents, counted per service, alert rule (fingerprint) and
-- the UTC hour the incident opened in. Every counter belongs to the incident's opening hour, so a
-- week's figures never change shape when a late ack or log entry arrives. It is kept in the same
-- transaction as the write it counts (dev.hush.insights.InsightsStore); the insights read it instead
-- of raw events.
--
-- A page is an incident for which an escalation step queued at least one notification to a person
-- (posts to a team's channel and "your method keeps failing" notes are not pages). paged_at marks the
-- first one, so each incident counts as a page once, whichever step or node queued it.
ALTER TABLE incidents ADD COLUMN paged_at BIGINT;
UPDATE incidents SET paged_at = (
  SELECT MIN(n.created_at) FROM notifications n
  WHERE n.incident_id = incidents.id AND n.idempotency_key NOT LIKE 'failing:%' AND n.idempotency_key NOT LIKE '%:channel%');

-- acked/resolved: the incident's first acknowledgement and resolve (a reopen does not count twice),
-- with the sum of milliseconds from opening, for the mean. sender_resolved_fast: the sender itself
-- resolved it within 5 minutes of opening. acted_on: its on-call log entry says something was done
-- (any action but 'no action').
CREATE TABLE insights_hourly (
  service_id BIGINT NOT NULL,
  hour_start BIGINT NOT NULL,
  fingerprint TEXT NOT NULL,
  alert_events BIGINT NOT NULL DEFAULT 0,
  incidents_opened BIGINT NOT NULL DEFAULT 0,
  pages BIGINT NOT NULL DEFAULT 0,
  acked BIGINT NOT NULL DEFAULT 0,
  ack_ms_sum BIGINT NOT NULL DEFAULT 0,
  resolved BIGINT NOT NULL DEFAULT 0,
  resolve_ms_sum BIGINT NOT NULL DEFAULT 0,
  sender_resolved_fast BIGINT NOT NULL DEFAULT 0,
  acted_on BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, hour_start, fingerprint)
);

INSERT INTO insights_hourly (service_id, hour_start, fingerprint, alert_events, incidents_opened, pages, acked, ack_ms_sum,
  resolved, resolve_ms_sum, sender_resolved_fast, acted_on)
SELECT i.service_id, (i.opened_at / 3600000) * 3600000, i.fingerprint,
  SUM(i.trigger_count),
  COUNT(*),
  SUM(CASE WHEN i.paged_at IS NOT NULL THEN 1 ELSE 0 END),
  -- an ack after the first resolve belongs to a later episode
  SUM(CASE WHEN a.first_at IS NOT NULL AND (r.first_at IS NULL OR a.first_at <= r.first_at) THEN 1 ELSE 0 END),
  SUM(CASE WHEN a.first_at IS NOT NULL AND (r.first_at IS NULL OR a.first_at <= r.first_at) THEN a.first_at - i.opened_at ELSE 0 END),
  SUM(CASE WHEN r.first_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.first_at IS NOT NULL THEN r.first_at - i.opened_at ELSE 0 END),
  SUM(CASE WHEN s.first_at IS NOT NULL AND s.first_at = r.first_at AND r.first_at - i.opened_at <= 300000 THEN 1 ELSE 0 END),
  SUM(CASE WHEN l.action IS NOT NULL AND l.action <> 'no action' THEN 1 ELSE 0 END)
FROM incidents i
LEFT JOIN (SELECT incident_id, MIN(at) AS first_at FROM incident_actions WHERE kind = 'acknowledged' GROUP BY incident_id) a
  ON a.incident_id = i.id
LEFT JOIN (SELECT incident_id, MIN(at) AS first_at FROM incident_actions WHERE kind = 'resolved' GROUP BY incident_id) r
  ON r.incident_id = i.id
LEFT JOIN (SELECT incident_id, MIN(at) AS first_at FROM incident_actions WHERE kind = 'resolved' AND actor_user_id IS NULL
  GROUP BY incident_id) s ON s.incident_id = i.id
LEFT JOIN oncall_log_entries l ON l.incident_id = i.id
GROUP BY i.service_id, (i.opened_at / 3600000) * 3600000, i.fingerprint;
