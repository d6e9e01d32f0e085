"""What the daily club post says, gathered from plain inputs (advice-rules.md, "club post").

Every verdict comes from `advise`, so the post and `/canirun` can never disagree: a member is
"recovering" when a hard run at post time would be a WAIT, and a session's counts are the
members whose verdict for that session, at its start time, is WAIT or EASY-ONLY.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import Field, SkipValidation

from bot.core.advice import verdict_after_hard
from bot.core.errors import UserError
from bot.core.models import (
    AdviceRules,
    Experience,
    FrozenModel,
    Intensity,
    LegDay,
    Profile,
    RunType,
    Tip,
    UtcDatetime,
    Verdict,
    intensity_of,
)
from bot.core.when import at_local
from bot.core.wording import WEEKDAYS, typed_inline

MAX_SESSIONS = 25
SESSION_NAME_MAX = 50
# A session's length in minutes (`/club session add`'s `minutes`), hence its event's end.
SESSION_MINUTES_DEFAULT = 60
SESSION_MINUTES_MIN = 10
SESSION_MINUTES_MAX = 360
# Where the group meets: Discord's limit on an external event's location.
SESSION_PLACE_MAX = 100
# The hard run the post (and its button) asks about; any HIGH type gives the same verdict.
HARD_PROBE = RunType.INTERVALS

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """Python's weekday(): Monday is 0."""
        return list(Weekday).index(self)

    @classmethod
    def of(cls, number: int) -> Weekday:
        return list(cls)[number]

    @property
    def short(self) -> str:
        return WEEKDAYS[self.number]


class EventState(StrEnum):
    """Where a session's Discord scheduled event stands (None: the session has none)."""

    PUBLISHED = "published"
    # Wanted, but Discord refused (the bot lacks Create Events) or was unreachable.
    UNPUBLISHED = "unpublished"
    # An admin deleted or edited it in Discord: the bot leaves it alone from then on.
    DELETED = "deleted"
    EDITED = "edited"


class ClubSession(FrozenModel):
    """A weekly club session, in the club's wall-clock time."""

    id: int | None = None
    weekday: Weekday
    start: time
    run_type: RunType
    name: str | None = Field(default=None, min_length=1, max_length=SESSION_NAME_MAX)
    place: str | None = Field(default=None, min_length=1, max_length=SESSION_PLACE_MAX)
    minutes: int = Field(
        default=SESSION_MINUTES_DEFAULT, ge=SESSION_MINUTES_MIN, le=SESSION_MINUTES_MAX
    )
    event_id: int | None = None
    event_state: EventState | None = None
    # The start the bot last gave the event (and its rule): Discord repeats from there.
    event_start_at: UtcDatetime | None = None

    @property
    def intensity(self) -> Intensity:
        return intensity_of(self.run_type)

    def label(self) -> str:
        """ "Thu 18:30 hills", plus the name if it has one (raw: show it with typed_inline)."""
        text = f"{self.weekday.short} {self.start:%H:%M} {self.run_type.value}"
        return f"{text} · {self.name}" if self.name else text

    def same_slot(self, other: ClubSession) -> bool:
        return (self.weekday, self.start, self.run_type, (self.name or "").casefold()) == (
            other.weekday,
            other.start,
            other.run_type,
            (other.name or "").casefold(),
        )


def check_new_session(existing: Sequence[ClubSession], new: ClubSession) -> None:
    """Refuse a duplicate, or a schedule that would outgrow one post and one autocomplete list."""
    if any(session.same_slot(new) for session in existing):
        raise UserError(f"{typed_inline(new.label())} is already on the club's schedule.")
    if len(existing) >= MAX_SESSIONS:
        raise UserError(
            f"A club can have up to {MAX_SESSIONS} weekly sessions; remove one first"
            " (`/club session remove`)."
        )


def sessions_on(sessions: Iterable[ClubSession], day: date) -> list[ClubSession]:
    """The sessions on `day`'s weekday, earliest first."""
    return sorted(
        (s for s in sessions if s.weekday.number == day.weekday()),
        key=lambda s: (s.start, s.run_type.value, s.name or ""),
    )


def long_date(day: date) -> str:
    """ "Thursday 21 November 2024": from tables, so it never depends on the host's locale."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


class MemberLegDays(FrozenModel):
    """One member's leg days around the post, with what the advice needs of their profile."""

    user_id: int
    profile: Profile
    leg_days: tuple[LegDay, ...]


class SessionOutlook(FrozenModel):
    session: ClubSession
    starts_at: UtcDatetime
    # Members whose verdict for this session is WAIT: join, but skip the hard part.
    skip_hard: int = 0
    # Members whose verdict is EASY-ONLY: keep the whole session easy.
    keep_easy: int = 0
    # How many pressed "Interested" on its event, when it was read: then the counts above are
    # of those members only.
    interested: int | None = None


class Recovering(NamedTuple):
    """A named member still recovering: a plain pair, as a big club names thousands a post."""

    user_id: int
    # last hard leg day + the window: from then on hard running is fine.
    ready_at: datetime


class ClubPost(FrozenModel):
    local_date: date
    timezone: ZoneInfo
    at: UtcDatetime
    sessions: tuple[SessionOutlook, ...]
    # Listed members only, soonest ready first. Not validated again: built from checked
    # values by `build_club_post`, and a big club names thousands of members a post.
    recovering: SkipValidation[tuple[Recovering, ...]]
    # Recovering members who chose not to be named (profile `listed` false).
    unlisted_recovering: int = 0
    tip: Tip

    @property
    def recovering_total(self) -> int:
        return len(self.recovering) + self.unlisted_recovering


def session_start(day: date, session: ClubSession, timezone: ZoneInfo) -> datetime:
    """The instant a session starts on local date `day`."""
    return at_local(day, session.start, timezone)


def post_moments(
    day: date, at: datetime, timezone: ZoneInfo, sessions: Iterable[ClubSession]
) -> tuple[datetime, ...]:
    """The moments the post for `day` (sent at `at`) judges members at: `at` first (who is
    recovering), then each distinct start of the day's sessions, earliest first."""
    moments = [at]
    for s in sessions_on(sessions, day):
        start = session_start(day, s, timezone)
        if start not in moments:
            moments.append(start)
    return tuple(moments)


def data_window(
    day: date, at: datetime, timezone: ZoneInfo, sessions: Iterable[ClubSession], rules: AdviceRules
) -> tuple[datetime, datetime]:
    """The leg-day range that can change anything in the post for `day`, sent at `at`."""
    moments = post_moments(day, at, timezone, sessions)
    return min(moments) - rules.window, max(moments)


class HardLegDays(NamedTuple):
    """Members alike at one of the post's moments (`post_moments`, by index): the same newest
    HARD leg day at or before it within the data window, and the same experience. With no
    minutes and no soreness in the plan, these decide the verdict (`verdict_after_hard`); a
    member with no such leg day gets a GO from every rule, so is not counted at all.

    A plain row, not a model: the daily post reads hundreds of thousands of members at once.
    """

    moment: int
    # At the post's own moment (0), a listed member alone; None: counted, not named.
    user_id: int | None
    experience: Experience
    last_hard: datetime
    members: int = 1


def hard_leg_days(
    members: Iterable[MemberLegDays], moments: Sequence[datetime]
) -> Iterator[HardLegDays]:
    """Members one by one, reduced to the rows `build_club_post` reads."""
    for member in members:
        hard = [d.at for d in member.leg_days if d.is_hard]
        for k, moment in enumerate(moments):
            last_hard = max((at for at in hard if at <= moment), default=None)
            if last_hard is None:
                continue
            named = k == 0 and member.profile.listed
            yield HardLegDays(
                k, member.user_id if named else None, member.profile.experience, last_hard
            )


class Interested(NamedTuple):
    """Who pressed "Interested" on a session's event: how many (`total`), and those members
    reduced to rows (`hard_leg_days`) at the post's moments."""

    total: int
    rows: tuple[HardLegDays, ...]


def interested_of(
    members: Iterable[MemberLegDays],
    coming: Mapping[int, Collection[int]],
    moments: Sequence[datetime],
) -> dict[int, Interested]:
    """`Interested` by session id, from the user ids read off each session's event."""
    members = list(members)
    found = {}
    for session_id, user_ids in coming.items():
        ids = set(user_ids)
        chosen = [m for m in members if m.user_id in ids]
        found[session_id] = Interested(len(ids), tuple(hard_leg_days(chosen, moments)))
    return found


def build_club_post(
    *,
    day: date,
    at: datetime,
    timezone: ZoneInfo,
    sessions: Iterable[ClubSession],
    rows: Iterable[HardLegDays],
    rules: AdviceRules,
    tip: Tip,
    interested: Mapping[int, Interested] | None = None,
) -> ClubPost:
    """The post for local date `day`, as it reads at `at` (normally the moment it is sent),
    from the members reduced to rows (the store counts them, as `hard_leg_days` does): each
    verdict is asked once per distinct row and session kind, however many members the
    row stands for. A session found in `interested` is counted over those members only."""
    sessions = list(sessions)
    moments = post_moments(day, at, timezone, sessions)
    at_moment: list[list[HardLegDays]] = [[] for _ in moments]
    for row in rows:
        at_moment[row.moment].append(row)
    verdicts: dict[tuple[RunType, int, Experience, datetime], tuple[Verdict, datetime | None]] = {}

    def verdict(run_type: RunType, row: HardLegDays) -> tuple[Verdict, datetime | None]:
        key = (run_type, row.moment, row.experience, row.last_hard)
        found = verdicts.get(key)
        if found is None:
            found = verdicts[key] = verdict_after_hard(
                run_type, moments[row.moment], row.last_hard, row.experience, rules
            )
        return found

    outlooks = []
    for session in sessions_on(sessions, day):
        starts_at = session_start(day, session, timezone)
        k = moments.index(starts_at)
        coming = None if interested is None or session.id is None else interested.get(session.id)
        counted = at_moment[k] if coming is None else [r for r in coming.rows if r.moment == k]
        counts = dict.fromkeys(Verdict, 0)
        for row in counted:
            counts[verdict(session.run_type, row)[0]] += row.members
        outlooks.append(
            SessionOutlook(
                session=session,
                starts_at=starts_at,
                skip_hard=counts[Verdict.WAIT],
                keep_easy=counts[Verdict.EASY_ONLY],
                interested=None if coming is None else coming.total,
            )
        )
    recovering: list[Recovering] = []
    unlisted = 0
    for row in at_moment[0]:
        found, ready_at = verdict(HARD_PROBE, row)
        if found is not Verdict.WAIT or ready_at is None:
            continue
        if row.user_id is not None:
            recovering.append(Recovering(row.user_id, ready_at))
        else:
            unlisted += row.members
    recovering.sort(key=lambda r: (r.ready_at, r.user_id))
    return ClubPost(
        local_date=day,
        timezone=timezone,
        at=at,
        sessions=tuple(outlooks),
        recovering=tuple(recovering),
        unlisted_recovering=unlisted,
        tip=tip,
    )
