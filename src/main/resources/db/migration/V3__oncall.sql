-- On-call: rotations, schedules (layers of rotations), overrides, shift swaps, iCal feeds.
CREATE TABLE rotations (
  id ${idpk},
  name TEXT NOT NULL,
  zone TEXT NOT NULL,
  kind TEXT NOT NULL,
  length INTEGER NOT NULL,
  handoff_time TEXT NOT NULL,
  handoff_day INTEGER,
  start_date TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- The participant order over time: a reorder adds a row, so past shifts keep their people.
CREATE TABLE rotation_orders (
  id ${idpk},
  rotation_id BIGINT NOT NULL,
  effective_from BIGINT NOT NULL,
  user_ids TEXT NOT NULL
);
CREATE INDEX rotation_orders_rotation ON rotation_orders (rotation_id, effective_from);

CREATE TABLE schedules (
  id ${idpk},
  name TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE schedule_layers (
  id ${idpk},
  schedule_id BIGINT NOT NULL,
  level INTEGER NOT NULL,
  rotation_id BIGINT NOT NULL,
  -- restriction: comma list of ISO day numbers (1 = Monday) and a local window; all null = always
  restrict_days TEXT,
  restrict_from TEXT,
  restrict_until TEXT
);
CREATE INDEX schedule_layers_schedule ON schedule_layers (schedule_id);

CREATE TABLE schedule_overrides (
  id ${idpk},
  schedule_id BIGINT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  replaces_user_id BIGINT,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX schedule_overrides_range ON schedule_overrides (schedule_id, ends_at);

CREATE TABLE shift_swaps (
  id ${idpk},
  schedule_id BIGINT NOT NULL,
  requester_id BIGINT NOT NULL,
  counterpart_id BIGINT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  override_id BIGINT,
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);

-- Secret iCal subscription URLs: the token is stored hashed and can be revoked.
CREATE TABLE ical_feeds (
  id ${idpk},
  token_hash TEXT NOT NULL UNIQUE,
  schedule_id BIGINT,
  user_id BIGINT,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
