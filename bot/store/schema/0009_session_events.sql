-- Issue 22: where and how long a weekly session is, and its scheduled event on the server's
-- Discord calendar. `event_state` NULL: the session has no event; 'published' with the
-- event's id; 'unpublished' when Discord refused or did not answer; 'deleted' / 'edited' when
-- an admin did so by hand (the bot leaves such an event alone). `event_start_at` is the start
-- the bot last gave the event and its weekly rule: Discord repeats from it in UTC.
ALTER TABLE club_sessions ADD COLUMN place {text}
    CHECK (place IS NULL OR length(place) BETWEEN 1 AND 100);
ALTER TABLE club_sessions ADD COLUMN minutes {int} NOT NULL DEFAULT 60
    CHECK (minutes BETWEEN 10 AND 360);
ALTER TABLE club_sessions ADD COLUMN event_id {bigint};
ALTER TABLE club_sessions ADD COLUMN event_state {text}
    CHECK (event_state IN ('published', 'unpublished', 'deleted', 'edited'));
ALTER TABLE club_sessions ADD COLUMN event_start_at {moment};
