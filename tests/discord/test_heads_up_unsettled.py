"""A heads-up claim that no read settles before its session starts: the reads of an occurrence
stop at its start, so a claim still 'sending' then (Discord's answer lost at the last read, a
crash with the bot back only after the start) used to stay 'sending' for good, and Alice's
`/mydata export` said so. A minute after the start it is recorded as failed, "may have gone
out", and never sent. Same club, session and instants as tests/discord/test_heads_up.py: the
Thursday 18:30 UTC hills, a WAIT for Alice; reads every 5 minutes from 15:30, the last before
the start at 18:25."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.discord.harness import ALICE, FakeClock, Harness
from tests.discord.test_heads_up import (
    HILLS,
    LONDON,
    START,
    M,
    add_session,
    fire,
    hard_leg_day,
    user_reads,
)
from tests.discord.test_heads_up_after_a_crash import ALICE_DMS, crash_mid_heads_up
from tests.discord.test_reminders import reminders_cog

MAY_HAVE_GONE_OUT = "not settled before the session started: may have gone out"
NEXT_WEEK = timedelta(days=7)


async def heads_ups_exported(h: Harness) -> list[tuple[str, str, str | None]]:
    """(verdict, state, error) of Alice's heads-ups, as her `/mydata export` gives them."""
    result = await h.invoke("mydata export")
    document = json.loads(result.files[0].data)
    return [(r["verdict"], r["state"], r["error"]) for r in document["heads_ups"]]


@pytest.mark.parametrize("made", [True, False], ids=["made", "not-made"])
async def test_a_heads_up_whose_answer_was_lost_at_the_last_read_is_settled_after_the_start(
    make_harness: Callable[..., Harness], clock: FakeClock, made: bool
) -> None:
    async with make_harness(config=LONDON) as h:
        event_id = await add_session(h, HILLS)
        await hard_leg_day(h, clock, ALICE)
        h.fake.events.mark_interested(event_id, ALICE.id)
        h.fake.lose_answer("POST", ALICE_DMS, made=made)
        clock.set(START - 5 * M)  # the bot was down until the last read before the start
        last = await fire(h, expect_errors=True)
        assert "the next read looks for it first" in last.log_text()
        assert await heads_ups_exported(h) == [("WAIT", "sending", None)]
        # No read comes for this occurrence any more; the loop wakes a minute after the start.
        assert await reminders_cog(h).runner.next_due(clock.now()) == START + M
        clock.set(START + M)
        settled = await fire(h, expect_errors=True)
        assert user_reads(settled) == [] and settled.to("GET", ALICE_DMS) == []
        assert await heads_ups_exported(h) == [("WAIT", "failed", MAY_HAVE_GONE_OUT)]
        # The next week's heads-up time: read again, nothing of last week's sent.
        clock.set(START + NEXT_WEEK - 3 * 60 * M)
        later = await fire(h, expect_errors=True)
        assert len(user_reads(later)) == 1 and later.to("POST", ALICE_DMS) == []
    assert len(h.fake.dm_messages(ALICE.id)) == (1 if made else 0)


async def test_a_heads_up_cut_off_by_a_crash_and_the_bot_back_after_the_start_is_settled(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed = await crash_mid_heads_up(make_harness, clock, reached_discord=True)
    clock.set(START + 10 * M)
    second = make_harness(config=LONDON)
    second.fake = crashed.fake
    async with second:
        back = await fire(second, expect_errors=True)
        # The read due at 15:35 is late (dropped), and no look, no send.
        assert user_reads(back) == [] and back.to("GET", ALICE_DMS) == []
        assert await heads_ups_exported(second) == [("WAIT", "failed", MAY_HAVE_GONE_OUT)]
    assert len(second.fake.dm_messages(ALICE.id)) == 1  # the one made before the crash


@pytest.mark.parametrize("then", ["no-longer-interested", "session-removed", "event-deleted"])
async def test_a_heads_up_no_read_looks_at_again_is_settled_after_the_start(
    make_harness: Callable[..., Harness], clock: FakeClock, then: str
) -> None:
    """Discord's answer lost at the heads-up time; before the next read Alice takes back her
    "Interested" (the reads pass her by), the session is removed (its reads are cancelled) or
    its event is deleted in Discord (the reads end)."""
    async with make_harness(config=LONDON) as h:
        event_id = await add_session(h, HILLS)
        await hard_leg_day(h, clock, ALICE)
        h.fake.events.mark_interested(event_id, ALICE.id)
        h.fake.lose_answer("POST", ALICE_DMS, made=False)
        clock.set(START - 3 * 60 * M)
        await fire(h, expect_errors=True)
        if then == "no-longer-interested":
            h.fake.events.unmark_interested(event_id, ALICE.id)
        elif then == "session-removed":
            await h.invoke("club session remove", {"session": "1"})
        else:
            h.fake.events.delete_by_hand(event_id)
        for minutes in (5, 10, 15):
            clock.set(START - 3 * 60 * M + minutes * M)
            await fire(h, expect_errors=True)
        assert await heads_ups_exported(h) == [("WAIT", "sending", None)]
        clock.set(START + M)
        await fire(h, expect_errors=True)
        assert await heads_ups_exported(h) == [("WAIT", "failed", MAY_HAVE_GONE_OUT)]
    assert h.fake.dm_messages(ALICE.id) == []
