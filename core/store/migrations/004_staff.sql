-- 004: what staff linking needs beyond 001.

-- create_sent_at is set just before the 24-hour rule sends staff.api/add and cleared when XPM
-- answers; a row still carrying it after a crash had an add whose outcome is unknown, so the next
-- attempt must look the person up in XPM by email before sending anything again.
ALTER TABLE staff ADD COLUMN create_sent_at TEXT;
-- Why the last automatic creation did not happen, in words for the Staff Linking tab.
ALTER TABLE staff ADD COLUMN create_error TEXT NOT NULL DEFAULT '';
CREATE INDEX staff_create_due ON staff(create_due) WHERE create_due IS NOT NULL;
