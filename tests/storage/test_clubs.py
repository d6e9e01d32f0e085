"""The club tables on a real SQLite file: reminders, weekly sessions, the post record and the
club-wide leg-day query."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clubpost import MAX_SESSIONS, ClubSession, EventState, Weekday
from bot.core.errors import UserError
from bot.core.models import Experience, LegDay, MemberRef, RunType, TipId
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, PostRecord, PostStatus, Slot
from bot.store import Claim, SentPost, Store

from .conftest import ALICE, ALICE_ELSEWHERE, BOB, T0

NEW_YORK = ZoneInfo("America/New_York")
GUILD = ALICE.guild_id
OTHER_GUILD = ALICE_ELSEWHERE.guild_id
CHANNEL = 555
W = timedelta(hours=48)
DAY = date(2024, 3, 4)
SLOT = Slot(local_date=DAY, at=datetime(2024, 3, 4, 7, 0, tzinfo=UTC))


def slot_of(day: date) -> Slot:
    return Slot(local_date=day, at=datetime.combine(day, time(7, 0), tzinfo=UTC))


async def active_guilds(store: Store) -> list[int]:
    return [reminder.guild_id for reminder, _ in await store.clubs.active_with_latest_post()]


async def set_up(store: Store, guild_id: int = GUILD) -> None:
    await store.clubs.set_reminder(
        guild_id, channel_id=CHANNEL, post_time=time(7, 0), timezone=None, now=T0
    )


# -- reminders ---------------------------------------------------------------------------------


async def test_reminder_round_trip_and_scoping(store: Store) -> None:
    assert await store.clubs.get(GUILD) is None
    saved, before = await store.clubs.set_reminder(
        GUILD,
        channel_id=CHANNEL,
        post_time=time(6, 45),
        timezone=ZoneInfo("America/New_York"),
        now=T0,
    )
    assert before is None  # no daily post before
    assert (saved.guild_id, saved.channel_id, saved.post_time) == (GUILD, CHANNEL, time(6, 45))
    assert saved.timezone == NEW_YORK
    assert (saved.enabled, saved.paused, saved.failed_days) == (True, False, 0)
    assert saved.effective_at == T0
    assert await store.clubs.get(GUILD) == saved
    assert await store.clubs.get(OTHER_GUILD) is None
    # Set again: the zone it had comes back with the new settings.
    again = await store.clubs.set_reminder(
        GUILD, channel_id=CHANNEL, post_time=time(7, 0), timezone=None, now=T0
    )
    assert (again.reminder.timezone, again.zone_before) == (None, "America/New_York")
    after = await store.clubs.set_reminder(
        GUILD, channel_id=CHANNEL, post_time=time(7, 0), timezone=NEW_YORK, now=T0
    )
    assert after.zone_before is None  # it followed [club] timezone


async def test_turn_off_keeps_the_settings_and_leaves_the_loop(store: Store) -> None:
    await set_up(store)
    await set_up(store, OTHER_GUILD)
    assert await active_guilds(store) == sorted([GUILD, OTHER_GUILD])
    assert await store.clubs.turn_off(GUILD, now=T0) is True
    assert await store.clubs.turn_off(GUILD, now=T0) is False  # already off
    off = await store.clubs.get(GUILD)
    assert off is not None and not off.enabled and off.channel_id == CHANNEL
    assert await active_guilds(store) == [OTHER_GUILD]
    assert await store.clubs.turn_off(123, now=T0) is False  # never set up


async def test_three_failed_days_pause_and_setting_again_resumes(store: Store) -> None:
    await set_up(store)
    results = []
    for n in range(PAUSE_AFTER_FAILED_DAYS):
        day = DAY + timedelta(days=n)
        assert await store.posts.claim(
            GUILD, slot_of(day), channel_id=CHANNEL, tip_id=TipId.STRETCH, now=T0
        )
        results.append(await store.posts.mark_failed(GUILD, day, error="403 Forbidden", now=T0))
    assert results == [(1, False), (2, False), (3, True)]
    paused = await store.clubs.get(GUILD)
    assert paused is not None and paused.paused and paused.enabled and paused.failed_days == 3
    assert await active_guilds(store) == []

    later = T0 + timedelta(days=5)
    resumed, _ = await store.clubs.set_reminder(
        GUILD, channel_id=CHANNEL + 1, post_time=time(8, 0), timezone=None, now=later
    )
    assert (resumed.paused, resumed.failed_days, resumed.effective_at) == (False, 0, later)
    assert await active_guilds(store) == [GUILD]


async def test_a_sent_post_clears_the_failure_count(store: Store) -> None:
    await set_up(store)
    await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.STRETCH, now=T0)
    await store.posts.mark_failed(GUILD, DAY, error="404 Unknown Channel", now=T0)
    tomorrow = DAY + timedelta(days=1)
    await store.posts.claim(
        GUILD, slot_of(tomorrow), channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0
    )
    await store.posts.mark_sent(GUILD, tomorrow, message_id=99, now=T0)
    reminder = await store.clubs.get(GUILD)
    assert reminder is not None and reminder.failed_days == 0


# -- the post record ---------------------------------------------------------------------------


async def test_a_date_is_claimed_once(store: Store) -> None:
    assert await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0) == 1
    assert (
        await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0) is None
    )
    # Another club, or another date, is its own claim.
    assert await store.posts.claim(
        OTHER_GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0
    )
    record = await store.posts.get(GUILD, DAY)
    assert record is not None
    assert (record.status, record.attempts, record.slot_at, record.tip_id) == (
        PostStatus.SENDING,
        1,
        SLOT.at,
        TipId.CARBS,
    )


async def test_claims_and_sent_records_of_several_clubs_in_one_statement_each(
    store: Store,
) -> None:
    third = GUILD + 7
    for guild_id in (GUILD, OTHER_GUILD, third):
        await set_up(store, guild_id)
    # OTHER_GUILD's date is already held (another process's claim): left out, unchanged.
    assert await store.posts.claim(OTHER_GUILD, SLOT, channel_id=1, tip_id=TipId.CARBS, now=T0)
    claims = [Claim(g, SLOT, CHANNEL, TipId.STRETCH) for g in (GUILD, OTHER_GUILD, third)]
    later = T0 + timedelta(seconds=5)
    assert await store.posts.claim_many(claims, now=later) == {GUILD: 1, third: 1}

    # GUILD's and OTHER_GUILD's sends end together; a date never claimed is not recorded.
    await store.posts.mark_sent_many(
        [
            SentPost(GUILD, DAY, 71, later),
            SentPost(OTHER_GUILD, DAY, 72, later),
            SentPost(GUILD, DAY + timedelta(days=1), 73, later),
        ]
    )
    records = {g: await store.posts.get(g, DAY) for g in (GUILD, OTHER_GUILD, third)}
    assert {g: (r.status, r.message_id) for g, r in records.items() if r is not None} == {
        GUILD: (PostStatus.SENT, 71),
        OTHER_GUILD: (PostStatus.SENT, 72),
        third: (PostStatus.SENDING, None),
    }
    sent, other = records[GUILD], records[OTHER_GUILD]
    assert sent is not None and sent.updated_at == later
    assert other is not None and other.tip_id is TipId.CARBS
    assert await store.posts.get(GUILD, DAY + timedelta(days=1)) is None


async def test_a_retry_is_claimed_again_only_when_due(store: Store) -> None:
    await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    retry_at = T0 + timedelta(minutes=1)
    await store.posts.mark_retry(GUILD, DAY, error="503", retry_at=retry_at, now=T0)
    early = retry_at - timedelta(seconds=1)
    assert (
        await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=early)
        is None
    )
    assert (
        await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=retry_at)
        == 2
    )
    await store.posts.mark_sent(GUILD, DAY, message_id=1234, now=retry_at)
    record = await store.posts.get(GUILD, DAY)
    assert record is not None
    assert (record.status, record.message_id, record.attempts, record.retry_at) == (
        PostStatus.SENT,
        1234,
        2,
        None,
    )
    assert record.error == "503"  # the last failure stays readable


@pytest.mark.parametrize("final", [PostStatus.SENT, PostStatus.FAILED, PostStatus.UNKNOWN])
async def test_a_finished_date_is_never_claimed_again(store: Store, final: PostStatus) -> None:
    await set_up(store)
    await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    if final is PostStatus.SENT:
        await store.posts.mark_sent(GUILD, DAY, message_id=1, now=T0)
    elif final is PostStatus.FAILED:
        await store.posts.mark_failed(GUILD, DAY, error="403", now=T0)
    else:
        await store.posts.resolve_unknown(GUILD, DAY, now=T0)
    later = T0 + timedelta(hours=1)
    assert (
        await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=later)
        is None
    )
    record = await store.posts.get(GUILD, DAY)
    assert record is not None and record.status is final


async def test_a_cut_off_claim_is_retaken_only_while_young_and_keeps_its_time(
    store: Store,
) -> None:
    await set_up(store)
    assert await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    later = T0 + timedelta(seconds=90)

    async def retake(claimed_after: datetime) -> int | None:
        return await store.posts.retake(
            GUILD,
            DAY,
            channel_id=CHANNEL,
            tip_id=TipId.STRETCH,
            claimed_after=claimed_after,
        )

    assert await retake(T0) is None  # claimed at T0: not after it
    assert await retake(T0 - timedelta(seconds=1)) == 2  # one more attempt
    assert await retake(T0 - timedelta(seconds=1)) == 3  # a second crash: retaken again
    record = await store.posts.get(GUILD, DAY)
    assert record is not None and record.status is PostStatus.SENDING
    assert record.updated_at == T0  # the claim's time, where the window counts from
    assert record.tip_id is TipId.STRETCH  # what the retaking send carries
    await store.posts.mark_sent(GUILD, DAY, message_id=9, now=later)
    assert await retake(T0 - timedelta(seconds=1)) is None  # finished: nothing to take over


async def test_attempted_at_keeps_the_earliest_attempt_until_a_look_restarts_the_claim(
    store: Store,
) -> None:
    await set_up(store)
    assert await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    minute, moved = timedelta(minutes=1), CHANNEL + 1

    async def record() -> PostRecord:
        found = await store.posts.get(GUILD, DAY)
        assert found is not None
        return found

    assert (await record()).attempted_at == T0  # the claim's send may make the post
    # A failure for now, and the retry's claim: the first attempt is still not ruled out.
    await store.posts.mark_retry(GUILD, DAY, error="503", retry_at=T0 + minute, now=T0 + minute)
    claimed = await store.posts.claim(
        GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0 + 2 * minute
    )
    assert claimed == 2
    retry = await record()
    assert (retry.updated_at, retry.attempted_at) == (T0 + 2 * minute, T0)

    async def restart(attempt: int, now: datetime) -> bool:
        return await store.posts.restart_claim(
            GUILD, DAY, attempt=attempt, channel_id=moved, now=now
        )

    assert not await restart(1, T0 + 3 * minute)  # not this claim: another took it over
    assert await restart(2, T0 + 3 * minute)
    # The look found nothing: dated from the send about to be made, to the channel it goes to.
    restarted = await record()
    assert restarted.status is PostStatus.SENDING
    assert (restarted.updated_at, restarted.attempted_at) == (T0 + 3 * minute, T0 + 3 * minute)
    assert restarted.channel_id == moved
    # A retake (another process) makes it the third attempt: the second's restart is refused.
    assert (
        await store.posts.retake(GUILD, DAY, channel_id=moved, tip_id=TipId.CARBS, claimed_after=T0)
        == 3
    )
    assert not await restart(2, T0 + 4 * minute)
    await store.posts.mark_sent(GUILD, DAY, message_id=9, now=T0 + 4 * minute)
    assert not await restart(3, T0 + 5 * minute)  # finished


async def test_give_up_and_skip(store: Store) -> None:
    await store.posts.claim(GUILD, SLOT, channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    await store.posts.mark_retry(GUILD, DAY, error="502 Bad Gateway", retry_at=T0, now=T0)
    await store.posts.give_up(GUILD, DAY, now=T0)
    record = await store.posts.get(GUILD, DAY)
    assert record is not None
    assert (record.status, record.error) == (PostStatus.FAILED, "502 Bad Gateway")

    tomorrow = slot_of(DAY + timedelta(days=1))
    await store.posts.skip(GUILD, tomorrow, reason="missed", now=T0)
    await store.posts.skip(GUILD, tomorrow, reason="again", now=T0)  # no change
    skipped = await store.posts.get(GUILD, tomorrow.local_date)
    assert skipped is not None
    assert (skipped.status, skipped.error, skipped.attempts) == (PostStatus.SKIPPED, "missed", 0)


async def test_latest_latest_failure_and_previous_tip(store: Store) -> None:
    assert await store.posts.latest(GUILD) is None
    tips = [TipId.STRETCH, TipId.CARBS, TipId.TALK_TEST, TipId.OVERTRAINING]
    outcomes = ["sent", "failed", "unknown", "skipped"]
    for n, (tip_id, outcome) in enumerate(zip(tips, outcomes, strict=True)):
        day = DAY + timedelta(days=n)
        if outcome == "skipped":
            await store.posts.skip(GUILD, slot_of(day), reason="down", now=T0)
            continue
        await store.posts.claim(GUILD, slot_of(day), channel_id=CHANNEL, tip_id=tip_id, now=T0)
        if outcome == "sent":
            await store.posts.mark_sent(GUILD, day, message_id=n + 1, now=T0)
        elif outcome == "failed":
            await store.posts.mark_failed(GUILD, day, error="403", now=T0)
        else:
            await store.posts.resolve_unknown(GUILD, day, now=T0)
    latest = await store.posts.latest(GUILD)
    assert latest is not None and latest.local_date == DAY + timedelta(days=3)
    failure = await store.posts.latest_failure(GUILD)
    assert failure is not None and failure.local_date == DAY + timedelta(days=1)
    # Only posts that (may have) gone out count, and only before the date asked about.
    assert await store.posts.previous_tip(GUILD, DAY) is None
    assert await store.posts.previous_tip(GUILD, DAY + timedelta(days=1)) is TipId.STRETCH
    assert await store.posts.previous_tip(GUILD, DAY + timedelta(days=2)) is TipId.STRETCH
    assert await store.posts.previous_tip(GUILD, DAY + timedelta(days=3)) is TipId.TALK_TEST
    assert await store.posts.previous_tip(GUILD, DAY + timedelta(days=9)) is TipId.TALK_TEST
    assert await store.posts.previous_tip(OTHER_GUILD, DAY + timedelta(days=9)) is None


# -- sessions ----------------------------------------------------------------------------------


def hills(name: str | None = None) -> ClubSession:
    return ClubSession(
        weekday=Weekday.THURSDAY, start=time(18, 30), run_type=RunType.HILLS, name=name
    )


async def test_sessions_round_trip_in_week_order(store: Store) -> None:
    thursday = await store.club_sessions.add(GUILD, hills("Hill club"), now=T0)
    monday = await store.club_sessions.add(
        GUILD,
        ClubSession(weekday=Weekday.MONDAY, start=time(6, 5), run_type=RunType.EASY),
        now=T0,
    )
    assert thursday.id is not None and monday.id is not None
    assert await store.club_sessions.for_club(GUILD) == [monday, thursday]
    assert await store.club_sessions.for_club(OTHER_GUILD) == []


async def test_session_duplicates_and_cap_are_refused(store: Store) -> None:
    await store.club_sessions.add(GUILD, hills(), now=T0)
    with pytest.raises(UserError):
        await store.club_sessions.add(GUILD, hills(), now=T0)
    # The same session in another club is fine.
    await store.club_sessions.add(OTHER_GUILD, hills(), now=T0)
    for minute in range(MAX_SESSIONS - 1):
        await store.club_sessions.add(
            GUILD,
            ClubSession(weekday=Weekday.MONDAY, start=time(5, minute), run_type=RunType.EASY),
            now=T0,
        )
    with pytest.raises(UserError):
        await store.club_sessions.add(GUILD, hills("one too many"), now=T0)
    assert len(await store.club_sessions.for_club(GUILD)) == MAX_SESSIONS


async def test_a_session_is_removed_only_by_its_own_club(store: Store) -> None:
    mine = await store.club_sessions.add(GUILD, hills(), now=T0)
    theirs = await store.club_sessions.add(OTHER_GUILD, hills(), now=T0)
    assert mine.id is not None and theirs.id is not None
    assert await store.club_sessions.remove(GUILD, theirs.id) is None
    assert await store.club_sessions.for_club(OTHER_GUILD) == [theirs]
    assert await store.club_sessions.remove(GUILD, mine.id) == mine
    assert await store.club_sessions.remove(GUILD, mine.id) is None
    assert await store.club_sessions.for_club(GUILD) == []


async def test_a_removed_sessions_id_is_never_given_again(store: Store) -> None:
    # Heads-ups are recorded by session id: a new session under a removed one's id would find
    # that session's heads-ups already sent.
    first = await store.club_sessions.add(GUILD, hills(), now=T0)
    assert first.id is not None
    assert await store.club_sessions.remove(GUILD, first.id) == first
    second = await store.club_sessions.add(GUILD, hills("again"), now=T0)
    assert second.id is not None and second.id > first.id


# -- the club-wide leg-day query ---------------------------------------------------------------


async def test_member_leg_days_groups_a_club_with_profiles(store: Store) -> None:
    def leg(hours: float, hard: bool = True) -> LegDay:
        return LegDay(at=T0 - timedelta(hours=hours), is_hard=hard, exercises=3)

    await store.entries.add_leg_day(ALICE, leg(10), now=T0)
    await store.entries.add_leg_day(ALICE, leg(30, hard=False), now=T0)
    await store.entries.add_leg_day(ALICE, leg(60), now=T0)  # before the range
    await store.entries.add_leg_day(BOB, leg(0), now=T0)  # the range's end is inclusive
    await store.entries.add_leg_day(ALICE_ELSEWHERE, leg(5), now=T0)  # another club
    await store.members.save_profile(
        BOB,
        now=T0,
        listed=False,
        experience=Experience.BEGINNER,
    )
    found = await store.clubs.member_leg_days(GUILD, T0 - timedelta(hours=48), T0)
    by_user = {m.user_id: m for m in found}
    assert set(by_user) == {ALICE.user_id, BOB.user_id}
    assert [d.at for d in by_user[ALICE.user_id].leg_days] == [
        T0 - timedelta(hours=10),
        T0 - timedelta(hours=30),
    ]
    assert [d.is_hard for d in by_user[ALICE.user_id].leg_days] == [True, False]
    assert by_user[ALICE.user_id].profile.listed is True
    assert by_user[BOB.user_id].profile.listed is False
    assert by_user[BOB.user_id].profile.experience is Experience.BEGINNER
    assert await store.clubs.member_leg_days(GUILD, T0 + timedelta(seconds=1), T0 + W) == []


async def test_a_member_of_another_guild_is_never_in_the_club_query(store: Store) -> None:
    stranger = MemberRef(guild_id=OTHER_GUILD, user_id=BOB.user_id)
    await store.entries.add_leg_day(stranger, LegDay(at=T0, is_hard=True), now=T0)
    assert await store.clubs.member_leg_days(GUILD, T0 - W, T0) == []


async def test_active_clubs_come_with_their_latest_record(store: Store) -> None:
    await set_up(store)
    await set_up(store, OTHER_GUILD)
    for n in range(3):
        day = DAY + timedelta(days=n)
        await store.posts.claim(GUILD, slot_of(day), channel_id=CHANNEL, tip_id=TipId.CARBS, now=T0)
    found = await store.clubs.active_with_latest_post()
    assert [reminder.guild_id for reminder, _ in found] == sorted([GUILD, OTHER_GUILD])
    by_guild = {reminder.guild_id: latest for reminder, latest in found}
    assert by_guild[OTHER_GUILD] is None
    latest = by_guild[GUILD]
    assert latest is not None and latest.local_date == DAY + timedelta(days=2)


async def test_a_sessions_place_length_and_event_are_kept_and_scoped(store: Store) -> None:
    placed = hills().model_copy(update={"place": "Park gates", "minutes": 75})
    mine = await store.club_sessions.add(GUILD, placed, now=T0)
    assert mine.id is not None
    anchor = datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
    published = await store.club_sessions.set_event(
        GUILD, mine.id, event_id=2**62 + 5, state=EventState.PUBLISHED, anchor=anchor
    )
    assert (published.place, published.minutes) == ("Park gates", 75)
    assert (published.event_id, published.event_state, published.event_start_at) == (
        2**62 + 5,
        EventState.PUBLISHED,
        anchor,
    )
    assert await store.club_sessions.for_club(GUILD) == [published]
    assert (await store.club_sessions.for_clubs([GUILD]))[GUILD] == [published]
    # Another club cannot touch it.
    with pytest.raises(LookupError):
        await store.club_sessions.set_event(
            OTHER_GUILD, mine.id, event_id=None, state=EventState.DELETED, anchor=None
        )
    gone = await store.club_sessions.set_event(
        GUILD, mine.id, event_id=None, state=EventState.DELETED, anchor=None
    )
    assert (gone.event_id, gone.event_state, gone.event_start_at) == (
        None,
        EventState.DELETED,
        None,
    )
    assert await store.club_sessions.remove(GUILD, mine.id) == gone
