-- The audit log says who changed what and when, with the state before and after as small JSON
-- (never a secret: keys, tokens and contact-method secrets are recorded as changed, not by value).
-- team_id is the team that owned what changed, so a team's managers read their part; NULL for
-- what belongs to no team (people, their tokens and contact methods), which only org admins read.
-- No foreign keys: the log outlives what it describes.
ALTER TABLE audit_log ADD COLUMN team_id BIGINT;
ALTER TABLE audit_log ADD COLUMN before_json TEXT;
ALTER TABLE audit_log ADD COLUMN after_json TEXT;
-- Newest first, by team, by person or by subject.
CREATE INDEX audit_log_team ON audit_log (team_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
