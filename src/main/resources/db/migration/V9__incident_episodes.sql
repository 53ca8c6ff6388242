-- A reopen starts an incident's next episode. An ack link names the episode it was sent for, so a
-- link from before a reopen does not acknowledge the reopened incident.
ALTER TABLE incidents ADD COLUMN episode INTEGER NOT NULL DEFAULT 1;
