-- Pages sent straight after their commit have no job of their own: the outbox row is their record.
-- A recovery pass finds the ones a dead node never attempted; this index keeps that pass cheap.
ALTER TABLE notifications ADD COLUMN sent_directly INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_unsent ON notifications (created_at) WHERE status = 'queued' AND attempts = 0 AND sent_directly = 1;
