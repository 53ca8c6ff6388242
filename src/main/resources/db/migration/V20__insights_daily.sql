-- The insights rollup summed per UTC day as well: the noise ranking over a year sums a day's row
-- instead of its 24 hours (and only the partial days at a window's edges from insights_hourly). Kept
-- in the same writes as insights_hourly (dev.hush.insights.InsightsStore.add).
CREATE TABLE insights_daily (
  service_id BIGINT NOT NULL,
  day_start BIGINT NOT NULL,
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
  PRIMARY KEY (service_id, day_start, fingerprint)
);

INSERT INTO insights_daily (service_id, day_start, fingerprint, alert_events, incidents_opened, pages, acked, ack_ms_sum, resolved,
  resolve_ms_sum, sender_resolved_fast, acted_on)
SELECT service_id, (hour_start / 86400000) * 86400000, fingerprint, SUM(alert_events), SUM(incidents_opened), SUM(pages), SUM(acked),
  SUM(ack_ms_sum), SUM(resolved), SUM(resolve_ms_sum), SUM(sender_resolved_fast), SUM(acted_on)
FROM insights_hourly
GROUP BY service_id, (hour_start / 86400000) * 86400000, fingerprint;
