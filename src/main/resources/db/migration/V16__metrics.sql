-- Metric series imported for a service (OpenMetrics text or CSV), for teams without Prometheus and
-- for evaluation. A series has one regular step; its samples sit on that step's grid (at is a
-- multiple of step_ms, UTC epoch ms), one row each.
CREATE TABLE metric_series (
  id ${idpk},
  service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  step_ms BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (service_id, name)
);

CREATE TABLE metric_samples (
  series_id BIGINT NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (series_id, at)
);

-- The anomalies flagged in a review's week (at most a few per service), scanned once when the
-- review's dashboards are first read, and the team's one-click answer to each: expected (with a
-- note; the same service, series and kind then ranks lower in later weeks), investigate or log-that
-- (both with the action item they made).
CREATE TABLE anomaly_scans (
  review_id BIGINT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
  scanned_at BIGINT NOT NULL
);

CREATE TABLE anomaly_findings (
  id ${idpk},
  review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  series TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_ms BIGINT NOT NULL,
  to_ms BIGINT NOT NULL,
  severity DOUBLE PRECISION NOT NULL,
  rank_score DOUBLE PRECISION NOT NULL,
  explanation TEXT NOT NULL,
  response TEXT,
  note TEXT NOT NULL DEFAULT '',
  action_item_id BIGINT,
  responded_by BIGINT REFERENCES users (id),
  responded_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX anomaly_findings_review ON anomaly_findings (review_id);
CREATE INDEX anomaly_findings_pattern ON anomaly_findings (service_id, series, kind);
