-- A team's Prometheus server, read over its HTTP API for the review's dashboards and for replaying
-- noisy alert rules. Its URL, and the password or bearer token, are sealed at rest (core.SecretBox, "hs1:…").
CREATE TABLE prometheus_sources (
  team_id BIGINT PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  base_url TEXT NOT NULL,
  username TEXT,
  secret TEXT,
  updated_by BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL
);

-- A service's named PromQL queries for its dashboard, in the order shown. A service with none uses
-- the defaults (request rate, error ratio, p99 latency; see anomalies.MetricQuery).
CREATE TABLE prometheus_queries (
  service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  promql TEXT NOT NULL,
  PRIMARY KEY (service_id, position),
  UNIQUE (service_id, name)
);
