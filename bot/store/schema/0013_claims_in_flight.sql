-- Claims still being sent: each tick of the reminders' runner reads them (cut off by a crash? too
-- old to resend?), and so does every reckoning of its next wake-up. They are a handful of rows
-- in a table that keeps every reminder and check-in ever sent (one a member a day), which each
-- of those reads scanned whole: 50-60 ms a read at 300,000 rows on SQLite.
CREATE INDEX timers_sending ON timers (updated_at) WHERE state = 'sending';
CREATE INDEX heads_ups_sending ON heads_ups (occurrence_at) WHERE state = 'sending';
