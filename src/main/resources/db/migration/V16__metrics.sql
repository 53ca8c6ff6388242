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
