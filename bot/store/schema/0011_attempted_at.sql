-- Exactly once across failures: when the earliest attempt at a post or a DM began that may have
-- made the message and is not ruled out yet. A claim sets it; a failure for now, the retry's
-- claim and a look that could not read keep it; a look that finds nothing moves it to the send
-- about to be made. Once Discord may have forgotten the nonce (bot.core.resend), the message is
-- looked for from it before anything is sent again. Rows claimed or waiting to retry before
-- this keep their last change's time.
ALTER TABLE posts ADD COLUMN attempted_at {moment};
ALTER TABLE timers ADD COLUMN attempted_at {moment};
UPDATE posts SET attempted_at = updated_at WHERE status IN ('sending', 'retry');
UPDATE timers SET attempted_at = updated_at
WHERE state = 'sending' OR (state = 'pending' AND attempts > 0);
