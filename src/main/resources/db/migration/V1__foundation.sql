-- Foundation: people, services, alerts, incidents, on-call log.
-- Instants are UTC epoch milliseconds (BIGINT). Booleans are INTEGER 0/1 on both stores.
-- ${idpk} is the dialect's auto-increment primary key (see dev.hush.store.Dialect).

CREATE TABLE users (
  id ${idpk},
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  -- set for the first admin's printed one-time password, cleared when the user picks their own
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT
);

CREATE TABLE teams (
  id ${idpk},
  name TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE team_members (
  team_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
  id ${idpk},
  user_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

CREATE TABLE audit_log (
  id ${idpk},
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE services (
  id ${idpk},
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  team_id BIGINT,
  -- 'alert': one incident per Alertmanager alert; 'group': one incident per groupKey
  am_grouping TEXT NOT NULL DEFAULT 'alert',
  require_log_on_resolve INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE integration_keys (
  id ${idpk},
  service_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX integration_keys_service ON integration_keys (service_id);

CREATE TABLE incidents (
  id ${idpk},
  service_id BIGINT NOT NULL,
  dedup_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  opened_at BIGINT NOT NULL,
  last_event_at BIGINT NOT NULL,
  trigger_count INTEGER NOT NULL,
  acked_at BIGINT,
  acked_by BIGINT,
  resolved_at BIGINT,
  resolved_by BIGINT
);
-- At most one open incident per dedup key and service; a trigger after a resolve opens a new one.
CREATE UNIQUE INDEX incidents_open_dedup ON incidents (service_id, dedup_key) WHERE status <> 'resolved';
-- Lists are newest first by id (ids grow with opened_at); every index here costs each ingest.
CREATE INDEX incidents_status ON incidents (status, id);
CREATE INDEX incidents_service ON incidents (service_id, id);
CREATE INDEX incidents_fingerprint ON incidents (fingerprint, opened_at);
CREATE INDEX incidents_acked_by ON incidents (acked_by, acked_at) WHERE acked_by IS NOT NULL;
CREATE INDEX incidents_resolved_by ON incidents (resolved_by, resolved_at) WHERE resolved_by IS NOT NULL;

-- Every received trigger/acknowledge/resolve, kept as it arrived.
CREATE TABLE alert_events (
  id ${idpk},
  service_id BIGINT NOT NULL,
  incident_id BIGINT,
  format TEXT NOT NULL,
  action TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX alert_events_incident ON alert_events (incident_id, id);

-- PagerDuty change events: never page, shown in the weekly review.
CREATE TABLE change_events (
  id ${idpk},
  service_id BIGINT NOT NULL,
  summary TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  happened_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX change_events_service ON change_events (service_id, happened_at);

-- What people did to an incident: ack, resolve, reopen, log entries.
CREATE TABLE incident_actions (
  id ${idpk},
  incident_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  actor_user_id BIGINT,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_actions_incident ON incident_actions (incident_id, at);

-- The responder's note: one per incident, editable.
CREATE TABLE oncall_log_entries (
  incident_id BIGINT PRIMARY KEY,
  author_user_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL,
  written_at BIGINT NOT NULL
);

-- The "what I did" choices. Built-ins are seeded; admins add more.
CREATE TABLE oncall_log_actions (
  name ${text_pk},
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
INSERT INTO oncall_log_actions (name, builtin, created_at) VALUES
  ('restarted', 1, 0), ('fixed bug', 1, 0), ('rolled back', 1, 0),
  ('tuned alert', 1, 0), ('no action', 1, 0), ('other', 1, 0);
