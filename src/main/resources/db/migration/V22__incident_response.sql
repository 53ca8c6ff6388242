-- What a responder does from an incident's page: hand it to someone (the assignee), and snooze it
-- (it stays acknowledged until then, and pages again from the first step if it is still open).
ALTER TABLE incidents ADD COLUMN assignee_id BIGINT;
ALTER TABLE incidents ADD COLUMN snoozed_until BIGINT;

-- Where an incident's escalation stands: the step that paged last, in which round of the policy,
-- in which run. "Escalate now" and a snooze that ends start a new run; a step job of an older run
-- finds its run gone and pages nobody. An incident without a row is in run 0 at step 0 of round 0,
-- which ingest pages in its own transaction without writing here.
CREATE TABLE escalation_positions (
  incident_id BIGINT PRIMARY KEY,
  run_no INTEGER NOT NULL,
  round_no INTEGER NOT NULL,
  step_index INTEGER NOT NULL
);
