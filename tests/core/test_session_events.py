"""A session as a scheduled event: the next occurrence in the club's zone, Discord's UTC rule,
the heads-up moment and Discord's limits, checked before any request.

Expected instants come from the calendar (when each zone's clocks change), not from the code:
Europe/London goes back from BST (UTC+1) to GMT on Sunday 25 October 2026 and forward on
Sunday 29 March 2026; America/New_York goes back on Sunday 1 November 2026.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core.clubpost import SESSION_NAME_MAX, ClubSession, EventState, Weekday
from bot.core.errors import InputError, UserError
from bot.core.models import RunType
from bot.core.session_events import (
    DEFAULT_PLACE,
    EVENT_LOCATION_MAX,
    EVENT_NAME_MAX,
    GUILD_EVENTS_MAX,
    Frequency,
    Interest,
    OccurrenceChange,
    PublishedEvent,
    SessionEvent,
    WeeklyRule,
    check_guild_room,
    check_minutes,
    check_place,
    discord_next_start,
    drifted,
    event_drifted,
    has_event,
    heads_up_at,
    interested_in,
    judged_start,
    next_read,
    next_start,
    rekeyed,
    session_event,
    shown_occurrence,
)

LONDON = ZoneInfo("Europe/London")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)
HILLS = ClubSession(weekday=Weekday.THURSDAY, start=time(18, 30), run_type=RunType.HILLS)


def event_of(
    session: ClubSession, place: str | None, minutes: int, tz: ZoneInfo, now: datetime
) -> SessionEvent:
    """`session` with a place and a length, as `/club session add` stores it, as an event.
    (model_copy skips validation, as the place is checked by `session_event` itself.)"""
    with_place = session.model_copy(update={"place": place, "minutes": minutes})
    return session_event(with_place, timezone=tz, now=now)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- the next occurrence, in the club's zone --------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Thursday 22 October 2026 is in BST: 18:30 local is 17:30 UTC.
        (utc(2026, 10, 20, 12, 0), utc(2026, 10, 22, 17, 30)),
        # One minute before today's start: today's.
        (utc(2026, 10, 22, 17, 29), utc(2026, 10, 22, 17, 30)),
        # At the start itself: the session has begun, so next week's, now in GMT.
        (utc(2026, 10, 22, 17, 30), utc(2026, 10, 29, 18, 30)),
        # After the clocks went back: 18:30 GMT is 18:30 UTC.
        (utc(2026, 10, 26, 9, 0), utc(2026, 10, 29, 18, 30)),
        # Into summer time: Thursday 2 April 2026 18:30 BST.
        (utc(2026, 3, 27, 9, 0), utc(2026, 4, 2, 17, 30)),
    ],
)
def test_the_next_start_stays_at_18_30_local_across_the_clock_change(
    now: datetime, expected: datetime
) -> None:
    assert next_start(HILLS, LONDON, now) == expected


def test_a_local_monday_after_midnight_is_a_sunday_in_discords_utc_rule() -> None:
    early = ClubSession(weekday=Weekday.MONDAY, start=time(0, 30), run_type=RunType.EASY)
    event = event_of(early, None, 60, BERLIN, utc(2026, 12, 1, 9, 0))
    # Monday 7 December 2026 00:30 CET is Sunday 6 December 23:30 UTC.
    assert event.start == utc(2026, 12, 6, 23, 30)
    assert event.rule.weekday == 6  # Discord's SUNDAY
    assert event.rule.frequency is Frequency.WEEKLY and event.rule.interval == 1
    assert event.rule.start == event.start


def test_the_event_holds_the_name_the_type_its_intensity_the_place_and_the_end() -> None:
    named = HILLS.model_copy(update={"name": "Hill reps"})
    event = event_of(named, "  Park   gates ", 75, LONDON, utc(2026, 10, 20, 9, 0))
    assert event.name == "Thu 18:30 hills · Hill reps"
    assert event.location == "Park gates"
    assert event.description.startswith("Hills, hard running, 75 minutes.")
    assert event.description.endswith("Ask the club's bot: /canirun type:hills")
    assert event.end - event.start == timedelta(minutes=75)
    default = event_of(HILLS, None, 60, LONDON, event.start)
    assert default.location == DEFAULT_PLACE
    assert default.end - default.start == timedelta(minutes=60)


def test_the_heads_up_is_the_configured_hours_before_the_start() -> None:
    start = utc(2026, 10, 29, 18, 30)
    assert heads_up_at(start, 3) == utc(2026, 10, 29, 15, 30)
    assert heads_up_at(start, 0.5) == utc(2026, 10, 29, 18, 0)


@pytest.mark.parametrize(
    ("now", "hours", "expected"),
    [
        # Thursday 22 October 2026 18:30 BST is 17:30 UTC: read again 5 minutes on while that
        # is before the start.
        (utc(2026, 10, 22, 16, 0), 3.0, utc(2026, 10, 22, 16, 5)),
        (utc(2026, 10, 22, 17, 24, 59), 3.0, utc(2026, 10, 22, 17, 29, 59)),
        # A re-read would fall at the start itself. The next occurrence, Thursday 29 October
        # 18:30 GMT (18:30 UTC), is not 7 x 24 hours on (the clocks went back on the 25th):
        # read once more at this occurrence's end (60 minutes), to move the event then.
        (utc(2026, 10, 22, 17, 25), 3.0, utc(2026, 10, 22, 18, 30)),
        (utc(2026, 10, 22, 17, 25), 0.5, utc(2026, 10, 22, 18, 30)),
        # A read made late (the bot was down for a week) when that time has passed too: 5
        # minutes on, never a time already gone.
        (utc(2026, 10, 29, 17, 30), 3.0, utc(2026, 10, 29, 17, 35)),
    ],
)
def test_the_interested_list_is_read_again_until_the_start_then_next_week(
    now: datetime, hours: float, expected: datetime
) -> None:
    start = utc(2026, 10, 22, 17, 30)
    assert next_read(HILLS, LONDON, start, now, hours) == expected


@pytest.mark.parametrize(
    ("hours", "expected"), [(3.0, utc(2026, 10, 22, 14, 30)), (0.5, utc(2026, 10, 22, 17, 0))]
)
def test_with_no_clock_change_before_it_the_next_read_is_the_next_occurrences_heads_up(
    hours: float, expected: datetime
) -> None:
    """Thursday 15 October 2026 18:30 BST (17:30 UTC), its last read at 17:25: the next
    occurrence, 22 October 18:30 BST, is 7 x 24 hours on, so its heads-up time comes next
    (15:30 BST less the lead: 14:30 UTC with 3 hours, 17:00 UTC with half an hour)."""
    start = utc(2026, 10, 15, 17, 30)
    assert next_read(HILLS, LONDON, start, utc(2026, 10, 15, 17, 25), hours) == expected


def test_the_read_at_the_end_of_the_last_occurrence_before_a_clock_change_follows_its_length() -> (
    None
):
    """A 90-minute session before the autumn change is read once more at its end, 20:00 BST
    (19:00 UTC)."""
    long_hills = HILLS.model_copy(update={"minutes": 90})
    start = utc(2026, 10, 22, 17, 30)
    assert next_read(long_hills, LONDON, start, utc(2026, 10, 22, 17, 25), 3.0) == utc(
        2026, 10, 22, 19, 0
    )


# -- Discord's UTC expansion, and when the bot must move the event ----------------------------


def test_discord_repeats_every_seven_utc_days_so_the_event_drifts_at_the_clock_change() -> None:
    created = utc(2026, 10, 22, 17, 30)  # 18:30 BST
    # Before the change both agree.
    assert discord_next_start(created, utc(2026, 10, 20, 9, 0)) == created
    assert not drifted(created, HILLS, LONDON, utc(2026, 10, 20, 9, 0))
    # After it, Discord's next is 17:30 UTC = 17:30 GMT, an hour early.
    after = utc(2026, 10, 23, 9, 0)
    assert discord_next_start(created, after) == utc(2026, 10, 29, 17, 30)
    assert drifted(created, HILLS, LONDON, after)
    # Re-anchored at the next local start, it agrees again for the whole winter.
    anchored = next_start(HILLS, LONDON, after)
    assert not drifted(anchored, HILLS, LONDON, utc(2027, 2, 1, 9, 0))


@pytest.mark.parametrize(
    ("state", "anchored", "now", "moves"),
    [
        # Published at 18:30 BST (17:30 UTC); after the clocks go back Discord's next is 17:30
        # UTC, the session's 18:30 UTC: the bot moves its own event.
        (EventState.PUBLISHED, True, utc(2026, 10, 23, 9, 0), True),
        # Before the change both agree.
        (EventState.PUBLISHED, True, utc(2026, 10, 20, 9, 0), False),
        # Drifted all the same, but an admin's now, or gone: never moved back.
        (EventState.EDITED, True, utc(2026, 10, 23, 9, 0), False),
        (EventState.DELETED, True, utc(2026, 10, 23, 9, 0), False),
        # Published with no start on record: nothing to say it drifted from.
        (EventState.PUBLISHED, False, utc(2026, 10, 23, 9, 0), False),
    ],
)
def test_only_the_bots_own_published_event_is_moved_when_it_drifted(
    state: EventState, anchored: bool, now: datetime, moves: bool
) -> None:
    created = utc(2026, 10, 22, 17, 30)  # Thursday 18:30 BST
    session = HILLS.model_copy(
        update={
            "event_id": 7,
            "event_state": state,
            "event_start_at": created if anchored else None,
        }
    )
    assert event_drifted(session, LONDON, now) is moves


def test_at_the_very_moment_of_an_occurrence_the_next_one_is_a_week_on() -> None:
    # "Next" is strictly after now, for Discord's expansion as for the session's own start, so
    # an event read at the instant it starts has not drifted.
    start = utc(2026, 6, 18, 17, 30)  # Thursday 18:30 BST, months from a clock change
    assert discord_next_start(start, start) == start + timedelta(days=7)
    assert next_start(HILLS, LONDON, start) == start + timedelta(days=7)
    assert not drifted(start, HILLS, LONDON, start)
    assert discord_next_start(start, start - timedelta(microseconds=1)) == start


def test_a_zone_without_daylight_saving_never_drifts() -> None:
    created = next_start(HILLS, ZoneInfo("Asia/Tokyo"), utc(2026, 1, 1))
    for week in range(60):
        assert not drifted(
            created, HILLS, ZoneInfo("Asia/Tokyo"), utc(2026, 1, 1) + timedelta(weeks=week)
        )


# -- Discord's limits, before any request -----------------------------------------------------


def test_a_place_over_discords_limit_is_refused_with_the_limit_and_its_length() -> None:
    with pytest.raises(InputError) as err:
        event_of(HILLS, "x" * 101, 60, LONDON, utc(2026, 10, 20))
    assert err.value.message == (
        f"`place`: Discord allows up to {EVENT_LOCATION_MAX} characters for an event's place;"
        " this one has 101."
    )
    exactly = event_of(HILLS, "y" * 100, 60, LONDON, utc(2026, 10, 20))
    assert exactly.location == "y" * 100


@pytest.mark.parametrize("place", ["", "   "])
def test_a_blank_place_is_refused(place: str) -> None:
    with pytest.raises(InputError) as refused:
        event_of(HILLS, place, 60, LONDON, utc(2026, 10, 20))
    # The example is a place as a member would type it, the kind the event then shows.
    assert refused.value.message == "`place`: say where the group meets, e.g. `Park gates`."


@pytest.mark.parametrize(("minutes", "ok"), [(9, False), (10, True), (360, True), (361, False)])
def test_the_length_is_10_to_360_minutes(minutes: int, ok: bool) -> None:
    if ok:
        event = event_of(HILLS, None, minutes, LONDON, utc(2026, 10, 20))
        assert event.end - event.start == timedelta(minutes=minutes)
    else:
        with pytest.raises(InputError, match="10 to 360 minutes"):
            event_of(HILLS, None, minutes, LONDON, utc(2026, 10, 20))


def test_a_full_calendar_is_refused_before_asking_discord() -> None:
    check_guild_room(GUILD_EVENTS_MAX - 1)
    with pytest.raises(UserError, match="already has 100 scheduled events") as refused:
        check_guild_room(GUILD_EVENTS_MAX)
    # README: "the reply says so, and the session is not added; add it with `event: false` or
    # make room".
    text = str(refused.value)
    assert "session was not added" in text
    assert "add the session with `event: false`" in text
    assert_sentences(text)


def assert_sentences(text: str) -> None:
    """A refusal reads as sentences: each starts with a capital and it ends with a full stop."""
    assert text.endswith("."), text
    for sentence in re.split(r"(?<=\.) ", text.split("`: ", 1)[-1]):
        assert sentence[:1].isupper() or sentence[:1] == "`", text


@pytest.mark.parametrize(
    ("check", "value", "option"),
    [
        pytest.param(check_place, "  ", "place", id="blank-place"),
        pytest.param(check_place, "x" * 101, "place", id="long-place"),
        pytest.param(check_minutes, 9, "minutes", id="short"),
        pytest.param(check_minutes, 361, "minutes", id="long"),
    ],
)
def test_a_refusal_names_the_option_the_member_typed(
    check: Callable[[Any], object], value: object, option: str
) -> None:
    # The options of `/club session add` as the README names them.
    assert f"`{option}` (" in README
    with pytest.raises(InputError) as refused:
        check(value)
    assert refused.value.option == option
    assert str(refused.value).startswith(f"`{option}`: ")
    assert str(refused.value).endswith(".")


def test_the_longest_session_label_fits_an_event_name() -> None:
    # Why session_event needs no check of the name's length of its own.
    longest = ClubSession(
        weekday=Weekday.WEDNESDAY,
        start=time(23, 59),
        run_type=max(RunType, key=lambda t: len(t.value)),
        name="n" * SESSION_NAME_MAX,
    )
    assert max(len(w.short) for w in Weekday) == len(longest.weekday.short)
    assert len(longest.label()) <= EVENT_NAME_MAX


@pytest.mark.parametrize(
    "changes",
    [
        {"frequency": Frequency.DAILY},
        {"frequency": Frequency.MONTHLY},
        {"interval": 3},
        {"weekday": 2},  # Wednesday, but the start is a Thursday
    ],
)
def test_a_rule_discord_would_refuse_cannot_be_built(changes: dict[str, object]) -> None:
    start = utc(2026, 10, 22, 17, 30)  # a Thursday
    WeeklyRule(start=start, weekday=3)
    with pytest.raises(ValidationError):
        WeeklyRule(**{"start": start, "weekday": 3, **changes})


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]),
    weekday=st.sampled_from(list(Weekday)),
    minute_of_day=st.integers(0, 24 * 60 - 1),
    offset_minutes=st.integers(0, 2 * 366 * 24 * 60),
)
def test_the_next_start_is_the_first_one_after_now_at_the_local_time(
    zone: str, weekday: Weekday, minute_of_day: int, offset_minutes: int
) -> None:
    tz = ZoneInfo(zone)
    session = ClubSession(
        weekday=weekday, start=time(*divmod(minute_of_day, 60)), run_type=RunType.EASY
    )
    now = utc(2026, 1, 1) + timedelta(minutes=offset_minutes)
    start = next_start(session, tz, now)
    local = start.astimezone(tz)
    assert now < start <= now + timedelta(days=7, hours=1)
    assert local.weekday() == weekday.number
    # The wall-clock time, unless it fell into a spring-forward gap (then moved forward).
    if (local.hour, local.minute) != (session.start.hour, session.start.minute):
        gap = local.utcoffset() != (local - timedelta(hours=3)).utcoffset()
        assert gap
    # Nothing earlier fits: a week before is not after now.
    assert start - timedelta(days=7) <= now + timedelta(hours=1)


# -- an event an admin moved by hand: the heads-up goes by its start ---------------------------

# Published on Tuesday 20 October 2026 (BST) for Thursday 22 October 17:30 UTC, the bot's
# anchor; after the clocks go back on 25 October the session starts at 18:30 UTC.
ANCHOR = utc(2026, 10, 22, 17, 30)
ANCHORED = HILLS.model_copy(update={"event_start_at": ANCHOR})


def as_read(start: datetime, *changes: OccurrenceChange, weekly: bool = True) -> PublishedEvent:
    return PublishedEvent(
        id=1,
        name="Thu 18:30 hills",
        location=None,
        start=start,
        end=None,
        rule_start=start if weekly else None,
        status=1,
        changes=changes,
    )


BEFORE = utc(2026, 10, 22, 15)  # a read before the anchored start
LATER = ANCHOR + 90 * MINUTE


@pytest.mark.parametrize(
    ("event", "now", "start", "expected"),
    [
        # Where the bot put it: not moved.
        (as_read(ANCHOR), BEFORE, ANCHOR, ANCHOR),
        # A weekly event Discord still shows at a past occurrence steps on by its rule.
        (as_read(ANCHOR - 7 * DAY), BEFORE, ANCHOR, ANCHOR),
        # The series moved by hand 90 minutes later: its own start, weekly or once.
        (as_read(LATER), BEFORE, ANCHOR, LATER),
        (as_read(LATER, weekly=False), BEFORE, ANCHOR, LATER),
        # A one-off event moved into the past is not stepped on by a rule it does not have.
        (as_read(ANCHOR - DAY, weekly=False), BEFORE, ANCHOR, ANCHOR - DAY),
        # After the clocks went back the session starts at 18:30 UTC; Discord's rule from the
        # anchor still shows 17:30 UTC, the bot's move not made yet: not a hand move.
        (
            as_read(ANCHOR),
            utc(2026, 10, 29, 15),
            utc(2026, 10, 29, 18, 30),
            utc(2026, 10, 29, 18, 30),
        ),
        # This one occurrence moved, or cancelled, by hand; another occurrence's change does
        # not count, nor one that keeps the start.
        (as_read(ANCHOR, OccurrenceChange(original=ANCHOR, start=LATER)), BEFORE, ANCHOR, LATER),
        (as_read(ANCHOR, OccurrenceChange(original=ANCHOR, canceled=True)), BEFORE, ANCHOR, None),
        (
            as_read(ANCHOR, OccurrenceChange(original=ANCHOR + 7 * DAY, canceled=True)),
            BEFORE,
            ANCHOR,
            ANCHOR,
        ),
        (as_read(ANCHOR, OccurrenceChange(original=ANCHOR)), BEFORE, ANCHOR, ANCHOR),
    ],
)
def test_the_start_an_event_shows_tells_a_hand_move_from_a_clock_change(
    event: PublishedEvent, now: datetime, start: datetime, expected: datetime | None
) -> None:
    shown = shown_occurrence(ANCHORED, event, start, now)
    assert shown.start == expected
    # Discord's own occurrence, which its answers and changes are keyed by.
    stepped = event.rule_start is not None and event.start <= now  # by one week, here
    assert shown.original == (event.start + 7 * DAY if stepped else event.start)


def test_without_an_anchor_any_other_start_is_a_hand_move() -> None:
    event = as_read(ANCHOR)
    after = utc(2026, 10, 29, 15)
    shown = shown_occurrence(HILLS, event, utc(2026, 10, 29, 18, 30), after)
    assert shown.start == ANCHOR + 7 * DAY


def test_an_answer_for_one_occurrence_wins_over_the_series_for_it_alone() -> None:
    answers = [
        Interest(3, True),
        Interest(1, True),
        Interest(2, True),
        Interest(2, False, ANCHOR),  # not this week
        Interest(4, True, ANCHOR),  # this week only
        Interest(5, True, ANCHOR + 7 * DAY),  # next week only
        Interest(6, False),
    ]
    assert interested_in(answers, ANCHOR) == [1, 3, 4]
    assert interested_in(answers, ANCHOR + 7 * DAY) == [1, 2, 3, 5]
    # The order of the list does not matter: the occurrence's answer still wins.
    assert interested_in(list(reversed(answers)), ANCHOR) == [1, 3, 4]


@pytest.mark.parametrize(
    ("now", "told"),
    [
        (utc(2026, 10, 22, 15, 59, 59), False),  # before its own heads-up time (3 h)
        (utc(2026, 10, 22, 16), True),
        (utc(2026, 10, 22, 18, 59, 59), True),
        (utc(2026, 10, 22, 19), False),  # it has started
    ],
)
def test_a_moved_event_is_judged_from_its_own_heads_up_time_until_its_start(
    now: datetime, told: bool
) -> None:
    assert judged_start(utc(2026, 10, 22, 19), now, 3.0) is told


# Tuesday 18:00 sessions. London goes to BST on Sunday 29 March 2026: Discord's rule, anchored
# at 18:00 GMT, keeps 18:00 UTC, while the session's 18:00 BST is 17:00 UTC.
TUESDAY = HILLS.model_copy(update={"weekday": Weekday.TUESDAY, "start": time(18, 0)})


@pytest.mark.parametrize(
    ("original", "zone", "expected"),
    [
        # The clock change: the same evening's occurrence, an hour earlier in UTC.
        (utc(2026, 3, 31, 18), LONDON, utc(2026, 3, 31, 17)),
        # The club's zone changed from UTC to Tokyo: Tuesday 18:00 there is 09:00 UTC.
        (utc(2026, 3, 31, 18), ZoneInfo("Asia/Tokyo"), utc(2026, 3, 31, 9)),
        # To New York (EDT, UTC-4): 22:00 UTC the same Tuesday.
        (utc(2026, 3, 31, 18), NEW_YORK, utc(2026, 3, 31, 22)),
        # A week later's change stays a week later.
        (utc(2026, 4, 7, 18), LONDON, utc(2026, 4, 7, 17)),
        # Already past at the move: not made again.
        (utc(2026, 3, 24, 18), LONDON, None),
    ],
)
def test_an_occurrences_change_is_keyed_to_the_same_weeks_new_start(
    original: datetime, zone: ZoneInfo, expected: datetime | None
) -> None:
    change = OccurrenceChange(original=original, canceled=True)
    now = utc(2026, 3, 30, 12)
    again = rekeyed(change, TUESDAY, zone, now)
    assert (None if again is None else again.original) == expected
    if again is not None:
        assert again.canceled and again.start is None


@pytest.mark.parametrize(
    ("state", "event_id", "read"),
    [
        (EventState.PUBLISHED, 7, True),
        (EventState.EDITED, 7, True),  # an admin's now, and still the club's event
        (EventState.DELETED, None, False),
        (EventState.UNPUBLISHED, None, False),
        (None, None, False),  # added with `event: false`
        (EventState.PUBLISHED, None, False),
    ],
)
def test_the_bot_reads_a_published_or_hand_edited_event(
    state: EventState | None, event_id: int | None, read: bool
) -> None:
    session = HILLS.model_copy(update={"event_state": state, "event_id": event_id})
    assert has_event(session) is read


def test_an_occurrence_starting_at_the_move_is_not_changed_again() -> None:
    change = OccurrenceChange(original=utc(2026, 3, 31, 18), canceled=True)
    at_17 = utc(2026, 3, 31, 17)  # the occurrence's new start, 18:00 BST
    assert rekeyed(change, TUESDAY, LONDON, at_17) is None
    again = rekeyed(change, TUESDAY, LONDON, at_17 - timedelta(seconds=1))
    assert again is not None and again.original == at_17


# An occurrence by the rule after the bot moved the event an hour earlier (a clock change).
MOVED_BY_THE_BOT = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
BEFORE_THE_MOVE = MOVED_BY_THE_BOT + timedelta(hours=1)


def test_an_answer_keyed_by_the_weeks_start_before_a_move_counts_for_it() -> None:
    answers = [
        Interest(1, True),
        Interest(2, True),
        Interest(1, False, BEFORE_THE_MOVE),  # "not this week", before the move
        Interest(3, True, BEFORE_THE_MOVE),  # "this week only", before the move
        Interest(4, True, BEFORE_THE_MOVE + timedelta(days=7)),  # next week's
    ]
    assert interested_in(answers, MOVED_BY_THE_BOT) == [2, 3]
    # An answer keyed by the occurrence itself (given after the move) wins, in any order.
    again = [*answers, Interest(1, True, MOVED_BY_THE_BOT)]
    assert interested_in(again, MOVED_BY_THE_BOT) == [1, 2, 3]
    assert interested_in(list(reversed(again)), MOVED_BY_THE_BOT) == [1, 2, 3]
    # Half a week (SAME_OCCURRENCE, 3 days) away is another week's answer, just inside is not.
    edge = timedelta(days=3)
    near = [Interest(5, True, MOVED_BY_THE_BOT - edge + timedelta(seconds=1))]
    assert interested_in(near, MOVED_BY_THE_BOT) == [5]
    assert interested_in([Interest(5, True, MOVED_BY_THE_BOT - edge)], MOVED_BY_THE_BOT) == []


def test_a_series_an_admin_cancelled_shows_no_occurrence() -> None:
    # Discord's GuildScheduledEventStatuses: 4 is CANCELED; 1 (scheduled) the one as_read has.
    cancelled = as_read(ANCHOR).model_copy(update={"status": 4})
    assert shown_occurrence(ANCHORED, cancelled, ANCHOR, BEFORE) == (ANCHOR, None)
    assert shown_occurrence(ANCHORED, as_read(ANCHOR), ANCHOR, BEFORE) == (ANCHOR, ANCHOR)
