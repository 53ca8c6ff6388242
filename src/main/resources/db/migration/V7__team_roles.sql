-- Who may do what: every service, schedule, rotation and escalation policy belongs to a team, and
-- a person's role in each team (manager, responder, viewer) decides what they may do to it.
ALTER TABLE rotations ADD COLUMN team_id BIGINT REFERENCES teams (id);
ALTER TABLE schedules ADD COLUMN team_id BIGINT REFERENCES teams (id);
ALTER TABLE escalation_policies ADD COLUMN team_id BIGINT REFERENCES teams (id);
CREATE INDEX services_team ON services (team_id);
CREATE INDEX team_members_user ON team_members (user_id);

-- The two old roles: a team 'admin' ran the team, a 'member' was paged and handled incidents.
UPDATE team_members SET role = 'manager' WHERE role = 'admin';
UPDATE team_members SET role = 'responder' WHERE role = 'member';

-- Until now anything without a team was open to everyone: keep it so, as a team that everyone is in.
-- Org admins manage it; everyone else responds to its incidents as before, but no longer edits it.
INSERT INTO teams (name, created_at)
SELECT 'Everyone', COALESCE((SELECT MAX(created_at) FROM users), 0)
WHERE NOT EXISTS (SELECT 1 FROM teams WHERE name = 'Everyone')
  AND (EXISTS (SELECT 1 FROM services WHERE team_id IS NULL)
    OR EXISTS (SELECT 1 FROM schedules) OR EXISTS (SELECT 1 FROM rotations) OR EXISTS (SELECT 1 FROM escalation_policies));
UPDATE services SET team_id = (SELECT id FROM teams WHERE name = 'Everyone') WHERE team_id IS NULL;
UPDATE schedules SET team_id = (SELECT id FROM teams WHERE name = 'Everyone');
UPDATE rotations SET team_id = (SELECT id FROM teams WHERE name = 'Everyone');
UPDATE escalation_policies SET team_id = (SELECT id FROM teams WHERE name = 'Everyone');
INSERT INTO team_members (team_id, user_id, role)
SELECT t.id, u.id, CASE WHEN u.is_admin = 1 THEN 'manager' ELSE 'responder' END
FROM teams t, users u
WHERE t.name = 'Everyone'
  AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = u.id);

-- API tokens carry their owner's roles, optionally narrowed to reading or to one team.
ALTER TABLE api_tokens ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN team_id BIGINT REFERENCES teams (id);

-- Sessions end after a quiet spell as well as at their absolute lifetime.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_user ON sessions (user_id);

-- A printed one-time password stops working after a day.
ALTER TABLE users ADD COLUMN password_expires_at BIGINT;
