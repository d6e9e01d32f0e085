"""The heads-up claims (issue 22's heads-ups, and settling one a crash cut off): the contract, on
SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import RunType, Verdict
from bot.core.reminders import offset_spans
from bot.core.session_events import HeadsUpKey
from bot.store import Store
from bot.store.sql.privacy import ExportRow
from tests.storage.conftest import ALICE, BOB, T0

M = timedelta(minutes=1)
START = T0 + timedelta(hours=3)
KEY = HeadsUpKey(ALICE.guild_id, 7, START, ALICE.user_id)
BOBS = KEY._replace(user_id=BOB.user_id)


async def test_told_gives_each_claim_its_time_while_it_is_being_sent(store: Store) -> None:
    heads_ups = store.heads_ups
    assert await heads_ups.told(ALICE.guild_id, 7, START) == {}
    assert await heads_ups.claim(KEY, Verdict.WAIT, now=T0)
    assert not await heads_ups.claim(KEY, Verdict.GO, now=T0 + M)  # claimed once
    assert await heads_ups.claim(BOBS, Verdict.EASY_ONLY, now=T0 + M)
    await heads_ups.finish(BOBS, claimed_at=T0 + M, sent=True)
    assert await heads_ups.told(ALICE.guild_id, 7, START) == {ALICE.user_id: T0, BOB.user_id: None}
    # Another occurrence, another session: not this one's.
    assert await heads_ups.told(ALICE.guild_id, 7, START + timedelta(days=7)) == {}
    assert await heads_ups.told(ALICE.guild_id, 8, START) == {}


async def test_a_claim_is_restarted_only_from_the_time_it_was_read_at(store: Store) -> None:
    heads_ups = store.heads_ups
    await heads_ups.claim(KEY, Verdict.WAIT, now=T0)
    # Another process took it over first (its claim's time is not T0 - M): no change.
    assert not await heads_ups.restart_claim(KEY, Verdict.GO, claimed_at=T0 - M, now=T0 + 5 * M)
    assert await heads_ups.restart_claim(KEY, Verdict.EASY_ONLY, claimed_at=T0, now=T0 + 5 * M)
    assert await heads_ups.told(ALICE.guild_id, 7, START) == {ALICE.user_id: T0 + 5 * M}
    [row] = (await store.privacy.export_member(ALICE))["heads_ups"]
    assert (row["verdict"], row["state"]) == ("EASY-ONLY", "sending")  # the verdict now sent
    # Only once from that time: a second process with the same read loses.
    assert not await heads_ups.restart_claim(KEY, Verdict.WAIT, claimed_at=T0, now=T0 + 6 * M)
    # The send that was taken over ends: its record leaves the new holder's claim alone.
    await heads_ups.finish(KEY, claimed_at=T0, sent=False, error="503")
    await heads_ups.release(KEY, claimed_at=T0)
    assert await heads_ups.told(ALICE.guild_id, 7, START) == {ALICE.user_id: T0 + 5 * M}
    await heads_ups.finish(KEY, claimed_at=T0 + 5 * M, sent=True)
    assert not await heads_ups.restart_claim(
        KEY, Verdict.WAIT, claimed_at=T0 + 5 * M, now=T0 + 7 * M
    )  # finished
    assert await heads_ups.told(ALICE.guild_id, 7, START) == {ALICE.user_id: None}
    # A claim given back is gone: the next read claims it afresh.
    await heads_ups.claim(BOBS, Verdict.WAIT, now=T0)
    await heads_ups.release(BOBS, claimed_at=T0)
    assert BOB.user_id not in await heads_ups.told(ALICE.guild_id, 7, START)


async def test_claims_of_started_occurrences_are_given_up_and_a_dm_made_is_still_recorded(
    store: Store,
) -> None:
    heads_ups = store.heads_ups
    next_week = KEY._replace(occurrence=START + timedelta(days=7))
    assert await heads_ups.first_claimed_start() is None
    for key in (KEY, BOBS, next_week):
        assert await heads_ups.claim(key, Verdict.WAIT, now=T0)
    await heads_ups.finish(BOBS, claimed_at=T0, sent=True)
    assert await heads_ups.first_claimed_start() == START  # Bob's is sent: not counted
    assert await heads_ups.resolve_stale(START - M, error="gone?") == 0  # not started yet
    assert await heads_ups.resolve_stale(START, error="gone?") == 1  # Alice's of START only
    assert await heads_ups.first_claimed_start() == START + timedelta(days=7)
    assert await heads_ups.told(ALICE.guild_id, 7, START) == {
        ALICE.user_id: None,
        BOB.user_id: None,
    }
    # Given up, it is never restarted nor let go; a failure of its send changes nothing.
    assert not await heads_ups.restart_claim(KEY, Verdict.WAIT, claimed_at=T0, now=START)
    await heads_ups.release(KEY, claimed_at=T0)
    await heads_ups.finish(KEY, claimed_at=T0, sent=False, error="503")
    rows = {(r["occurrence_at"], r["user_id"]): r for r in await exported(store)}
    alices = rows[(START, ALICE.user_id)]
    assert (alices["state"], alices["error"]) == ("failed", "gone?")
    # Its send made the DM after all: recorded sent (another claim's record does not count).
    await heads_ups.finish(KEY, claimed_at=T0 - M, sent=True)
    assert (await exported(store))[0]["state"] == "failed"
    await heads_ups.finish(KEY, claimed_at=T0, sent=True)
    assert [r["state"] for r in await exported(store)] == ["sent", "sending"]


async def exported(store: Store) -> list[ExportRow]:
    """Alice's heads-ups as her export gives them, earliest occurrence first."""
    return (await store.privacy.export_member(ALICE))["heads_ups"]


async def test_the_start_reads_only_the_reads_that_may_be_misplaced_and_moves_each_once(
    store: Store,
) -> None:
    """The start's look at the pending reads (bot/actions/session_zone.py `place_reads`),
    with `[club] timezone` Europe/London, which goes from GMT to BST at 01:00 UTC on Sunday
    29 March 2026; Alice's club on Asia/Tokyo (UTC+9) of its own. A read whose due time plus
    the 3-hour lead is its session's weekday and start in its club's zone, at that moment's
    offset, is left out; any other comes back, with its club's own zone. Instants by hand."""
    now = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # Friday
    tokyo, london = ZoneInfo("Asia/Tokyo"), ZoneInfo("Europe/London")
    alices, theirs = ALICE.guild_id, BOB.guild_id + 1
    await store.clubs.set_reminder(
        alices, channel_id=1, post_time=time(7, 0), timezone=tokyo, now=now
    )
    # Theirs has a daily post on the config's zone (a NULL zone).
    await store.clubs.set_reminder(
        theirs, channel_id=2, post_time=time(7, 0), timezone=None, now=now
    )

    async def read_for(guild: int, day: Weekday, at: time, due_at: datetime) -> int:
        session = ClubSession(weekday=day, start=at, run_type=RunType.EASY)
        added = await store.club_sessions.add(guild, session, now=now)
        assert added.id is not None
        return (await store.heads_ups.schedule(guild, added.id, due_at=due_at, now=now)).id

    monday = datetime(2026, 3, 30, tzinfo=UTC)
    # Monday 18:00 BST is 17:00 UTC: its heads-up at 14:00 UTC, where it is.
    right_in_london = await read_for(theirs, Weekday.MONDAY, time(18), monday.replace(hour=14))
    # Monday 19:00, queued at GMT's reckoning (16:00 UTC), an hour late in BST.
    queued_in_gmt = await read_for(theirs, Weekday.MONDAY, time(19), monday.replace(hour=16))
    # Tuesday 18:00, with a read at Monday's 18:00's heads-up time: the weekday counts.
    a_day_early = await read_for(theirs, Weekday.TUESDAY, time(18), monday.replace(hour=14))
    # Monday 18:00 in Tokyo is 09:00 UTC: its heads-up at 06:00 UTC.
    right_in_tokyo = await read_for(alices, Weekday.MONDAY, time(18), monday.replace(hour=6))
    # Monday 19:00 in Tokyo (10:00 UTC), read again 5 minutes after its heads-up time.
    a_reread = await read_for(alices, Weekday.MONDAY, time(19), monday.replace(hour=7, minute=5))

    window = (now - timedelta(days=1), now + timedelta(days=8))
    spans = [
        (name, lo, hi, shift)
        for name, zone in (("Europe/London", london), ("Asia/Tokyo", tokyo))
        for lo, hi, shift in offset_spans(zone, *window)
    ]
    assert await store.zone_moves.club_zones() == ["Asia/Tokyo"]
    reads = await store.zone_moves.heads_up_reads("Europe/London", 180, spans)
    assert sorted((r.id, r.guild_id, r.club_zone) for r in reads) == sorted(
        [
            (queued_in_gmt, theirs, None),
            (a_day_early, theirs, None),
            (a_reread, alices, "Asia/Tokyo"),
        ]
    )
    # With what places each: its session's weekday (Monday 0), start and type, its due time.
    [early] = [r for r in reads if r.id == a_day_early]
    assert (early.weekday, early.start_minute, early.run_type) == (1, 18 * 60, "easy")
    assert early.due_at == monday.replace(hour=14)
    assert {right_in_london, right_in_tokyo}.isdisjoint(r.id for r in reads)

    [timer] = [r for r in reads if r.id == queued_in_gmt]
    fixed = monday.replace(hour=15)
    assert await store.zone_moves.move([(timer, fixed)], now=now) == 1
    assert await store.zone_moves.move([(timer, fixed - M)], now=now) == 0  # moved since
    after = await store.zone_moves.heads_up_reads("Europe/London", 180, spans)
    assert queued_in_gmt not in {r.id for r in after}  # at its place now
