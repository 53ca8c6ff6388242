-- Triggers are counted into insights_hourly by a job reading alert_events after a durable cursor
-- (dev.hush.insights.TriggerRollup), no longer in the ingest writer's transaction. Every event
-- stored so far was counted in that transaction, so the cursor starts after the last of them.
CREATE TABLE rollup_cursors (
  name TEXT PRIMARY KEY,
  position BIGINT NOT NULL
);
INSERT INTO rollup_cursors (name, position) SELECT 'insights_triggers', COALESCE(MAX(id), 0) FROM alert_events;
