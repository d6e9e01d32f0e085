"""A weekly club session as a Discord scheduled event, in plain terms. Pure.

Discord expands a recurrence rule in UTC: a WEEKLY rule repeats every 7 x 24 hours from its
`start`, whatever the club's clocks do, so a session at 18:30 in Europe/London would show at
19:30 after the clocks go back. The event therefore always describes the session's *next*
occurrence, computed here in the club's IANA zone, and `drifted` tells the bot when Discord's
UTC expansion and the club's wall clock have parted, so that it moves the event's start and
rule to the next local 18:30.

Discord's limits are checked here, before any request, with an answer a member can act on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import IntEnum
from typing import NamedTuple, Self
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from bot.core.clubpost import (
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
    SESSION_PLACE_MAX,
    ClubSession,
    EventState,
    session_start,
)
from bot.core.errors import InputError, UserError
from bot.core.models import FrozenModel, UtcDatetime
from bot.core.when import local_date
from bot.core.wording import intensity_word, plural

# Discord's limits on an external scheduled event (OpenAPI: ExternalScheduledEventCreateRequest).
EVENT_NAME_MAX = 100
EVENT_DESCRIPTION_MAX = 1000
EVENT_LOCATION_MAX = SESSION_PLACE_MAX
# Discord: a guild holds at most 100 events that are scheduled or active at once.
GUILD_EVENTS_MAX = 100

# How long before the start the heads-ups to interested members go out
# (`[club] session_heads_up_hours`), and how often the interested list is read again from then
# until the start, so that a member who presses "Interested" late still gets theirs.
HEADS_UP_HOURS_DEFAULT = 3.0
HEADS_UP_HOURS_MIN = 0.5
HEADS_UP_HOURS_MAX = 48.0
REREAD_EVERY = timedelta(minutes=5)
# Discord needs a location for an external event; a session added without `place` gets this.
DEFAULT_PLACE = "The club's usual meeting point"

WEEK = timedelta(days=7)
# A member's heads-up claimed for a session within this of an occurrence's start was for that
# week's occurrence: its start moved when the club's zone changed. Under half a week, so never
# the week before's or after's.
SAME_OCCURRENCE = timedelta(days=3)


class Frequency(IntEnum):
    """Discord's RecurrenceRuleFrequencies."""

    YEARLY = 0
    MONTHLY = 1
    WEEKLY = 2
    DAILY = 3


class WeeklyRule(FrozenModel):
    """The one recurrence shape the bot sends: weekly on one day, every week.

    `weekday` is Discord's RecurrenceRuleWeekdays (Monday 0, as Python's `weekday()`) of `start`
    *in UTC*, because that is how Discord reads the rule: a Monday 00:30 session in Berlin is a
    Sunday in the rule.
    """

    start: UtcDatetime
    weekday: int = Field(ge=0, le=6)
    frequency: Frequency = Frequency.WEEKLY
    interval: int = 1

    @model_validator(mode="after")
    def _accepted_by_discord(self) -> Self:
        # Discord accepts WEEKLY with one weekday and an interval of 1 or 2 (every other week);
        # the bot only ever needs every week, and the weekday must be the start's own.
        if self.frequency is not Frequency.WEEKLY or self.interval not in (1, 2):
            raise ValueError("only a weekly rule, every week or every other week, is accepted")
        if self.weekday != self.start.weekday():
            raise ValueError("the rule's weekday must be the UTC weekday of its start")
        return self


class SessionEvent(FrozenModel):
    """What the bot publishes for a session: Discord's fields, already within their limits."""

    name: str = Field(min_length=1, max_length=EVENT_NAME_MAX)
    description: str = Field(max_length=EVENT_DESCRIPTION_MAX)
    location: str = Field(min_length=1, max_length=EVENT_LOCATION_MAX)
    start: UtcDatetime
    end: UtcDatetime
    rule: WeeklyRule


def next_start(session: ClubSession, timezone: ZoneInfo, now: datetime) -> datetime:
    """The session's first start strictly after `now`, at its wall-clock time in `timezone`."""
    today = local_date(now, timezone)
    ahead = (session.weekday.number - today.weekday()) % 7
    day = today + timedelta(days=ahead)
    start = session_start(day, session, timezone)
    if start <= now:
        start = session_start(day + WEEK, session, timezone)
    return start


class HeadsUpKey(NamedTuple):
    """One member's heads-up for one occurrence of a session: claimed once, sent once, and
    every attempt at it carrying the same nonce."""

    guild_id: int
    session_id: int
    occurrence: datetime
    user_id: int


def has_event(session: ClubSession) -> bool:
    """Whether the session has an event the bot reads: published, or edited by hand (still
    the club's); a deleted or never published one has none."""
    return session.event_id is not None and session.event_state in (
        EventState.PUBLISHED,
        EventState.EDITED,
    )


def heads_up_at(start: datetime, hours: float) -> datetime:
    """When the heads-up for an occurrence starting at `start` goes out."""
    return start - timedelta(hours=hours)


def next_read(
    session: ClubSession, timezone: ZoneInfo, start: datetime, now: datetime, hours: float
) -> datetime:
    """When the interested list of the occurrence starting at `start` is read next: again in
    REREAD_EVERY while that is before the start, else at the next occurrence's heads-up time;
    when the clocks change before it, first at this occurrence's end, whose read moves the
    event (Discord's rule, 7 x 24 hours on, would show the next one an hour off all week)."""
    again = now + REREAD_EVERY
    if again < start:
        return again
    following = next_start(session, timezone, start)
    if following - start != WEEK:
        # Sooner than any heads-up time: a lead is at most HEADS_UP_HOURS_MAX, a session
        # at most SESSION_MINUTES_MAX long.
        return max(start + timedelta(minutes=session.minutes), again)
    return max(heads_up_at(following, hours), again)


def first_read(session: ClubSession, timezone: ZoneInfo, now: datetime, hours: float) -> datetime:
    """The read of the session's interested list that a chain kept in `timezone` has waiting
    at `now`: its next occurrence's heads-up time, or now once that has passed; within a
    re-read of a start, the following occurrence's (the last read chained it, `next_read`)."""
    start = next_start(session, timezone, now)
    if now + REREAD_EVERY >= start:
        start = next_start(session, timezone, start)
    return max(heads_up_at(start, hours), now)


def read_in_zone(due_at: datetime, first: datetime) -> datetime:
    """When a pending read queued for `due_at` comes, `first` being its session's `first_read`
    in the club's zone: then, when it was queued after that by more than a re-read (in an older
    zone of the club, or for a shorter lead); else at `due_at` (a re-read, or one queued early,
    which waits at its read: HeadsUpReader.read)."""
    return first if due_at > first + REREAD_EVERY else due_at


def discord_next_start(rule_start: datetime, now: datetime) -> datetime:
    """The next occurrence after `now` as Discord expands a weekly rule: 7 x 24 h steps in UTC."""
    if rule_start > now:
        return rule_start
    weeks = (now - rule_start) // WEEK + 1
    return rule_start + weeks * WEEK


def drifted(rule_start: datetime, session: ClubSession, timezone: ZoneInfo, now: datetime) -> bool:
    """Whether Discord's next occurrence is no longer the session's next local start (a clock
    change, or a session moved): then the event is moved to `next_start`."""
    return discord_next_start(rule_start, now) != next_start(session, timezone, now)


def event_drifted(session: ClubSession, timezone: ZoneInfo, now: datetime) -> bool:
    """Whether the session's published event, as last anchored, has `drifted`: the bot's own
    to move (one edited by hand, deleted or never published is not)."""
    anchor = session.event_start_at
    return (
        session.event_state is EventState.PUBLISHED
        and anchor is not None
        and drifted(anchor, session, timezone, now)
    )


class ZoneFollowed(NamedTuple):
    """What a change of the club's zone did to its sessions' events: `moved` to their start in
    `zone`, left `edited` by hand (an admin's, never changed back), or `stuck` on Discord's
    refusal or silence (the next drift check, `/club session list`'s, moves them)."""

    zone: ZoneInfo
    moved: int = 0
    edited: int = 0
    stuck: int = 0


def check_place(place: str | None) -> str | None:
    """The member's `place`, its spaces tidied; None when not given (the event then shows
    `DEFAULT_PLACE`)."""
    if place is None:
        return None
    text = " ".join(place.split())
    if not text:
        raise InputError("place", "say where the group meets, e.g. `Park gates`.")
    if len(text) > EVENT_LOCATION_MAX:
        raise InputError(
            "place",
            f"Discord allows up to {EVENT_LOCATION_MAX} characters for an event's place;"
            f" this one has {len(text)}.",
        )
    return text


def check_minutes(minutes: int) -> int:
    if not SESSION_MINUTES_MIN <= minutes <= SESSION_MINUTES_MAX:
        raise InputError(
            "minutes",
            f"a session lasts {SESSION_MINUTES_MIN} to {SESSION_MINUTES_MAX} minutes.",
        )
    return minutes


def check_guild_room(events_in_guild: int) -> None:
    """Refuse before asking Discord when the server's calendar is full."""
    if events_in_guild >= GUILD_EVENTS_MAX:
        raise UserError(
            f"This server already has {GUILD_EVENTS_MAX} scheduled events, Discord's limit."
            " The session was not added; end or delete an event first, or add the session"
            " with `event: false`."
        )


def describe(session: ClubSession, minutes: int) -> str:
    """The event's description: the run type, its intensity and the length."""
    text = (
        f"{session.run_type.value.capitalize()}, {intensity_word(session.intensity)} running,"
        f" {plural(minutes, 'minute')}. Not sure your legs are up to it? Ask the club's bot:"
        f" /canirun type:{session.run_type.value}"
    )
    return text[:EVENT_DESCRIPTION_MAX]


def session_event(
    session: ClubSession,
    *,
    timezone: ZoneInfo,
    now: datetime,
) -> SessionEvent:
    """The event for `session`'s next occurrence, its texts checked against Discord's limits."""
    length = check_minutes(session.minutes)
    location = check_place(session.place) or DEFAULT_PLACE
    # A label always fits an event's name (test_the_longest_session_label_fits_an_event_name).
    name = session.label()
    start = next_start(session, timezone, now)
    return SessionEvent(
        name=name,
        description=describe(session, length),
        location=location,
        start=start,
        end=start + timedelta(minutes=length),
        rule=WeeklyRule(start=start, weekday=start.weekday()),
    )


class EventsForbidden(Exception):
    """Discord refused (403 Missing Permissions): the bot lacks Create Events (or Manage
    Events, for an event it did not create). `PERMISSION` is the wording members read."""

    PERMISSION = "Create Events"


class EventGone(Exception):
    """The event is not on Discord any more (404 Unknown Guild Scheduled Event): deleted by
    hand, or ended."""


# Discord's GuildScheduledEventStatuses CANCELED: only an admin cancels the bot's event.
CANCELED = 4


class OccurrenceChange(FrozenModel):
    """An admin's change to one occurrence of a weekly event (Discord's event exception):
    cancelled, or moved to another start. `original` is the occurrence's start by the rule."""

    original: UtcDatetime
    start: UtcDatetime | None = None
    end: UtcDatetime | None = None
    canceled: bool = False


class Interest(NamedTuple):
    """One answer on Discord's list of an event's users: for the whole series
    (`occurrence` None), or for the one occurrence starting by the rule at `occurrence`."""

    user_id: int
    interested: bool
    occurrence: datetime | None = None


def interested_in(answers: Iterable[Interest], occurrence: datetime) -> list[int]:
    """Who is interested in the occurrence starting by the rule at `occurrence`, ascending by
    id: a member's answer for that occurrence wins over theirs for the series. An answer keyed
    within SAME_OCCURRENCE of it is for that week's too: given before the bot moved the event
    (a clock change, the club's zone), it keeps the start the rule had then; one keyed by
    `occurrence` itself wins over it."""
    series: dict[int, bool] = {}
    same_week: dict[int, bool] = {}
    this_one: dict[int, bool] = {}
    for answer in answers:
        if answer.occurrence is None:
            series[answer.user_id] = answer.interested
        elif answer.occurrence == occurrence:
            this_one[answer.user_id] = answer.interested
        elif abs(answer.occurrence - occurrence) < SAME_OCCURRENCE:
            same_week[answer.user_id] = answer.interested
    return sorted(user for user, yes in (series | same_week | this_one).items() if yes)


class PublishedEvent(FrozenModel):
    """An event as Discord reports it: what the bot compares with what it last published to
    notice an admin's hand edit (it then leaves the event alone)."""

    id: int
    name: str
    location: str | None
    start: UtcDatetime
    end: UtcDatetime | None
    rule_start: UtcDatetime | None
    # Discord's GuildScheduledEventStatuses: 1 scheduled, 2 active, 3 completed, 4 canceled.
    status: int
    interested: int | None = None
    changes: tuple[OccurrenceChange, ...] = ()
    # Whether it repeats as the bot's rule does, every week on one day (`WeeklyRule`): an
    # admin who made it every other week, on several days, or a one-off, edited it by hand.
    weekly: bool = True


class Shown(NamedTuple):
    """The event's occurrence that stands for one of the session's: its start by the weekly
    rule (`original`, which Discord's per-occurrence changes and answers are keyed by), and the
    start the event shows for it, None when an admin cancelled that occurrence."""

    original: datetime
    start: datetime | None


def shown_occurrence(
    session: ClubSession, event: PublishedEvent, start: datetime, now: datetime
) -> Shown:
    """What the event shows for the session's occurrence starting at `start`: `start` itself
    where the bot's times stand (Discord's rule from the bot's last start counts as the bot's:
    a clock change not moved back yet), another where an admin moved the event or this one
    occurrence by hand, or cancelled, the series or this occurrence (None)."""
    # A weekly event's own start may be a past occurrence's: Discord's rule steps it on.
    own = event.start if event.rule_start is None else discord_next_start(event.start, now)
    change = next((c for c in event.changes if c.original == own), None)
    if event.status == CANCELED or (change is not None and change.canceled):
        return Shown(own, None)
    if change is not None and change.start is not None:
        return Shown(own, change.start)
    anchor = session.event_start_at
    if own == start or (anchor is not None and own == discord_next_start(anchor, now)):
        return Shown(own, start)
    return Shown(own, own)


def rekeyed(
    change: OccurrenceChange, session: ClubSession, timezone: ZoneInfo, now: datetime
) -> OccurrenceChange | None:
    """An admin's change to one occurrence, keyed again once the bot moved the event at `now`
    to the session's next start in `timezone` (Discord drops the changes then): to the new
    rule's occurrence nearest the old key, as Discord steps it (7 x 24 h: past a clock change,
    an hour off the wall clock until the bot's move there); None for one that has passed."""
    rule_start = next_start(session, timezone, now)
    start = discord_next_start(rule_start, change.original - SAME_OCCURRENCE)
    if start <= now or abs(start - change.original) >= SAME_OCCURRENCE:
        return None
    return change.model_copy(update={"original": start})


def judged_start(moved: datetime, now: datetime, hours: float) -> bool:
    """Whether a read at `now` tells about an occurrence moved by hand to start at `moved`:
    from its own heads-up time until it starts. The reads follow the session's own starts, so an
    event moved further than that from them gets no heads-up (the bot cannot tell which week's
    session it stands for)."""
    return heads_up_at(moved, hours) <= now < moved
