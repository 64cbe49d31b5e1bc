-- 004 for PostgreSQL (see migrations/004_staff.sql).
ALTER TABLE staff ADD COLUMN create_sent_at TEXT COLLATE "C";
ALTER TABLE staff ADD COLUMN create_error TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX staff_create_due ON staff(create_due) WHERE create_due IS NOT NULL;
