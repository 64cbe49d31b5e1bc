-- 009: a version per local client, so a save made from an old read is refused instead of
-- silently overwriting a change another seat (or a sync) committed meanwhile (issue 18); and
-- the outbox item a "Change queued for XPM" event is about, so the event can say what became
-- of the change once the outbox sends it (issue 14).
ALTER TABLE clients ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN outbox_id INTEGER;
CREATE INDEX events_outbox ON events(outbox_id) WHERE outbox_id IS NOT NULL;
