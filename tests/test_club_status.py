"""/club status in its own words: the last post's result for each state a post record can be in,
and the failures field, rendered from records as the store returns them (tests/discord/test_club.py
drives the command end to end)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import ClubReminder, PostRecord, PostStatus
from bot.render.club import status_reply

GUILD = 910_000_000_000_000_001
CHANNEL = 910_000_000_000_000_002
MESSAGE = 910_000_000_000_000_003
LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 3, 10)
SLOT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
RETRY_AT = datetime(2026, 3, 10, 9, 46, tzinfo=UTC)
HEAD = "Tuesday 10 March 2026: "


def record(status: PostStatus, **values: object) -> PostRecord:
    return PostRecord.model_validate(
        {"guild_id": GUILD, "local_date": DAY, "slot_at": SLOT, "status": status}
        | {"updated_at": SLOT}
        | values
    )


def fields(
    last: PostRecord | None, *, failed_days: int = 0, retries_over: bool = False
) -> dict[str, str]:
    reminder = ClubReminder(
        guild_id=GUILD,
        channel_id=CHANNEL,
        post_time=time(9, 30),
        failed_days=failed_days,
        effective_at=SLOT,
    )
    reply = status_reply(
        GUILD,
        reminder,
        LONDON,
        next_post=None,
        last=last,
        last_failure=last if failed_days else None,
        retries_over=retries_over,
    )
    return {f.name: f.value for f in reply.fields}


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (
            record(PostStatus.SENT, channel_id=CHANNEL, message_id=MESSAGE),
            f"sent ([open](https://discord.com/channels/{GUILD}/{CHANNEL}/{MESSAGE}))",
        ),
        (record(PostStatus.SENT), "sent"),
        (record(PostStatus.SENDING), "being sent"),
        (
            record(PostStatus.UNKNOWN),
            "the bot could not confirm a send (cut off, or its channel unreadable since); it may"
            " have gone out and is not sent again",
        ),
        (
            record(PostStatus.FAILED, error="403 Missing Permissions"),
            "failed (403 Missing Permissions)",
        ),
        (record(PostStatus.FAILED), "failed (unknown error)"),
        (
            record(PostStatus.SKIPPED),
            "skipped: the bot was offline at the time and for too long after",
        ),
        (
            record(PostStatus.RETRY, retry_at=RETRY_AT, error="503 Service Unavailable"),
            f"failed for now (503 Service Unavailable); retrying <t:{int(RETRY_AT.timestamp())}:R>",
        ),
        (
            record(PostStatus.RETRY, retry_at=RETRY_AT),
            f"failed for now (unknown error); retrying <t:{int(RETRY_AT.timestamp())}:R>",
        ),
        (record(PostStatus.RETRY), "failed for now; retrying"),
    ],
)
def test_the_last_post_in_words(last: PostRecord, expected: str) -> None:
    assert fields(last)["Last post"] == HEAD + expected


def test_a_retry_after_its_days_retries_end_is_given_up_in_words() -> None:
    last = record(PostStatus.RETRY, retry_at=RETRY_AT)
    assert fields(last, retries_over=True)["Last post"] == (
        HEAD + "failed (unknown error); its retries for that day are over"
    )
    # Only a RETRY is read so: a sent post is not "given up".
    sent = record(PostStatus.SENT, channel_id=CHANNEL, message_id=MESSAGE)
    assert fields(sent, retries_over=True)["Last post"].startswith(HEAD + "sent ([open](")


def test_failures_name_the_days_in_a_row_and_the_last_one() -> None:
    failed = record(PostStatus.FAILED, error="404 Unknown Channel")
    assert fields(failed, failed_days=2)["Failures"] == (
        "2 failed days in a row (the post pauses itself at 3)\nLast failure: "
        + HEAD
        + "failed (404 Unknown Channel)"
    )
    assert fields(failed, failed_days=1)["Failures"].startswith("1 failed day in a row ")
    assert fields(None)["Failures"] == "None"


def test_a_failure_before_the_days_in_a_row_is_not_called_none() -> None:
    """Set again after a refused day, the count starts over, and the last failure still shows:
    it read "None" and under it "Last: … failed", two answers to one question."""
    reminder = ClubReminder(
        guild_id=GUILD, channel_id=CHANNEL, post_time=time(9, 30), effective_at=SLOT
    )
    failed = record(PostStatus.FAILED, error="403 Missing Permissions")
    reply = status_reply(GUILD, reminder, LONDON, next_post=None, last=failed, last_failure=failed)
    assert {f.name: f.value for f in reply.fields}["Failures"] == (
        "None in a row\nLast failure: " + HEAD + "failed (403 Missing Permissions)"
    )
