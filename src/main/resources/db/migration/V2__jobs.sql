-- The durable job and timer queue: every background task is a row with a due time.
CREATE TABLE jobs (
  id ${idpk},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  -- the same logical job enqueued twice (a retry, a second node) is one row
  idempotency_key TEXT NOT NULL UNIQUE,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX jobs_due ON jobs (status, due_at);
