-- Exactly once across failures: when the earliest attempt at a post or a DM began that may have
-- made the message and is not ruled out yet. A claim sets it; a failure for now, the retry's
-- claim and a look that could not read keep it; a look that finds nothing moves it to the send
-- about to be made. Once Discord may have forgotten the nonce (bot.core.resend), the message is
-- looked for from it before anything is sent again. A row without it (from before this, or from
-- an older process during a rolling restart) counts from its claim, or from its failure less
-- one send's time limit (`PostRecord.look_from`, `Timer.look_from`).
ALTER TABLE posts ADD COLUMN attempted_at {moment};
ALTER TABLE timers ADD COLUMN attempted_at {moment};
