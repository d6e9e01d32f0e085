"""A send cut off by a crash: sent again with the same nonce while Discord still dedups it.

Every message the bot sends on its own (the daily post, a reminder, check-in or heads-up DM)
carries a nonce fixed by what it is, so every attempt at one message carries the same one.
discord.py sends `enforce_nonce` with every nonce, and Discord then creates no second message for a
nonce the bot used "in the past few minutes": it answers with the first one. So a claim whose send
may or may not have gone out (the process died, or a stop ran out of time, between the claim and
the record) is resent safely while it is younger than SAME_NONCE_WINDOW. An older one is never sent
blind: it is sent again only once its channel (the club's, or the member's DMs) shows it is not
there (bot.core.schedule, bot.actions.timers), and one that cannot be looked for is "sent, unknown"
(never sent again: a double is worse than a miss). A heads-up, whose text follows the advice of the
moment, is always looked for first (bot.actions.heads_up).

The window is a constant, not a setting, because its bound is Discord's, not the operator's:
Discord documents only "a few minutes", so 2 minutes keeps a margin, and a longer window would
turn a restart into a double post. Every send is bounded well below it (the post's 90 s, a DM's
60 s), so a claim this old is nobody's any more.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

SAME_NONCE_WINDOW = timedelta(minutes=2)
# The longest send of one daily post, and of one DM (opening the channel, then the message):
# below the window, so a claim this old is nobody's send any more, and an attempt that failed
# began at most this long before its failure was recorded.
POST_SEND_TIMEOUT = timedelta(seconds=90)
DM_SEND_TIMEOUT = timedelta(seconds=60)
_NONCE_LENGTH = 25  # Discord's limit for a message nonce


def may_resend(claimed_at: datetime, now: datetime) -> bool:
    """Whether a cut-off send claimed at `claimed_at` is still deduped by Discord at `now`."""
    return now - claimed_at < SAME_NONCE_WINDOW


def earliest_attempt(
    *,
    attempted_at: datetime | None,
    attempts: int,
    waiting_to_retry: bool,
    updated_at: datetime,
    first_possible: datetime,
    send_timeout: timedelta,
) -> datetime:
    """When the earliest attempt began that may have made a message (a post's or a DM's,
    `PostRecord.look_from`, `Timer.look_from`): `attempted_at`, or for a row written without
    it (before migration 0011, or by an older process during a rolling restart) its first
    attempt's claim (`updated_at`), or, waiting to retry, that attempt's failure less one
    send's time limit; after more than one attempt, `first_possible` (the slot or due time: no
    attempt begins before it)."""
    if attempted_at is not None:
        return attempted_at
    if attempts > 1:
        return first_possible
    if waiting_to_retry:
        return updated_at - send_timeout
    return updated_at


def _nonce(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:_NONCE_LENGTH]


def post_nonce(guild_id: int, day: date) -> str:
    """The same nonce for every attempt at one club's post for one date."""
    return _nonce(f"runclub-post:{guild_id}:{day.isoformat()}")


def dm_nonce(timer_id: int, due_at: datetime) -> str:
    """The same nonce for every attempt at one timer's DM; a reminder moved to another time
    is another message."""
    return _nonce(f"runclub-dm:{timer_id}:{int(due_at.timestamp())}")


def heads_up_nonce(guild_id: int, session_id: int, start: datetime, user_id: int) -> str:
    """The same nonce for every attempt at one member's heads-up for one session's start."""
    return _nonce(f"runclub-heads-up:{guild_id}:{session_id}:{int(start.timestamp())}:{user_id}")
