"""A reminder or check-in DM whose earlier attempt may have made it (answered with an error):
once Discord may have forgotten the nonce, the member's DMs are read from when the earliest such
attempt began, through reads that fail for now, a retry's claim cut off during its read, and a
second process; a retried check-in chains no second next-day check-in; and another club's
check-in, in the one DM channel the member shares with the bot, is never taken for this one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.actions.dm_sender import DmSender
from bot.actions.send_budget import SendBudget
from bot.actions.timers import Fired, TimerRunner
from bot.core.models import MemberRef
from bot.core.reminders import TimerState
from bot.core.resend import dm_nonce
from bot.discord.cogs.reminders import DiscordDmSender
from bot.render.reminders import checkin_dm_reply
from bot.render.reply import Reply
from tests.discord.harness import ALICE, GUILD_B, FakeClock, Harness
from tests.discord.test_reminders import reminders_cog
from tests.discord.test_reminders_delivery import (
    CHECKIN_TITLE,
    DM_PATH,
    ME,
    M,
    press_remind_me,
    wake,
)

IN_B = MemberRef(guild_id=GUILD_B.id, user_id=ALICE.id)


async def first_dm_made_answer_lost(harness: Harness, clock: FakeClock) -> None:
    """Alice's reminder's first attempt: Discord makes the DM, and its answer is lost (a
    retry)."""
    clock.set(await press_remind_me(harness))
    harness.fake.lose_answer("POST", DM_PATH, made=True)
    first = await wake(harness, expect_errors=True)
    assert list(first.outcomes.values()) == [Fired.RETRY]


async def test_a_dm_retry_whose_look_failed_twice_still_finds_the_dm_the_first_attempt_made(
    harness: Harness, clock: FakeClock
) -> None:
    await first_dm_made_answer_lost(harness, clock)
    # The member's DMs cannot be read for now, twice; the retries come past the nonce's 2
    # minutes from the first attempt (the process was busy).
    harness.fake.script("GET", DM_PATH, 503, {"message": "down"}, times=2)
    clock.advance(2 * M)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    clock.advance(2 * M)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    clock.advance(4 * M)
    back = await wake(harness, expect_errors=True)
    assert len(back.cap.to("GET", DM_PATH)) == 1
    assert back.sent == [], "the DM the first attempt made was sent again"
    assert len(harness.fake.dm_messages(ALICE.id)) == 1


async def test_a_dm_retry_claim_cut_off_during_its_look_is_not_sent_blind_after_a_restart(
    harness: Harness, clock: FakeClock
) -> None:
    await first_dm_made_answer_lost(harness, clock)
    # The retry, 5 minutes on (Discord has forgotten the first attempt's nonce): the process
    # claims it as the runner does and dies while reading the member's DMs.
    clock.advance(5 * M)
    [timer] = await harness.store.timers.pending(ME)
    assert timer.attempts == 1
    assert await harness.store.timers.claim(timer.id, now=clock.now()) is not None
    clock.advance(timedelta(seconds=30))  # the restart
    back = await wake(harness, expect_errors=True)
    assert back.sent == [], f"sent blind: {back.outcomes}"
    assert len(harness.fake.dm_messages(ALICE.id)) == 1


async def check_in_failed_once(harness: Harness, clock: FakeClock) -> datetime:
    """Alice's 07:00 UTC check-in on the 11th, whose first DM Discord answered with a 503: it
    waits to retry beside the 12th's, which its claim chained. Returns its time."""
    await harness.invoke("checkin", {"time": "07:00"})  # UTC: the 11th at 07:00 is next
    due = datetime.fromisoformat("2026-03-11T07:00:00+00:00")
    clock.set(due)
    harness.fake.script("POST", DM_PATH, 503, times=1)
    assert list((await wake(harness, expect_errors=True)).outcomes.values()) == [Fired.RETRY]
    return due


async def check_ins_per_day(
    harness: Harness, clock: FakeClock, until: datetime, zone: str = "UTC"
) -> dict[str, int]:
    """The bot run to `until`, woken every 5 minutes; Alice's check-in DMs per day in `zone`
    (ISO dates)."""
    while clock.now() < until:
        clock.advance(5 * M)
        await wake(harness, expect_errors=True)
    per_day: dict[str, int] = {}
    for message in harness.fake.dm_messages(ALICE.id):
        assert message["embeds"][0]["title"] == CHECKIN_TITLE
        made = datetime.fromisoformat(message["timestamp"]).astimezone(ZoneInfo(zone)).date()
        per_day[made.isoformat()] = per_day.get(made.isoformat(), 0) + 1
    return per_day


async def test_a_check_in_retried_after_a_5xx_chains_one_next_check_in(
    harness: Harness, clock: FakeClock
) -> None:
    due = await check_in_failed_once(harness, clock)
    clock.advance(M)
    assert Fired.SENT in (await wake(harness, expect_errors=True)).outcomes.values()
    # One check-in a day: the 12th's comes once.
    tomorrow = due + timedelta(days=1)
    clock.set(tomorrow)
    await wake(harness)
    titles = [m["embeds"][0]["title"] for m in harness.fake.dm_messages(ALICE.id)]
    assert len(titles) == 2, f"the 11th's and the 12th's check-ins, not {titles}"
    assert len(await harness.store.timers.pending(ME)) == 1  # the 13th's


async def test_a_cut_off_check_in_is_not_taken_for_another_clubs_check_in(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Alice checks in with two clubs (guilds), both at 07:00. Guild B's check-in goes out and
    is recorded; guild A's claim is cut off by a crash before reaching Discord. After the
    restart, guild A's look must not count guild B's DM (same title, same day) as its own."""
    async with make_harness() as first:
        await first.invoke("checkin", {"time": "07:00"})
        await first.invoke("checkin", {"time": "07:00"}, guild=GUILD_B)
    due = datetime.fromisoformat("2026-03-11T07:00:00+00:00")
    clock.set(due)
    tomorrow = due + timedelta(days=1)
    async with make_harness() as crashed:
        [mine] = await crashed.store.timers.pending(ME)
        [theirs] = await crashed.store.timers.pending(IN_B)
        assert await crashed.store.timers.claim(mine.id, now=due, then=tomorrow)
        assert await crashed.store.timers.claim(theirs.id, now=due, then=tomorrow)
        sender = DiscordDmSender(crashed.bot, SendBudget(50))
        dm = checkin_dm_reply(date(2026, 3, 11))
        await sender.send_dm(GUILD_B.id, ALICE.id, dm, nonce=dm_nonce(theirs.id, due))
        await crashed.store.timers.finish(theirs.id, TimerState.SENT, now=due)
    clock.advance(2 * M)  # past the nonce window: guild A's claim is looked for
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {mine.id: Fired.SENT}
        assert len(back.cap.to("GET", DM_PATH)) == 1  # looked for in Alice's DMs
    # One check-in per club: guild A's was never made.
    assert len(second.fake.dm_messages(ALICE.id)) == 2


class BlockedLook:
    """The bot's DM sender, whose look in the member's DMs waits until the test lets it answer."""

    def __init__(self, sender: DmSender) -> None:
        self._sender = sender
        self.reading = asyncio.Event()
        self.answer = asyncio.Event()

    async def send_dm(self, guild_id: int, user_id: int, reply: Reply, *, nonce: str) -> None:
        await self._sender.send_dm(guild_id, user_id, reply, nonce=nonce)

    async def find_dm(self, guild_id: int, user_id: int, reply: Reply, *, after: datetime) -> bool:
        self.reading.set()
        await self.answer.wait()
        return await self._sender.find_dm(guild_id, user_id, reply, after=after)


async def test_two_processes_a_dm_retry_looked_for_by_one_is_not_sent_blind_by_the_other(
    harness: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await first_dm_made_answer_lost(harness, clock)
    mine = reminders_cog(harness).runner
    # A second process on the same database (a rolling restart), with its own runner.
    other = TimerRunner(harness.store, mine._settings, mine._sender)
    blocked = BlockedLook(mine._sender)
    monkeypatch.setattr(mine, "_sender", blocked)
    clock.advance(5 * M)  # the retry, once Discord has forgotten the first attempt's nonce
    now = clock.now()
    async with harness.capture(expect_errors=True) as cap:
        looking = asyncio.create_task(mine.tick(now))
        await blocked.reading.wait()  # this process claimed the retry and reads Alice's DMs
        # The other process sees a claim it is not sending: due now.
        assert await other.next_due(now) == now
        theirs = await other.tick(now)
        blocked.answer.set()
        ours = await looking
    sent = [r for r in cap.to("POST", DM_PATH) if r.status == 200]
    assert sent == [], f"{ours=} {theirs=}"
    assert len(harness.fake.dm_messages(ALICE.id)) == 1


@pytest.mark.parametrize(
    "zone",
    [
        # East (UTC+1 in March): the chained check-in moves to 07:00 Berlin on the 12th.
        "Europe/Berlin",
        # West: 07:00 UTC was 03:00 there, the 11th; the chained check-in moves to 07:00 New
        # York on the 12th, not the 11th, whose check-in waits to be retried.
        "America/New_York",
    ],
)
async def test_a_zone_change_while_a_check_in_waits_to_retry_leaves_one_check_in_a_day(
    harness: Harness, clock: FakeClock, zone: str
) -> None:
    due = await check_in_failed_once(harness, clock)
    # Within the retry's 1-minute backoff, Alice moves: her check-ins come at 07:00 there.
    clock.advance(M / 2)
    await harness.invoke("profile", {"timezone": zone})
    # Two days of the bot running.
    per_day = await check_ins_per_day(harness, clock, due + timedelta(days=2, hours=3), zone)
    assert all(n == 1 for n in per_day.values()), f"check-in DMs per day in {zone}: {per_day}"
    pending = await harness.store.timers.pending(ME)
    assert len(pending) == 1, f"one chain of check-ins, not {[t.due_at for t in pending]}"
