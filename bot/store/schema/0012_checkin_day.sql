-- The day a check-in's DM is for, on the member's calendar, set by its first claim: its retries
-- name the same day, and "one check-in a day" compares days, not moments read in whichever
-- zone the member is in by then. NULL for a check-in not tried yet, and for other timers.
-- ISO text on both backends, as every date of a member's rows: the export gives it as it is.
ALTER TABLE timers ADD COLUMN checkin_day {iso_date checkin_day};
