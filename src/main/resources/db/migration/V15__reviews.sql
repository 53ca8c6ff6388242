-- The weekly review: one per team and week. week_start/week_end follow the team's rotation hand-off;
-- meeting_at is when the meeting is planned. Instants are UTC epoch ms.
CREATE TABLE reviews (
  id ${idpk},
  team_id BIGINT NOT NULL REFERENCES teams (id),
  week_start BIGINT NOT NULL,
  week_end BIGINT NOT NULL,
  meeting_at BIGINT NOT NULL,
  facilitator_user_id BIGINT REFERENCES users (id),
  status TEXT NOT NULL,
  started_at BIGINT,
  closed_at BIGINT,
  closed_by BIGINT REFERENCES users (id),
  overdue_ack_by BIGINT REFERENCES users (id),
  overdue_ack_at BIGINT,
  overdue_ack_note TEXT NOT NULL DEFAULT '',
  overdue_ack_items TEXT NOT NULL DEFAULT '',
  minutes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (team_id, week_start)
);
CREATE INDEX reviews_team ON reviews (team_id, week_start);

-- A section of one review: its timebox, when the meeting reached it and left it, and its notes (Markdown).
CREATE TABLE review_sections (
  review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  section TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  started_at BIGINT,
  ended_at BIGINT,
  notes TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, section)
);

-- Who was expected (the facilitator and the team's managers) and who attended.
CREATE TABLE review_attendees (
  review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  expected INTEGER NOT NULL DEFAULT 0,
  attended INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (review_id, user_id)
);

-- What the review looked at: an observation on a service's week, or "we should really log that"
-- (observability debt, tracked through the action item it creates).
CREATE TABLE review_findings (
  id ${idpk},
  review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  service_id BIGINT REFERENCES services (id),
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  action_item_id BIGINT REFERENCES action_items (id),
  created_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX review_findings_review ON review_findings (review_id, id);

-- The action items a review went over: carried into it (pending when it was prepared) or created in it.
CREATE TABLE review_action_items (
  review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  action_item_id BIGINT NOT NULL REFERENCES action_items (id),
  carried INTEGER NOT NULL,
  PRIMARY KEY (review_id, action_item_id)
);
CREATE INDEX review_action_items_item ON review_action_items (action_item_id);

-- Upcoming launches and changes the team enters, with the "needs monitoring?" checklist.
-- checks is a comma-separated list of the checklist items already done.
CREATE TABLE review_launches (
  id ${idpk},
  team_id BIGINT NOT NULL REFERENCES teams (id),
  review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  service_id BIGINT REFERENCES services (id),
  launch_date TEXT,
  checks TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX review_launches_team ON review_launches (team_id, launch_date);

-- A team's review settings; no row means the defaults (meeting an hour after the hand-off, 10/10/10/5 minutes).
CREATE TABLE review_settings (
  team_id BIGINT PRIMARY KEY REFERENCES teams (id),
  meeting_delay_minutes INTEGER NOT NULL,
  reminder_minutes INTEGER NOT NULL,
  incidents_minutes INTEGER NOT NULL,
  dashboards_minutes INTEGER NOT NULL,
  new_work_minutes INTEGER NOT NULL,
  action_items_minutes INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
