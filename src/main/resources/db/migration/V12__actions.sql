-- Action items: follow-up work with an owner, an optional mentor (SME), a priority, a due date and a
-- status, kept until done. due_date is an ISO day (yyyy-mm-dd) as text; instants are UTC epoch ms.
-- origin_kind is review, incident, finding or note; origin_id names it when it has an id.
-- carried_over counts the reviews an open item was carried into; slip age is computed from created_at.
CREATE TABLE action_items (
  id ${idpk},
  team_id BIGINT NOT NULL REFERENCES teams (id),
  title TEXT NOT NULL,
  owner_user_id BIGINT NOT NULL REFERENCES users (id),
  mentor_user_id BIGINT REFERENCES users (id),
  priority TEXT NOT NULL,
  due_date TEXT,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL DEFAULT '',
  origin_kind TEXT NOT NULL,
  origin_id BIGINT,
  created_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  done_at BIGINT,
  carried_over INTEGER NOT NULL DEFAULT 0,
  last_carried_at BIGINT
);
CREATE INDEX action_items_team ON action_items (team_id, status, priority);
CREATE INDEX action_items_owner ON action_items (owner_user_id, status);
CREATE INDEX action_items_mentor ON action_items (mentor_user_id, status);
CREATE INDEX action_items_origin ON action_items (origin_kind, origin_id);

-- The alerts an item should silence, one row per fingerprint.
CREATE TABLE action_item_fingerprints (
  action_item_id BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (action_item_id, fingerprint)
);
CREATE INDEX action_item_fingerprints_fingerprint ON action_item_fingerprints (fingerprint);
