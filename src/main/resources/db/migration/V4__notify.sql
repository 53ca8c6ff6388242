-- Notifications: contact methods, rules, the outbox, and shared secrets.
CREATE TABLE contact_methods (
  id ${idpk},
  user_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  -- per-method secret: the webhook signing key, an SMS account's "sid:token"
  secret TEXT NOT NULL DEFAULT '',
  failing_since BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX contact_methods_user ON contact_methods (user_id);

-- "email at once, ntfy after 1 min, SMS after 5 min if still unacknowledged"
CREATE TABLE notification_rules (
  id ${idpk},
  user_id BIGINT NOT NULL,
  contact_method_id BIGINT NOT NULL,
  delay_minutes INTEGER NOT NULL
);
CREATE INDEX notification_rules_user ON notification_rules (user_id);

-- The outbox: one row per message to one person on one channel, at most once per key.
CREATE TABLE notifications (
  id ${idpk},
  idempotency_key TEXT NOT NULL UNIQUE,
  incident_id BIGINT,
  user_id BIGINT NOT NULL,
  contact_method_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX notifications_incident ON notifications (incident_id);

-- Secrets every node shares (the ack-link signing key), made on first start.
CREATE TABLE node_secrets (
  name ${text_pk},
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Escalation: ordered steps, each to a schedule's on-call or to a person, repeated as a whole.
CREATE TABLE escalation_policies (
  id ${idpk},
  name TEXT NOT NULL UNIQUE,
  repeat_count INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE escalation_steps (
  id ${idpk},
  policy_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  delay_minutes INTEGER NOT NULL,
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL
);
CREATE INDEX escalation_steps_policy ON escalation_steps (policy_id, position);
CREATE TABLE service_escalation (
  service_id BIGINT PRIMARY KEY,
  policy_id BIGINT NOT NULL
);
