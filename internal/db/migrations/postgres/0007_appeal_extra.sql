-- Appeals, second part: two things package appeal needs that 0005 lacks.
--
-- 1. The resolution deadline in force after each event. A reopening moves
--    an appeal's deadline, and appeals.resolution_due_at keeps only the
--    latest; without the deadline on each event, "overdue as of a past
--    date" and "first resolved within its limit" could not be recomputed
--    from the events once an appeal has been reopened.
ALTER TABLE appeal_events ADD COLUMN resolution_due_at BIGINT;
UPDATE appeal_events SET resolution_due_at =
    (SELECT a.resolution_due_at FROM appeals a WHERE a.id = appeal_events.appeal_id);

-- 2. The explanation given with a rejection, beside its reason code
--    (Shenzhen's exclusion list): the enterprise must be told why.
ALTER TABLE appeals ADD COLUMN reject_note TEXT NOT NULL DEFAULT '';
