"""The daily post works on members counted by the database (bot.store.sql.clubs,
CLUBS_HARD_LEG_DAYS) and asks each verdict once per kind of member; its text must be exactly
what a post built member by member says, each member asking `advise` as /canirun does, with
all their leg days."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.actions.daily_post import DailyPostRunner
from bot.actions.post_contents import gather_club_post, with_week_extras
from bot.actions.post_send import Outcome
from bot.config import Settings
from bot.core.advice import advise
from bot.core.clubpost import (
    HARD_PROBE,
    ClubPost,
    ClubSession,
    Recovering,
    SessionOutlook,
    Weekday,
    sessions_on,
)
from bot.core.models import Experience, LegDay, MemberRef, PlannedRun, Profile, RunType, Verdict
from bot.core.tips import tip_of_the_day
from bot.core.when import at_local
from bot.render.club import club_post_reply
from bot.render.reply import Reply
from bot.store import Store
from tests.post_senders import NeverLooks

from .conftest import T0

GUILD = 4242
ZONE = ZoneInfo("America/Chicago")
# Thursday 7 March 2024; the post at 07:00 Chicago (UTC-6), sent ten seconds late.
DAY = date(2024, 3, 7)
NOW = datetime(2024, 3, 7, 13, 0, 10, tzinfo=UTC)
W = timedelta(hours=48)
THURSDAY = Weekday.THURSDAY
SESSIONS = (
    ClubSession(weekday=THURSDAY, start=time(6, 30), run_type=RunType.TEMPO, name="Dawn tempo"),
    ClubSession(weekday=THURSDAY, start=time(12, 0), run_type=RunType.EASY),
    ClubSession(weekday=THURSDAY, start=time(18, 30), run_type=RunType.HILLS),
    ClubSession(weekday=THURSDAY, start=time(18, 30), run_type=RunType.INTERVALS, name="Track"),
    ClubSession(weekday=THURSDAY, start=time(19, 0), run_type=RunType.LONG),
    ClubSession(weekday=Weekday.FRIDAY, start=time(6, 0), run_type=RunType.HILLS),
)


class Capture(NeverLooks):
    def __init__(self) -> None:
        self.replies: dict[int, Reply] = {}

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        del channel_id, nonce
        self.replies[guild_id] = reply
        return len(self.replies)


def members() -> dict[int, tuple[Profile, list[LegDay]]]:
    """A varied club: every experience, named and unnamed members, leg days on both sides of
    every moment and window edge, members alike and members with nothing to count."""
    starts = [at_local(DAY, s.start, ZONE) for s in sessions_on(SESSIONS, DAY)]
    edges = [NOW, *starts]
    rng = random.Random(21)
    club: dict[int, tuple[Profile, list[LegDay]]] = {}
    user = 100
    # Hard leg days exactly on, just inside and just outside each moment's window, and at and
    # just after each moment itself.
    for moment in edges:
        for offset in (-W, -W + timedelta(seconds=1), -W - timedelta(seconds=1), timedelta(0)):
            for experience in Experience:
                user += 1
                club[user] = (
                    Profile(experience=experience, listed=user % 3 != 0),
                    [LegDay(at=moment + offset, is_hard=True, exercises=4)],
                )
        user += 1
        club[user] = (Profile(), [LegDay(at=moment + timedelta(seconds=1), is_hard=True)])
    # Many alike (the same leg day): the post counts them together, and names more than fit.
    for _ in range(140):
        user += 1
        club[user] = (
            Profile(experience=Experience.BEGINNER, listed=user % 5 != 0),
            [LegDay(at=NOW - timedelta(hours=20), is_hard=True, exercises=5)],
        )
    # And a crowd of anything: a few leg days each, hard or light, from four days before the
    # post to the evening after it, at odd seconds.
    for _ in range(150):
        user += 1
        days = [
            LegDay(
                at=NOW + timedelta(seconds=rng.randint(-4 * 86_400, 14 * 3_600)),
                is_hard=rng.random() < 0.6,
                exercises=rng.randint(0, 6),
            )
            for _ in range(rng.randint(0, 4))
        ]
        profile = Profile(experience=rng.choice(list(Experience)), listed=rng.random() < 0.8)
        club[user] = (profile, days)
    return club


def reference(club: dict[int, tuple[Profile, list[LegDay]]], sessions: list[ClubSession]) -> Reply:
    """The post member by member: /canirun's `advise` for each session and for a hard run
    now, with each member's whole log."""
    rules = Settings().advice
    outlooks = []
    for session in sessions_on(sessions, DAY):
        starts_at = at_local(DAY, session.start, ZONE)
        verdicts = [
            advise(PlannedRun(run_type=session.run_type, at=starts_at), days, profile, rules)
            for profile, days in club.values()
        ]
        outlooks.append(
            SessionOutlook(
                session=session,
                starts_at=starts_at,
                skip_hard=sum(a.verdict is Verdict.WAIT for a in verdicts),
                keep_easy=sum(a.verdict is Verdict.EASY_ONLY for a in verdicts),
            )
        )
    named: list[Recovering] = []
    unnamed = 0
    for user_id, (profile, days) in club.items():
        advice = advise(PlannedRun(run_type=HARD_PROBE, at=NOW), days, profile, rules)
        if advice.verdict is Verdict.WAIT and advice.ready_at is not None:
            if profile.listed:
                named.append(Recovering(user_id, advice.ready_at))
            else:
                unnamed += 1
    post = ClubPost(
        local_date=DAY,
        timezone=ZONE,
        at=NOW,
        sessions=tuple(outlooks),
        recovering=tuple(sorted(named, key=lambda r: (r.ready_at, r.user_id))),
        unlisted_recovering=unnamed,
        tip=tip_of_the_day(DAY, None),
    )
    # The reminder names its zone (the settings' [club] timezone is UTC): the post's own.
    return with_week_extras(club_post_reply(post, own_zone=True), None, [], DAY)


async def test_the_post_says_what_each_member_asking_canirun_would_hear(store: Store) -> None:
    await store.clubs.set_reminder(GUILD, channel_id=1, post_time=time(7, 0), timezone=ZONE, now=T0)
    sessions = [await store.club_sessions.add(GUILD, s, now=T0) for s in SESSIONS]
    club = members()
    for user_id, (profile, days) in club.items():
        member = MemberRef(guild_id=GUILD, user_id=user_id)
        await store.members.save_profile(
            member, now=T0, experience=profile.experience, listed=profile.listed
        )
        for leg_day in days:
            await store.entries.add_leg_day(member, leg_day, now=T0)
    expected = reference(club, sessions)
    # The club is varied as meant: every session has members to hold back, the list of
    # named members is cut, and some recovering members are not named.
    description = expected.description or ""
    assert "should skip the hard part" in description and "should keep it easy" in description
    assert "more" in description.rsplit("\n\n", 1)[1] and "not named" in description

    sender = Capture()
    assert await DailyPostRunner(store, Settings(), sender).tick(NOW) == {GUILD: Outcome.SENT}
    assert sender.replies[GUILD] == expected
    assert sender.replies[GUILD].description == expected.description

    # /club preview reads the same way, for this club alone.
    preview = await gather_club_post(
        store, Settings(), GUILD, day=DAY, at=NOW, timezone=ZONE, tip=tip_of_the_day(DAY, None)
    )
    assert with_week_extras(club_post_reply(preview, own_zone=True), None, [], DAY) == expected
