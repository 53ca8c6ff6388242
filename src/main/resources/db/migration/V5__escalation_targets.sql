-- An escalation step pages one or more targets: all at once, or one in turn (round-robin).

CREATE TABLE escalation_step_targets (
  step_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  -- 'schedule' (whoever is on call in it), 'user', or 'channel' (a contact method used as it is)
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  PRIMARY KEY (step_id, position)
);

-- 'all' pages every target at once; 'round_robin' pages the next target in turn each time the step fires
ALTER TABLE escalation_steps ADD COLUMN mode TEXT NOT NULL DEFAULT 'all';
-- how many turns a round-robin step has handed out; taken with UPDATE … RETURNING in the transaction that pages
ALTER TABLE escalation_steps ADD COLUMN turns_taken BIGINT NOT NULL DEFAULT 0;

INSERT INTO escalation_step_targets (step_id, position, target_kind, target_id)
  SELECT id, 0, target_kind, target_id FROM escalation_steps;

ALTER TABLE escalation_steps DROP COLUMN target_kind;
ALTER TABLE escalation_steps DROP COLUMN target_id;

-- The turn each firing of a round-robin step took, by its step key (incident, round, step), so a
-- step job that runs again after a crash pages the same target rather than taking a second turn.
CREATE TABLE escalation_turns (
  step_key ${text_pk},
  turn BIGINT NOT NULL
);
