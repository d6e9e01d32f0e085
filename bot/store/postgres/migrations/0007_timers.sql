-- Issue 14: personal nudges (see the SQLite migration of the same number for the design).

CREATE TABLE timers (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   bigint      NOT NULL,
    user_id    bigint      NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('ready', 'checkin')),
    due_at     timestamptz NOT NULL,
    next_at    timestamptz NOT NULL,
    entry_id   bigint,
    minute     integer     CHECK (minute IS NULL OR minute BETWEEN 0 AND 1439),
    state      text        NOT NULL CHECK (state IN (
        'pending', 'sending', 'sent', 'cancelled', 'dropped', 'failed', 'unknown'
    )),
    attempts   integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error      text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK ((kind = 'ready') = (entry_id IS NOT NULL)),
    CHECK ((kind = 'checkin') = (minute IS NOT NULL))
);

CREATE INDEX timers_due ON timers (next_at) WHERE state = 'pending';
CREATE INDEX timers_member ON timers (guild_id, user_id, kind, state);
CREATE UNIQUE INDEX timers_one_ready ON timers (guild_id, user_id)
    WHERE state = 'pending' AND kind = 'ready';

CREATE TABLE checkin_answers (
    guild_id    bigint      NOT NULL,
    user_id     bigint      NOT NULL,
    local_date  text        NOT NULL CHECK (local_date ~ '^\d{4}-\d{2}-\d{2}$'),
    soreness    integer     NOT NULL CHECK (soreness BETWEEN 0 AND 10),
    answered_at timestamptz NOT NULL,
    PRIMARY KEY (guild_id, user_id, local_date)
);

CREATE TABLE member_notices (
    guild_id   bigint      NOT NULL,
    user_id    bigint      NOT NULL,
    kind       text        NOT NULL,
    message    text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (guild_id, user_id, kind)
);
