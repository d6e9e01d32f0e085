"""The heads-up claims (issue 22's heads-ups, and settling one a crash cut off): the contract, on
SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from bot.core.models import Verdict
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


async def test_the_pending_reads_come_with_their_clubs_own_zone_and_move_once(
    store: Store,
) -> None:
    """The start's look at every pending read (bot/actions/session_zone.py `place_reads`):
    each with the zone its club set (`/club reminder set timezone:`), None for a club that
    follows `[club] timezone` or has no daily post; a move holds only while the read is as
    it was read."""
    tokyo = ZoneInfo("Asia/Tokyo")
    other = BOB.guild_id + 1
    await store.clubs.set_reminder(
        ALICE.guild_id, channel_id=1, post_time=time(7, 0), timezone=tokyo, now=T0
    )
    first = await store.heads_ups.schedule(ALICE.guild_id, 7, due_at=START, now=T0)
    again = await store.heads_ups.schedule(ALICE.guild_id, 7, due_at=START + M, now=T0)
    theirs = await store.heads_ups.schedule(other, 9, due_at=START, now=T0)
    reads = await store.zone_moves.heads_up_reads()
    assert [(t.id, t.guild_id, t.session_id, t.due_at, z) for t, z in reads] == [
        (again.id, ALICE.guild_id, 7, START + M, tokyo),  # the first, cancelled, is not there
        (theirs.id, other, 9, START, None),
    ]
    assert first.id not in {t.id for t, _ in reads}
    assert await store.zone_moves.move([(theirs, START - M)], now=T0) == 1
    assert await store.zone_moves.move([(theirs, START - 2 * M)], now=T0) == 0  # moved since
    [(moved, _)] = [r for r in await store.zone_moves.heads_up_reads() if r[0].id == theirs.id]
    assert (moved.due_at, moved.next_at) == (START - M, START - M)
