"""A send cut off by a crash: from when its window counts, and the nonce that makes every
attempt at one message the same message for Discord (at most 25 characters: Discord's
MessageCreateRequest `nonce`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.core.resend import (
    DM_SEND_TIMEOUT,
    POST_SEND_TIMEOUT,
    dm_nonce,
    earliest_attempt,
    heads_up_nonce,
    post_nonce,
)

SLOT = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
CLAIMED = SLOT + timedelta(minutes=4)
ATTEMPTED = SLOT + timedelta(minutes=1)
NONCE_MAX = 25


@pytest.mark.parametrize(
    ("attempted_at", "attempts", "waiting", "timeout", "expected"),
    [
        # Recorded: the attempt's own start, whatever else the row says.
        (ATTEMPTED, 3, True, POST_SEND_TIMEOUT, ATTEMPTED),
        # Not recorded, one attempt: its claim.
        (None, 1, False, POST_SEND_TIMEOUT, CLAIMED),
        # Not recorded, one attempt that failed and waits to retry: the row was last written at
        # the failure, and the attempt began at most one send's time limit before it.
        (None, 1, True, POST_SEND_TIMEOUT, CLAIMED - timedelta(seconds=90)),
        (None, 1, True, DM_SEND_TIMEOUT, CLAIMED - timedelta(seconds=60)),
        # Two attempts or more: the first could have begun as early as the slot.
        (None, 2, False, POST_SEND_TIMEOUT, SLOT),
        (None, 2, True, POST_SEND_TIMEOUT, SLOT),
    ],
)
def test_the_earliest_attempt_that_may_have_made_the_message(
    attempted_at: datetime | None,
    attempts: int,
    waiting: bool,
    timeout: timedelta,
    expected: datetime,
) -> None:
    assert (
        earliest_attempt(
            attempted_at=attempted_at,
            attempts=attempts,
            waiting_to_retry=waiting,
            updated_at=CLAIMED,
            first_possible=SLOT,
            send_timeout=timeout,
        )
        == expected
    )


def test_a_post_nonce_is_one_per_club_and_date() -> None:
    day = date(2026, 3, 10)
    assert post_nonce(1, day) == post_nonce(1, day)
    others = {post_nonce(2, day), post_nonce(1, day + timedelta(days=1)), post_nonce(1, day)}
    assert len(others) == 3
    assert all(len(nonce) <= NONCE_MAX for nonce in others)


def test_a_dm_nonce_is_one_per_timer_and_due_time() -> None:
    due = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    # The same instant written in another zone is the same message.
    assert dm_nonce(5, due) == dm_nonce(5, due.astimezone(timezone(timedelta(hours=11))))
    # Another timer, or the reminder moved by a minute: another message.
    others = {dm_nonce(6, due), dm_nonce(5, due + timedelta(minutes=1)), dm_nonce(5, due)}
    assert len(others) == 3
    assert all(len(nonce) <= NONCE_MAX for nonce in others)


def test_a_heads_up_nonce_is_one_per_member_and_occurrence() -> None:
    start = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    nonce = heads_up_nonce(1, 2, start, 3)
    assert nonce == heads_up_nonce(1, 2, start.astimezone(timezone(timedelta(hours=-5))), 3)
    others = {
        heads_up_nonce(9, 2, start, 3),
        heads_up_nonce(1, 9, start, 3),
        heads_up_nonce(1, 2, start + timedelta(days=7), 3),
        heads_up_nonce(1, 2, start, 9),
        nonce,
    }
    assert len(others) == 5
    assert all(len(n) <= NONCE_MAX for n in others)
