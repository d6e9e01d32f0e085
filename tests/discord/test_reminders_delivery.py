"""Issue 14's delivery end to end, the paths a quiet day never takes: Discord's 429 and 5xx on the
DM (retried with backoff, sent once), a claim a crash left 'sending' (resent with the same
nonce within 2 minutes, unknown and never resent after), a reminder more than 6 hours late and
a check-in from an earlier local day (dropped)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bot.actions.scheduler import Scheduler
from bot.actions.send_budget import SendBudget
from bot.actions.timers import Fired
from bot.core.models import MemberRef
from bot.core.reminders import READY_LATE_LIMIT, Timer, TimerState
from bot.core.resend import dm_nonce
from bot.discord.cogs.daily_post import DiscordPostSender
from bot.discord.cogs.reminders import DiscordDmSender
from bot.render.reminders import checkin_dm_reply, ready_dm_reply
from bot.render.reply import Reply
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.discord.harness import ALICE, GUILD_A, Capture, FakeClock, Harness
from tests.discord.harness.payloads import dm_channel_id
from tests.discord.test_reminders import READY_TEXT, dms, reminders_cog, wait_with_button

ME = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
TRAINING = GUILD_A.channel_named("training")
DM_PATH = f"/channels/{dm_channel_id(ALICE.id)}/messages"
S = timedelta(seconds=1)
M = timedelta(minutes=1)
CHECKIN_TITLE = "Morning check-in: how sore are your legs?"


@dataclass
class Wake:
    """One wake-up of the timers' loop: what it did, what it sent, and how long it then sleeps."""

    outcomes: dict[int, Fired]
    sleep: float
    cap: Capture

    @property
    def sent(self) -> list[Any]:
        return [r for r in dms(self.cap) if r.status == 200]


async def wake(h: Harness, *, expect_errors: bool = False) -> Wake:
    """The job's body at the fake clock's now, then what the scheduler makes of the timers
    left: nothing is due at this instant any more, so only how long it sleeps."""
    cog = reminders_cog(h)
    async with h.capture(expect_errors=expect_errors) as cap:
        outcomes = await cog.runner.tick(h.clock.now())
        sleep = await Scheduler([cog], h.clock).step()
    return Wake(outcomes, sleep, cap)


async def timer_rows(h: Harness) -> list[tuple[str, str, int]]:
    """(kind, state, attempts) of every stored timer, oldest first: below the interface, to see
    what the store recorded for timers that are no longer pending."""
    store = h.store
    # The same SQL reads on either backend (no placeholders); each has its own `db`.
    assert isinstance(store, SqliteStore | PostgresStore)
    rows = await store.db.fetchall("SELECT kind, state, attempts FROM timers ORDER BY id")
    return [(row["kind"], row["state"], row["attempts"]) for row in rows]


async def press_remind_me(h: Harness) -> datetime:
    """A hard leg day now, /canirun's WAIT, the button pressed: returns the reminder's time."""
    await h.invoke("legday", {"exercises": 4})
    message, custom_id = await wait_with_button(h)
    await h.click(message, custom_id)
    [timer] = await h.store.timers.pending(ME)
    return timer.due_at


def rate_limited(h: Harness, times: int) -> None:
    """Discord's 429 on the DM, `times` requests in a row. discord.py waits out each one itself
    (retry_after 0: no real sleep) and gives up after five tries; the bot then retries later."""
    h.fake.script(
        "POST",
        DM_PATH,
        429,
        {"message": "You are being rate limited.", "retry_after": 0, "global": False},
        headers={"Via": "1.1 google"},
        times=times,
    )


# -- 429 and 5xx -------------------------------------------------------------------------------


async def test_a_429_on_the_dm_is_retried_with_backoff_and_sent_once_later(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(await press_remind_me(harness))
    rate_limited(harness, times=5)

    first = await wake(harness, expect_errors=True)
    assert list(first.outcomes.values()) == [Fired.RETRY]
    assert [r.status for r in dms(first.cap)] == [429] * 5  # discord.py's own five tries
    assert first.sent == []
    assert first.sleep == 60  # the loop sleeps until the retry: 1 minute after the first failure
    # Known as a temporary failure (warnings), not an unexpected error with a traceback.
    assert any("retrying at" in r.getMessage() for r in first.cap.logs)
    assert max(r.levelno for r in first.cap.logs) == logging.WARNING

    clock.advance(M - S)
    early = await wake(harness)
    assert early.outcomes == {} and dms(early.cap) == []
    clock.advance(S)
    second = await wake(harness)
    assert list(second.outcomes.values()) == [Fired.SENT]
    (sent,) = second.sent
    assert sent.json["embeds"][0]["title"] == READY_TEXT
    clock.advance(timedelta(hours=1))
    assert dms((await wake(harness)).cap) == []  # once
    assert await timer_rows(harness) == [("ready", "sent", 2)]


async def test_5xx_on_the_dm_back_off_1_then_2_minutes_and_it_is_sent_once(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(await press_remind_me(harness))
    # 503 is not one discord.py retries itself: each one reaches the bot.
    harness.fake.script("POST", DM_PATH, 503, times=2)

    first = await wake(harness, expect_errors=True)
    assert list(first.outcomes.values()) == [Fired.RETRY] and first.sleep == 60
    assert max(r.levelno for r in first.cap.logs) == logging.WARNING
    [timer] = await harness.store.timers.pending(ME)
    assert timer.next_at == clock.now() + M and timer.attempts == 1

    clock.advance(M)
    second = await wake(harness, expect_errors=True)
    assert [r.status for r in dms(second.cap)] == [503]
    assert second.sleep == 120  # the backoff doubles
    [timer] = await harness.store.timers.pending(ME)
    assert timer.next_at == clock.now() + 2 * M and timer.attempts == 2

    clock.advance(2 * M - S)
    assert dms((await wake(harness)).cap) == []
    clock.advance(S)
    assert len((await wake(harness)).sent) == 1
    clock.advance(timedelta(hours=1))
    assert dms((await wake(harness)).cap) == []
    assert await timer_rows(harness) == [("ready", "sent", 3)]


def global_limit(h: Harness, method: str, path: str) -> None:
    """Discord's global 429 on the next such request, for an hour: discord.py sleeps it out
    itself and holds every other request of the process until its sleep is over."""
    h.fake.script(
        method,
        path,
        429,
        {"message": "You are being rate limited.", "retry_after": 3600, "global": True},
        headers={"Via": "1.1 google", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
        times=1,
    )


async def test_a_dm_cut_off_by_its_time_bound_in_discords_global_limit_frees_later_requests(
    harness: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py reopens the requests it holds for a global 429 only at the end of its own
    sleep. The DM's time bound (shortened here from a minute) cancels that sleep: the bot
    reopens them, or the retry and every later request of the process would wait for ever."""
    clock.set(await press_remind_me(harness))
    global_limit(harness, "POST", DM_PATH)
    with monkeypatch.context() as short:
        short.setattr("bot.actions.timers.DM_SEND_TIMEOUT", timedelta(milliseconds=50))
        first = await wake(harness, expect_errors=True)
    assert list(first.outcomes.values()) == [Fired.RETRY]
    assert [r.status for r in dms(first.cap)] == [429]

    clock.advance(M)
    # With its real bound the retry would wait out a minute: bounded here so that a held
    # request fails the test instead of stalling it.
    second = await asyncio.wait_for(wake(harness, expect_errors=True), 30)
    assert list(second.outcomes.values()) == [Fired.SENT]
    assert len(second.sent) == 1
    assert await timer_rows(harness) == [("ready", "sent", 2)]


async def test_a_dm_cut_off_waiting_for_another_requests_global_limit_leaves_it_held(
    harness: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the request that sleeps out Discord's global 429 reopens the others when it is
    cut off. A DM cut off while merely waiting for that sleep reopened them too: they went
    to Discord while its limit was still on, each drawing another 429 (and Discord bans an
    address that draws too many)."""
    clock.set(await press_remind_me(harness))
    post_path = f"/channels/{TRAINING.id}/messages"
    global_limit(harness, "POST", post_path)
    poster = DiscordPostSender(harness.bot, SendBudget(1000))
    post = Reply(title="Today's training", ephemeral=False)
    sleeping = asyncio.create_task(poster.send(GUILD_A.id, TRAINING.id, post, nonce="1"))
    for _ in range(1000):  # until its 429 is answered (no clock: discord.py sleeps an hour)
        if harness.fake.requests[-1].path == post_path:
            break
        await asyncio.sleep(0)
    assert harness.fake.requests[-1].status == 429

    with monkeypatch.context() as short:
        short.setattr("bot.actions.timers.DM_SEND_TIMEOUT", timedelta(milliseconds=50))
        for _ in range(2):
            held = await wake(harness, expect_errors=True)
            assert list(held.outcomes.values()) == [Fired.RETRY]
            assert held.cap.requests == []  # nothing reached Discord during its limit
            clock.advance(5 * M)

    sleeping.cancel()  # the sleep cut off: it reopens them
    with pytest.raises(asyncio.CancelledError):
        await sleeping
    sent = await asyncio.wait_for(wake(harness, expect_errors=True), 30)
    assert list(sent.outcomes.values()) == [Fired.SENT]
    assert len(sent.sent) == 1


@pytest.mark.parametrize("made", [True, False], ids=["made-answer-lost", "not-made"])
async def test_a_dm_whose_answer_was_lost_is_looked_for_before_the_retry_sends_it(
    harness: Harness, clock: FakeClock, made: bool
) -> None:
    """The DM request ends with no answer (a connection reset): Discord may have made the DM.
    The retry, run 2 minutes after that attempt (due after 1; the process was busy), when
    Discord may have forgotten its nonce, reads the member's DMs first."""
    clock.set(await press_remind_me(harness))
    harness.fake.lose_answer("POST", DM_PATH, made=made)
    first = await wake(harness, expect_errors=True)
    assert list(first.outcomes.values()) == [Fired.RETRY] and first.sleep == 60
    claimed_at = clock.now()
    clock.advance(2 * M)
    second = await wake(harness, expect_errors=True)
    assert list(second.outcomes.values()) == [Fired.SENT]
    [look] = second.cap.to("GET", DM_PATH)
    # From the failed attempt's claim, less 30 s of clock margin (a snowflake is milliseconds
    # since 2015-01-01 shifted left 22 bits).
    since_ms = int((claimed_at - 30 * S).timestamp() * 1000) - 1_420_070_400_000
    assert look.params == {"after": str((since_ms << 22) + (1 << 22) - 1), "limit": "100"}
    assert len(second.sent) == (0 if made else 1)
    assert await timer_rows(harness) == [("ready", "sent", 2)]
    assert len(harness.fake.dm_messages(ALICE.id)) == 1


# -- a crash between the claim and the DM ------------------------------------------------------


async def crash_mid_send(
    make_harness: Callable[..., Harness], clock: FakeClock, *, reached_discord: bool
) -> tuple[Harness, int, datetime]:
    """A process that claimed the due reminder (committed) and died before recording the DM:
    after it reached Discord, or before. Returns that process's harness (closed; its fake
    Discord is the one the restarted process talks to), the timer's id and its time."""
    async with make_harness() as first:
        ready = await press_remind_me(first)
    clock.set(ready)
    crashed = make_harness()
    async with crashed:
        [timer] = await crashed.store.timers.pending(ME)
        assert await crashed.store.timers.claim(timer.id, now=clock.now()) is not None
        if reached_discord:
            # The DM as the process's sender sends it, with the timer's nonce: then the crash.
            sender = DiscordDmSender(crashed.bot, SendBudget(50))
            nonce = dm_nonce(timer.id, timer.due_at)
            await sender.send_dm(GUILD_A.id, ALICE.id, ready_dm_reply(ready), nonce=nonce)
    return crashed, timer.id, ready


@pytest.mark.parametrize("reached_discord", [True, False], ids=["reached", "lost"])
async def test_a_dm_cut_off_by_a_crash_goes_out_once_with_the_same_nonce_after_a_quick_restart(
    make_harness: Callable[..., Harness], clock: FakeClock, reached_discord: bool
) -> None:
    crashed, timer_id, ready = await crash_mid_send(
        make_harness, clock, reached_discord=reached_discord
    )
    clock.advance(2 * M - S)  # the restart, within the 2 minutes Discord dedups a nonce in
    second = make_harness()
    second.fake = crashed.fake  # the same Discord
    async with second:
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {timer_id: Fired.SENT}
        assert any("same nonce" in r.getMessage() for r in back.cap.logs)
        assert await timer_rows(second) == [("ready", "sent", 2)]
    attempts = [r for r in second.fake.requests if r.method == "POST" and r.path == DM_PATH]
    assert len(attempts) == (2 if reached_discord else 1)
    expected = dm_nonce(timer_id, ready)
    assert [(r.json["nonce"], r.json["enforce_nonce"]) for r in attempts] == [
        (expected, True)
    ] * len(attempts)
    [dm] = second.fake.dm_messages(ALICE.id)  # one DM, whichever attempt made it
    assert READY_TEXT in dm["content"] + str(dm["embeds"])


@pytest.mark.parametrize("reached_discord", [True, False], ids=["reached", "lost"])
async def test_a_dm_cut_off_by_a_crash_is_looked_for_after_2_minutes_and_goes_out_once(
    make_harness: Callable[..., Harness], clock: FakeClock, reached_discord: bool
) -> None:
    crashed, timer_id, ready = await crash_mid_send(
        make_harness, clock, reached_discord=reached_discord
    )
    clock.advance(2 * M)  # Discord may have forgotten the nonce: the member's DMs are read first
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {timer_id: Fired.SENT}
        [read] = back.cap.to("GET", DM_PATH)
        assert read.params["limit"] == "100"
        assert len(dms(back.cap)) == (0 if reached_discord else 1)
        logs = " ".join(r.getMessage() for r in back.cap.logs)
        assert ("is not in the member's DMs" in logs) is not reached_discord
        assert await timer_rows(second) == [("ready", "sent", 2)]
    [dm] = second.fake.dm_messages(ALICE.id)  # one DM, whichever attempt made it
    assert READY_TEXT in dm["content"] + str(dm["embeds"])
    assert dm["nonce"] == dm_nonce(timer_id, ready)


async def test_a_cut_off_reminder_is_not_taken_for_another_dm_made_since(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed, timer_id, _ = await crash_mid_send(make_harness, clock, reached_discord=False)
    other = make_harness()
    other.fake = crashed.fake
    async with other:  # another DM of the bot's to Alice after the claim: her check-in
        sender = DiscordDmSender(other.bot, SendBudget(50))
        checkin = checkin_dm_reply(date(2026, 3, 12))
        await sender.send_dm(GUILD_A.id, ALICE.id, checkin, nonce="another-dm")
    clock.advance(2 * M)
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {timer_id: Fired.SENT}
        assert len(back.cap.to("GET", DM_PATH)) == 1 and len(back.sent) == 1
    titles = [dm["embeds"][0]["title"] for dm in second.fake.dm_messages(ALICE.id)]
    assert titles == [CHECKIN_TITLE, READY_TEXT]


async def test_a_dm_look_that_fails_for_now_is_tried_again_30_seconds_later_not_at_once(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed, timer_id, _ = await crash_mid_send(make_harness, clock, reached_discord=False)
    clock.advance(2 * M)
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        second.fake.script("GET", DM_PATH, 503, {"message": "down"}, times=1)
        down = await wake(second, expect_errors=True)
        assert down.outcomes == {timer_id: Fired.RETRY} and dms(down.cap) == []
        assert down.sleep == 30  # not 0: the scheduler would look over and over
        assert await timer_rows(second) == [("ready", "sending", 2)]  # still claimed
        clock.advance(30 * S)
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {timer_id: Fired.SENT}
        assert len(back.cap.to("GET", DM_PATH)) == 1 and len(back.sent) == 1
    assert len(second.fake.dm_messages(ALICE.id)) == 1


async def test_a_dm_cut_off_by_a_crash_is_not_sent_again_once_too_late(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed, timer_id, _ = await crash_mid_send(make_harness, clock, reached_discord=False)
    clock.advance(6 * 60 * M + M)  # a reminder more than 6 hours late is not sent at all
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        late = await wake(second, expect_errors=True)
        assert late.outcomes == {timer_id: Fired.NOTHING}
        assert late.cap.requests == []  # neither read nor sent
        assert any("too late to send now" in r.getMessage() for r in late.cap.logs)
        assert await timer_rows(second) == [("ready", "unknown", 1)]

    clock.advance(timedelta(days=3))
    async with make_harness() as third:
        later = await wake(third)
        assert later.outcomes == {} and dms(later.cap) == []
        assert later.sleep == 300  # nothing pending: the slow poll
        assert await timer_rows(third) == [("ready", "unknown", 1)]
    assert crashed.fake.dm_messages(ALICE.id) == []


CHECKIN_DUE = datetime.fromisoformat("2026-03-11T07:00:00+00:00")


async def claim_check_in_at_7(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> tuple[Harness, Timer]:
    """Alice's 07:00 UTC check-in, claimed at its minute with tomorrow's chained, as the runner
    claims it; then the crash. Returns that process's harness (closed; its fake Discord is the
    one the next process talks to) and the timer."""
    async with make_harness() as first:
        await first.invoke("checkin", {"time": "07:00"})  # UTC: the 11th at 07:00 is next
    clock.set(CHECKIN_DUE)
    crashed = make_harness()
    async with crashed:
        [timer] = await crashed.store.timers.pending(ME)
        tomorrow = CHECKIN_DUE + timedelta(days=1)
        assert await crashed.store.timers.claim(timer.id, now=CHECKIN_DUE, then=tomorrow)
    return crashed, timer


async def test_a_check_in_cut_off_by_a_crash_is_resent_once_and_chains_one_next_day(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    _, timer = await claim_check_in_at_7(make_harness, clock)
    due, tomorrow = CHECKIN_DUE, CHECKIN_DUE + timedelta(days=1)
    clock.advance(M)
    async with make_harness() as second:
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {timer.id: Fired.SENT}
        (sent,) = back.sent
        assert sent.json["nonce"] == dm_nonce(timer.id, due) and sent.json["enforce_nonce"]
        assert "For Wed 11 Mar" in sent.json["embeds"][0]["description"]
        # The resend chained nothing more: the first claim's tomorrow is the one pending.
        assert [t.due_at for t in await second.store.timers.pending(ME)] == [tomorrow]
        assert await timer_rows(second) == [("checkin", "sent", 2), ("checkin", "pending", 0)]


async def test_a_check_in_cut_off_after_discord_made_it_is_found_though_the_member_moved_zone(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    crashed, timer = await claim_check_in_at_7(make_harness, clock)
    sending = make_harness()
    sending.fake = crashed.fake
    async with sending:
        # The DM as the process's sender sends it ("For Wed 11 Mar"), before the crash.
        sender = DiscordDmSender(sending.bot, SendBudget(50))
        dm = checkin_dm_reply(date(2026, 3, 11))
        await sender.send_dm(GUILD_A.id, ALICE.id, dm, nonce=dm_nonce(timer.id, CHECKIN_DUE))
    clock.advance(2 * M)
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        # Meanwhile the member moved to Honolulu (UTC-10), where 07:00 UTC on the 11th is 21:00
        # on Tue 10 March: the same day still, so the check-in is looked for, not dropped.
        await second.invoke("profile", {"timezone": "Pacific/Honolulu"})
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {timer.id: Fired.SENT}
        assert len(back.cap.to("GET", DM_PATH)) == 1 and dms(back.cap) == []
    [sent] = second.fake.dm_messages(ALICE.id)  # the one made before the crash, and no other
    assert "For Wed 11 Mar" in sent["embeds"][0]["description"]


# -- catch-up after an outage ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late", "outcome", "state"),
    [
        (READY_LATE_LIMIT, Fired.SENT, TimerState.SENT),
        (READY_LATE_LIMIT + S, Fired.DROPPED, TimerState.DROPPED),
    ],
)
async def test_a_reminder_more_than_6_hours_late_is_dropped(
    make_harness: Callable[..., Harness],
    clock: FakeClock,
    late: timedelta,
    outcome: Fired,
    state: TimerState,
) -> None:
    async with make_harness() as first:
        ready = await press_remind_me(first)
    clock.set(ready + late)  # the bot was down from before the reminder's time until now
    async with make_harness() as second:
        woke = await wake(second)
        assert list(woke.outcomes.values()) == [outcome]
        assert len(woke.sent) == (outcome is Fired.SENT)
        clock.advance(timedelta(hours=1))
        assert dms((await wake(second)).cap) == []
        assert await timer_rows(second) == [
            ("ready", state.value, 1 if state is TimerState.SENT else 0)
        ]


@pytest.mark.parametrize(
    ("restart", "outcome"),
    [
        # 21:00 in New York on Tue 10 March is 01:00 UTC on the 11th.
        ("2026-03-11T03:59:00+00:00", Fired.SENT),  # 23:59 in New York: the same day, late
        ("2026-03-11T04:01:00+00:00", Fired.DROPPED),  # 00:01 there: the next day (UTC: same)
    ],
)
async def test_a_check_in_from_an_earlier_local_day_is_dropped(
    make_harness: Callable[..., Harness], clock: FakeClock, restart: str, outcome: Fired
) -> None:
    async with make_harness() as first:
        await first.invoke("profile", {"timezone": "America/New_York"})
        await first.invoke("checkin", {"time": "21:00"})
    clock.set(datetime.fromisoformat(restart))
    async with make_harness() as second:
        woke = await wake(second)
        assert list(woke.outcomes.values()) == [outcome]
        if outcome is Fired.SENT:
            (sent,) = woke.sent
            assert sent.json["embeds"][0]["title"] == CHECKIN_TITLE
            assert "For Tue 10 Mar" in sent.json["embeds"][0]["description"]
        else:
            assert dms(woke.cap) == []
        # Either way the next day's check-in waits, at 21:00 New York time on the 11th.
        [tomorrow] = await second.store.timers.pending(ME)
        assert tomorrow.due_at == datetime.fromisoformat("2026-03-12T01:00:00+00:00")
        clock.set(tomorrow.due_at)
        (sent,) = (await wake(second)).sent
        assert "For Wed 11 Mar" in sent.json["embeds"][0]["description"]


@pytest.mark.parametrize(
    ("restart", "asked", "following"),
    [
        # 21:30 in New York on Wed 11 March: Wednesday's 21:00 has come, half an hour late.
        ("2026-03-12T01:30:00+00:00", ["For Wed 11 Mar"], "2026-03-13T01:00:00+00:00"),
        # 20:30 there: Wednesday's is still ahead, at its time.
        ("2026-03-12T00:30:00+00:00", [], "2026-03-12T01:00:00+00:00"),
    ],
)
async def test_after_an_outage_of_more_than_a_day_todays_check_in_is_still_owed(
    make_harness: Callable[..., Harness],
    clock: FakeClock,
    restart: str,
    asked: list[str],
    following: str,
) -> None:
    """Only a check-in from an earlier day is too late: the bot down from before Tuesday's
    21:00 until after Wednesday's drops Tuesday's and still asks Wednesday's, as it would
    after an outage of an hour that day."""
    async with make_harness() as first:
        await first.invoke("profile", {"timezone": "America/New_York"})
        await first.invoke("checkin", {"time": "21:00"})
    clock.set(datetime.fromisoformat(restart))
    async with make_harness() as second:
        woke = await wake(second)
        said = [r.json["embeds"][0]["description"] for r in woke.sent]
        assert [
            day for day in ("For Wed 11 Mar", "For Tue 10 Mar") if any(day in s for s in said)
        ] == asked
        [pending] = await second.store.timers.pending(ME)
        assert pending.due_at == datetime.fromisoformat(following)
