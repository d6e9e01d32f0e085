"""Expected instants are written out by hand as UTC, from each zone's known offset on the day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InputError
from bot.core.when import (
    PARTS_OF_DAY,
    WHEN_MAX,
    Direction,
    at_local,
    describe_when,
    local_date,
    parse_hhmm,
    parse_when,
    require_future,
    require_past,
    timezone_suggestions,
    valid_timezone,
    when_suggestions,
)

# Tuesday. London is on GMT (+0), New York on EST (-5), Kolkata on IST (+5:30) and Auckland on
# NZDT (+13), where it is already 01:00 on Wednesday 25 November.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
PAST = Direction.PAST
FUTURE = Direction.FUTURE
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
AUCKLAND = ZoneInfo("Pacific/Auckland")
ZONES = {"london": LONDON, "new_york": NEW_YORK, "kolkata": KOLKATA, "auckland": AUCKLAND}


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, sec: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


def parse(
    text: str | None,
    tz: ZoneInfo = LONDON,
    now: datetime = NOW,
    direction: Direction | None = None,
) -> datetime:
    """parse_when as a log (its default) or, given a direction, as that."""
    if direction is None:
        return parse_when(text, now=now, tz=tz)
    return parse_when(text, now=now, tz=tz, direction=direction)


# --- now and relative amounts ---------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "now", "NOW", "  Now  ", "today", "Today"])
@pytest.mark.parametrize("zone", ZONES)
def test_now_forms_are_now(text: str | None, zone: str) -> None:
    assert parse(text, ZONES[zone]) == NOW


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
@pytest.mark.parametrize("direction", list(Direction))
def test_an_empty_text_is_no_moment(text: str, direction: Direction) -> None:
    # Issue 18, point 11: only a `when` left out (None) means now.
    with pytest.raises(InputError, match="is empty, and empty is not a moment"):
        parse_when(text, now=NOW, tz=ZoneInfo("UTC"), direction=direction)


@pytest.mark.parametrize(
    ("instead", "told"),
    [
        (None, "leave it out for now, or type a time."),
        ("type a day.", "type a day."),
    ],
)
def test_an_empty_text_is_told_what_to_do_instead(instead: str | None, told: str) -> None:
    """What leaving the option out means is the caller's (now for a log or a plan; a race's
    day is no moment left out): the refusal says the caller's, and names the option."""
    with pytest.raises(InputError) as refused:
        if instead is None:
            parse_when(" ", now=NOW, tz=ZoneInfo("UTC"), option="date")
        else:
            parse_when(" ", now=NOW, tz=ZoneInfo("UTC"), option="date", instead=instead)
    assert refused.value.message.startswith(
        f"`date`: is empty, and empty is not a moment: {told} Try now, 2h ago,"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m ago", utc(2026, 11, 24, 11, 30)),
        ("2h ago", utc(2026, 11, 24, 10, 0)),
        ("3d ago", utc(2026, 11, 21, 12, 0)),
        ("90 min ago", utc(2026, 11, 24, 10, 30)),
        ("90 mins ago", utc(2026, 11, 24, 10, 30)),
        ("45 minutes ago", utc(2026, 11, 24, 11, 15)),
        ("1 minute ago", utc(2026, 11, 24, 11, 59)),
        ("1 hour ago", utc(2026, 11, 24, 11, 0)),
        ("2 hours ago", utc(2026, 11, 24, 10, 0)),
        ("2 hrs ago", utc(2026, 11, 24, 10, 0)),
        ("1 day ago", utc(2026, 11, 23, 12, 0)),
        ("2 days ago", utc(2026, 11, 22, 12, 0)),
        ("1h30m ago", utc(2026, 11, 24, 10, 30)),
        ("1h 30m ago", utc(2026, 11, 24, 10, 30)),
        ("1 hour 30 minutes ago", utc(2026, 11, 24, 10, 30)),
        ("1d2h ago", utc(2026, 11, 23, 10, 0)),
        ("1.5h ago", utc(2026, 11, 24, 10, 30)),
        ("an hour ago", utc(2026, 11, 24, 11, 0)),
        ("a day ago", utc(2026, 11, 23, 12, 0)),
        ("0m ago", utc(2026, 11, 24, 12, 0)),
        ("  2H   AGO ", utc(2026, 11, 24, 10, 0)),
        ("2hago", utc(2026, 11, 24, 10, 0)),
        ("in 45m", utc(2026, 11, 24, 12, 45)),
        ("in 3h", utc(2026, 11, 24, 15, 0)),
        ("in 2d", utc(2026, 11, 26, 12, 0)),
        ("in 1h30m", utc(2026, 11, 24, 13, 30)),
        ("In 3 Hours", utc(2026, 11, 24, 15, 0)),
    ],
)
@pytest.mark.parametrize("zone", ZONES)
def test_relative_amounts_are_elapsed_time_in_every_zone(
    text: str, expected: datetime, zone: str
) -> None:
    assert parse(text, ZONES[zone]) == expected


def test_relative_days_are_elapsed_time_across_dst() -> None:
    # London went from GMT to BST on 29 March 2026; "3d ago" is still exactly 72 hours.
    now = utc(2026, 3, 30, 12, 0)
    assert parse("3d ago", LONDON, now) == utc(2026, 3, 27, 12, 0)


# --- day words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "text", "expected"),
    [
        # Local now: London Tue 24 12:00, New York Tue 24 07:00, Kolkata Tue 24 17:30,
        # Auckland Wed 25 01:00.
        ("london", "yesterday", utc(2026, 11, 23, 12, 0)),
        ("london", "tomorrow", utc(2026, 11, 25, 12, 0)),
        ("new_york", "yesterday", utc(2026, 11, 23, 12, 0)),
        ("kolkata", "tomorrow", utc(2026, 11, 25, 12, 0)),
        ("auckland", "yesterday", utc(2026, 11, 23, 12, 0)),
        ("london", "yesterday 18:00", utc(2026, 11, 23, 18, 0)),
        ("new_york", "yesterday 18:00", utc(2026, 11, 23, 23, 0)),
        ("kolkata", "yesterday 18:00", utc(2026, 11, 23, 12, 30)),
        ("auckland", "yesterday 18:00", utc(2026, 11, 24, 5, 0)),
        ("london", "today 07:30", utc(2026, 11, 24, 7, 30)),
        ("london", "today 7:30", utc(2026, 11, 24, 7, 30)),
        ("london", "today 7pm", utc(2026, 11, 24, 19, 0)),
        ("london", "today 7 pm", utc(2026, 11, 24, 19, 0)),
        ("london", "today 7:30pm", utc(2026, 11, 24, 19, 30)),
        ("london", "today 7:30am", utc(2026, 11, 24, 7, 30)),
        ("london", "today 12am", utc(2026, 11, 24, 0, 0)),
        ("london", "today 12pm", utc(2026, 11, 24, 12, 0)),
        ("london", "today noon", utc(2026, 11, 24, 12, 0)),
        ("london", "today midnight", utc(2026, 11, 24, 0, 0)),
        ("new_york", "today 07:30", utc(2026, 11, 24, 12, 30)),
        ("kolkata", "today 7pm", utc(2026, 11, 24, 13, 30)),
        ("auckland", "today 07:30", utc(2026, 11, 24, 18, 30)),
        ("london", "tomorrow 06:00", utc(2026, 11, 25, 6, 0)),
        ("new_york", "tomorrow 06:00", utc(2026, 11, 25, 11, 0)),
        ("kolkata", "tomorrow 06:00", utc(2026, 11, 25, 0, 30)),
        ("auckland", "tomorrow 06:00", utc(2026, 11, 25, 17, 0)),
        ("london", "tomorrow at 06:00", utc(2026, 11, 25, 6, 0)),
        ("london", "18:00 yesterday", utc(2026, 11, 23, 18, 0)),
        ("london", "  YESTERDAY   18:00 ", utc(2026, 11, 23, 18, 0)),
        ("london", "yesterday 18.00", utc(2026, 11, 23, 18, 0)),
        ("london", "yesterday 18:00:30", utc(2026, 11, 23, 18, 0, sec=30)),
    ],
)
def test_day_words(zone: str, text: str, expected: datetime) -> None:
    assert parse(text, ZONES[zone]) == expected


@pytest.mark.parametrize(
    ("zone", "text", "direction", "expected"),
    [
        # A bare clock time is today's when today's is on the side of now the direction allows:
        # later than now for a plan, earlier for a log.
        ("london", "18:30", FUTURE, utc(2026, 11, 24, 18, 30)),
        ("london", "06:30", PAST, utc(2026, 11, 24, 6, 30)),
        ("london", "7pm", FUTURE, utc(2026, 11, 24, 19, 0)),
        ("new_york", "18:30", FUTURE, utc(2026, 11, 24, 23, 30)),
        ("kolkata", "18:30", FUTURE, utc(2026, 11, 24, 13, 0)),
        # Auckland's today is already the 25th.
        ("auckland", "18:30", FUTURE, utc(2026, 11, 25, 5, 30)),
        ("auckland", "00:30", PAST, utc(2026, 11, 24, 11, 30)),
        # Now itself, and the slack the guards allow: a minute for a log, five for a plan.
        ("london", "12:00", PAST, utc(2026, 11, 24, 12, 0)),
        ("london", "12:00", FUTURE, utc(2026, 11, 24, 12, 0)),
        ("london", "12:01", PAST, utc(2026, 11, 24, 12, 1)),
        ("london", "11:55", FUTURE, utc(2026, 11, 24, 11, 55)),
        ("london", "noon", PAST, utc(2026, 11, 24, 12, 0)),
    ],
)
def test_bare_clock_is_today_local(
    zone: str, text: str, direction: Direction, expected: datetime
) -> None:
    assert parse(text, ZONES[zone], direction=direction) == expected


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "text", "expected"),
    [
        ("london", "2026-11-20 18:30", utc(2026, 11, 20, 18, 30)),
        ("london", "2026-11-20T18:30", utc(2026, 11, 20, 18, 30)),
        ("london", "2026-11-20t18:30", utc(2026, 11, 20, 18, 30)),
        ("london", "2026-11-20 at 18:30", utc(2026, 11, 20, 18, 30)),
        ("london", "2026-11-20 6:30pm", utc(2026, 11, 20, 18, 30)),
        ("london", "2026-11-20T18:30:15", utc(2026, 11, 20, 18, 30, sec=15)),
        ("new_york", "2026-11-20T18:30", utc(2026, 11, 20, 23, 30)),
        ("kolkata", "2026-11-20 18:30", utc(2026, 11, 20, 13, 0)),
        ("auckland", "2026-11-20 18:30", utc(2026, 11, 20, 5, 30)),
        ("london", "2026-7-4 08:00", utc(2026, 7, 4, 7, 0)),
        # A bare date is local noon.
        ("london", "2026-11-20", utc(2026, 11, 20, 12, 0)),
        ("new_york", "2026-11-20", utc(2026, 11, 20, 17, 0)),
        ("kolkata", "2026-11-20", utc(2026, 11, 20, 6, 30)),
        ("auckland", "2026-11-20", utc(2026, 11, 19, 23, 0)),
        # In June London is on BST (+1).
        ("london", "2026-06-01", utc(2026, 6, 1, 11, 0)),
    ],
)
def test_dates(zone: str, text: str, expected: datetime) -> None:
    assert parse(text, ZONES[zone]) == expected


# --- DST ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "text", "expected"),
    [
        # Spring-forward gaps: the wall time does not exist and moves forward by the gap.
        ("london", "2026-03-29 01:30", utc(2026, 3, 29, 1, 30)),  # = 02:30 BST
        ("new_york", "2026-03-08 02:30", utc(2026, 3, 8, 7, 30)),  # = 03:30 EDT
        ("auckland", "2026-09-27 02:30", utc(2026, 9, 26, 14, 30)),  # = 03:30 NZDT
        # Fall-back overlaps: the wall time happens twice and the first one is taken.
        ("london", "2026-10-25 01:30", utc(2026, 10, 25, 0, 30)),  # BST, not GMT
        # These two are ahead of now, so a log and a plan alike take the first.
        ("new_york", "2026-11-01 01:30", utc(2026, 11, 1, 5, 30)),  # EDT, not EST
        # Both Auckland 02:30s are over by June: a log takes the latest of them.
        ("auckland", "2026-04-05 02:30", utc(2026, 4, 4, 14, 30)),  # NZST, not NZDT
    ],
)
def test_dst_gap_and_fold(zone: str, text: str, expected: datetime) -> None:
    assert parse(text, ZONES[zone], now=utc(2026, 6, 1, 12, 0)) == expected


def test_gap_result_reads_back_as_a_real_local_time() -> None:
    at = parse("2026-03-29 01:30", LONDON, now=utc(2026, 3, 29, 12, 0))
    local = at.astimezone(LONDON)
    assert (local.hour, local.minute, local.utcoffset()) == (2, 30, timedelta(hours=1))


def test_day_words_move_by_local_calendar_days_across_spring_forward() -> None:
    # 13:00 BST on the change day; 13:00 the day before was GMT, only 23 hours earlier.
    now = utc(2026, 3, 29, 12, 0)
    assert parse("yesterday", LONDON, now) == utc(2026, 3, 28, 13, 0)
    assert parse("yesterday 18:00", LONDON, now) == utc(2026, 3, 28, 18, 0)
    assert parse("today 18:00", LONDON, now) == utc(2026, 3, 29, 17, 0)


def test_day_words_move_by_local_calendar_days_across_fall_back() -> None:
    # 13:00 BST the day before the change; 13:00 tomorrow is GMT, 25 hours later.
    now = utc(2026, 10, 24, 12, 0)
    assert parse("tomorrow", LONDON, now) == utc(2026, 10, 25, 13, 0)
    assert parse("tomorrow 06:00", LONDON, now) == utc(2026, 10, 25, 6, 0)


def test_day_word_into_a_gap_moves_forward() -> None:
    now = utc(2026, 3, 28, 12, 0)
    assert parse("tomorrow 01:30", LONDON, now) == utc(2026, 3, 29, 1, 30)


# --- limits and bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("366d ago", utc(2025, 11, 23, 12, 0)),
        ("in 366d", utc(2027, 11, 25, 12, 0)),
        ("2025-11-24 12:00", utc(2025, 11, 24, 12, 0)),
        ("2027-11-24", utc(2027, 11, 24, 12, 0)),
    ],
)
def test_limit_is_inclusive(text: str, expected: datetime) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("blah", "could not understand 'blah'"),
        ("yesterday blah", "could not understand"),
        ("18", "could not understand"),
        ("today 18", "could not understand"),
        ("2 ago", "could not understand"),
        ("ago", "could not understand"),
        ("in", "could not understand"),
        ("in 3", "could not understand"),
        ("3h", "could not understand"),
        ("20/11/2026", "could not understand"),
        # Strict about the words added later, too.
        ("this monday", "could not understand"),
        ("monday blah", "could not understand"),
        ("last", "could not understand"),
        ("next", "could not understand"),
        ("last 18:00", "could not understand"),
        ("mon mon", "could not understand"),
        ("mondays", "could not understand"),
        ("morning ago", "could not understand"),
        ("monday at morning", "could not understand"),
        ("tonight 22:00", "could not understand"),
        ("last evening", "could not understand"),
        ("this noon", "could not understand"),
        ("inan hour", "could not understand"),
        ("2 hours and 30 minutes", "could not understand"),
        ("2 months ago", "could not understand"),
        ("2026-11-20T18:30Zx", "could not understand"),
        ("2026-11-20T6:30pmZ", "could not understand"),
        ("25:00", "not a valid time"),
        ("today 25:00", "not a valid time"),
        ("yesterday 12:60", "not a valid time"),
        ("18:00:61", "not a valid time"),
        ("13pm", "not a valid time"),
        ("0am", "not a valid time"),
        ("2026-02-30", "not a real date"),
        ("2026-02-30 18:00", "not a real date"),
        ("2026-13-01", "not a real date"),
        ("2026-11-20 24:00", "not a valid time"),
        ("400d ago", "more than 366 days ago"),
        ("367d ago", "more than 366 days ago"),
        ("in 400d", "more than 366 days ahead"),
        ("9000h ago", "more than 366 days ago"),
        ("2028-01-01", "more than 366 days ahead"),
        ("2020-01-01 10:00", "more than 366 days ago"),
        ("0001-01-01", "more than 366 days ago"),
        ("9999-12-31 23:59", "more than 366 days ahead"),
        ("999999d ago", "days away"),
        ("9999999d ago", "could not understand"),
        ("2h ago " * 20, "too long"),
    ],
)
def test_bad_input_raises_input_error(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert caught.value.option == "when"
    assert fragment in caught.value.message
    assert caught.value.message.startswith("`when`: ")


def test_unparseable_message_lists_the_accepted_forms() -> None:
    with pytest.raises(InputError) as caught:
        parse_when("blah", now=NOW, tz=LONDON, option="at")
    assert caught.value.option == "at"
    assert caught.value.message == (
        "`at`: could not understand 'blah'. "
        "Try now, 2h ago, yesterday 18:00, tomorrow 06:00, in 3h or 2026-11-20 18:30."
    )


def test_echoed_text_is_whole_and_defused() -> None:
    with pytest.raises(InputError) as caught:
        parse("``` @everyone " + "x" * 40)
    assert "```" not in caught.value.message
    assert "'\\`\\`\\` @\u200beveryone " + "x" * 40 + "'" in caught.value.message


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("now", now=datetime(2026, 11, 24, 12, 0), tz=LONDON)


def test_now_in_another_zone_is_normalised_to_utc() -> None:
    now = NOW.astimezone(KOLKATA)
    result = parse_when("2h ago", now=now, tz=LONDON)
    assert result == utc(2026, 11, 24, 10, 0)
    assert result.tzinfo is UTC


zone_names = st.sampled_from(sorted(ZONES))
directions = st.sampled_from(list(Direction))
nows = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@settings(max_examples=300)
@given(text=st.text(max_size=80), zone=zone_names, now=nows, direction=directions)
def test_parse_when_returns_utc_in_range_or_raises_input_error(
    text: str, zone: str, now: datetime, direction: Direction
) -> None:
    try:
        at = parse_when(text, now=now, tz=ZONES[zone], direction=direction)
    except InputError:
        return
    assert at.tzinfo is UTC
    assert abs(at - now) <= timedelta(days=366)


@settings(max_examples=200)
@given(
    day=st.sampled_from(["yesterday", "today", "tomorrow"]),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=zone_names,
    now=nows,
)
def test_day_and_clock_land_on_that_local_day_and_time(
    day: str, hour: int, minute: int, zone: str, now: datetime
) -> None:
    tz = ZONES[zone]
    at = parse_when(f"{day} {hour:02d}:{minute:02d}", now=now, tz=tz)
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[day]
    local = at.astimezone(tz)
    assert local.date() == now.astimezone(tz).date() + timedelta(days=offset)
    # Only a spring-forward gap may move the wall time, and never by more than an hour.
    wall = datetime.combine(local.date(), time(hour, minute))
    assert timedelta(0) <= local.replace(tzinfo=None) - wall <= timedelta(hours=1)


# --- past and future guards -----------------------------------------------------------------


def test_require_past() -> None:
    require_past(NOW, NOW)
    require_past(NOW - timedelta(days=1), NOW)
    require_past(NOW + timedelta(minutes=1), NOW)
    with pytest.raises(InputError) as caught:
        require_past(NOW + timedelta(minutes=1, seconds=1), NOW)
    assert caught.value.option == "when"
    assert "in the future" in caught.value.message
    with pytest.raises(InputError) as caught:
        require_past(NOW + timedelta(hours=3), NOW, option="at")
    assert caught.value.option == "at"


def test_require_future() -> None:
    require_future(NOW, NOW)
    require_future(NOW + timedelta(days=1), NOW)
    require_future(NOW - timedelta(minutes=5), NOW)
    with pytest.raises(InputError) as caught:
        require_future(NOW - timedelta(minutes=5, seconds=1), NOW)
    assert caught.value.option == "when"
    assert "in the past" in caught.value.message
    with pytest.raises(InputError) as caught:
        require_future(NOW - timedelta(hours=3), NOW, option="at")
    assert caught.value.option == "at"


def test_parsed_forms_pass_the_matching_guard() -> None:
    require_past(parse("now"), NOW)
    require_past(parse("yesterday 18:00"), NOW)
    require_future(parse("now"), NOW)
    require_future(parse("tomorrow 06:00"), NOW)
    with pytest.raises(InputError):
        require_past(parse("in 3h"), NOW)
    with pytest.raises(InputError):
        require_future(parse("2h ago"), NOW)


# --- describe_when --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("yesterday 18:00", LONDON, "yesterday 18:00 → Mon 23 Nov 18:00 (Europe/London)"),
        (
            "",
            LONDON,
            "not understood: is empty, and empty is not a moment: leave it out for now,"
            " or type a time. Try now,…",
        ),
        ("now", NEW_YORK, "now → Tue 24 Nov 07:00 (America/New_York)"),
        ("  2h   ago ", KOLKATA, "2h ago → Tue 24 Nov 15:30 (Asia/Kolkata)"),
        (
            "2026-12-03",
            LONDON,
            "2026-12-03 → Thu 3 Dec 12:00 (Europe/London), in the future: refused",
        ),
        ("2026-01-01 08:00", LONDON, "2026-01-01 08:00 → Thu 1 Jan 08:00 (Europe/London)"),
        (
            "in 60d",
            LONDON,
            "in 60d → Sat 23 Jan 2027 12:00 (Europe/London), in the future: refused",
        ),
        ("blah", LONDON, "not understood: try 2h ago, yesterday 18:00, in 3h"),
        ("25:00", LONDON, "not understood: '25:00' is not a valid time of day"),
        ("2026-02-30", LONDON, "not understood: '2026-02-30' is not a real date"),
        ("400d ago", LONDON, "400d ago → more than 366 days ago: refused"),
    ],
)
def test_describe_when(text: str, tz: ZoneInfo, expected: str) -> None:
    assert describe_when(text, now=NOW, tz=tz) == expected


def test_describe_when_bare_clock_for_a_plan() -> None:
    # Was a row of test_describe_when; a later clock time reads as today's only for a plan.
    label = describe_when("18:30", now=NOW, tz=AUCKLAND, direction=FUTURE)
    assert label == "18:30 → Wed 25 Nov 18:30 (Pacific/Auckland)"


def test_describe_when_fits_the_longest_zone_name() -> None:
    longest = max(available_timezones(), key=len)
    label = describe_when("yesterday 18:00", now=NOW, tz=ZoneInfo(longest))
    assert len(label) <= 100
    assert label.endswith(f"({longest})")


def test_describe_when_never_raises_for_a_naive_now() -> None:
    assert describe_when("now", now=datetime(2026, 11, 24), tz=LONDON).startswith("not under")


@settings(max_examples=500)
@given(text=st.text(max_size=300), zone=zone_names, now=nows, direction=directions)
def test_describe_when_never_raises_and_fits(
    text: str, zone: str, now: datetime, direction: Direction
) -> None:
    label = describe_when(text, now=now, tz=ZONES[zone], direction=direction)
    assert 1 <= len(label) <= 100


@given(
    text=st.text(alphabet="0123456789:-. tamphdinogoyesterdayT", max_size=40),
    now=st.datetimes(timezones=st.just(UTC)),
    direction=directions,
)
def test_describe_when_never_raises_even_at_the_ends_of_time(
    text: str, now: datetime, direction: Direction
) -> None:
    label = describe_when(text, now=now, tz=AUCKLAND, direction=direction)
    assert 1 <= len(label) <= 100


# --- when_suggestions -----------------------------------------------------------------------


def _check_choices(choices: list[tuple[str, str]]) -> None:
    assert len(choices) <= 25
    for name, value in choices:
        assert 1 <= len(name) <= 100
        assert 1 <= len(value) <= 100


def test_suggestions_with_nothing_typed_offer_common_forms() -> None:
    choices = when_suggestions("", now=NOW, tz=LONDON)
    _check_choices(choices)
    values = [value for _, value in choices]
    assert values[0] == "now"
    for form in ("1h ago", "2h ago", "yesterday 18:00", "today 07:00"):
        assert form in values
    # A log's forms only: the bot refuses a log in the future.
    for form in ("tomorrow 06:00", "in 3h", "today 18:00"):
        assert form not in values
    for name, value in choices:
        assert name == describe_when(value, now=NOW, tz=LONDON)
        assert not name.startswith("not understood")
    assert when_suggestions("   ", now=NOW, tz=LONDON) == choices


def test_suggestions_put_the_typed_text_first_then_matching_forms() -> None:
    choices = when_suggestions("Yester", now=NOW, tz=LONDON)
    _check_choices(choices)
    assert choices[0] == (describe_when("Yester", now=NOW, tz=LONDON), "Yester")
    assert len(choices) > 1
    assert all(value.startswith("yesterday") for _, value in choices[1:])
    assert ("yesterday 18:00 → Mon 23 Nov 18:00 (Europe/London)", "yesterday 18:00") in choices


def test_suggestions_do_not_repeat_the_typed_form() -> None:
    choices = when_suggestions("2h ago", now=NOW, tz=LONDON)
    assert [value for _, value in choices] == ["2h ago"]
    assert choices[0][0] == "2h ago → Tue 24 Nov 10:00 (Europe/London)"


def test_suggestions_for_a_valid_form_nobody_listed() -> None:
    choices = when_suggestions("2026-11-20 18:30", now=NOW, tz=NEW_YORK)
    assert choices == [
        ("2026-11-20 18:30 → Fri 20 Nov 18:30 (America/New_York)", "2026-11-20 18:30")
    ]


def test_suggestions_truncate_a_long_typed_value() -> None:
    choices = when_suggestions("x" * 300, now=NOW, tz=LONDON)
    _check_choices(choices)
    assert choices[0][1] == "x" * 100


@settings(max_examples=300)
@given(text=st.text(max_size=300), zone=zone_names, now=nows, direction=directions)
def test_suggestions_always_fit_discord_limits(
    text: str, zone: str, now: datetime, direction: Direction
) -> None:
    _check_choices(when_suggestions(text, now=now, tz=ZONES[zone], direction=direction))


# --- timezones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("  AMERICA/NEW_YORK ", "America/New_York"),
        ("asia/kolkata", "Asia/Kolkata"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_valid_timezone(name: str, key: str) -> None:
    zone = valid_timezone(name)
    assert isinstance(zone, ZoneInfo)
    assert zone.key == key


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "..",
        "../../etc/passwd",
        "Europe/../UTC",
        "/etc/localtime",
        "/usr/share/zoneinfo/UTC",
        "Europe\\London",
        "Not/AZone",
        "London",
        "GMT+25",
        "Europe/London\x00",
    ],
)
def test_invalid_timezone(name: str) -> None:
    with pytest.raises(InputError) as caught:
        valid_timezone(name)
    assert caught.value.option == "timezone"
    # A name of nothing but spaces is called empty (0440885), not an unknown zone named ''.
    said = "is empty. " if not name.strip() else "unknown timezone '"
    assert said in caught.value.message


def test_timezone_suggestions_with_nothing_typed() -> None:
    names = timezone_suggestions("")
    assert 5 <= len(names) <= 25
    for common in ("UTC", "Europe/London", "Europe/Berlin", "America/New_York"):
        assert common in names
    for more in ("America/Los_Angeles", "Australia/Sydney"):
        assert more in names
    assert all(name in available_timezones() for name in names)
    assert timezone_suggestions("", limit=3) == names[:3]


@pytest.mark.parametrize(
    ("text", "expected_first"),
    [
        ("Europe/Lon", "Europe/London"),
        ("EUROPE/LONDON", "Europe/London"),
        ("new york", "America/New_York"),
        ("kolkata", "Asia/Kolkata"),
        ("auck", "Pacific/Auckland"),
    ],
)
def test_timezone_suggestions_find_by_part(text: str, expected_first: str) -> None:
    assert timezone_suggestions(text)[0] == expected_first


def test_timezone_suggestions_put_prefix_matches_first() -> None:
    names = timezone_suggestions("am", limit=600)
    starts = [name.lower().startswith("am") for name in names]
    assert any(starts)
    assert not all(starts)
    # Every name starting with the text comes before every name that merely contains it.
    assert starts == sorted(starts, reverse=True)
    prefixed = [name for name in names if name.lower().startswith("am")]
    assert prefixed == sorted(prefixed)
    assert all("am" in name.lower() for name in names)


def test_timezone_suggestions_limits() -> None:
    assert len(timezone_suggestions("a")) == 25
    assert len(timezone_suggestions("a", limit=5)) == 5
    assert timezone_suggestions("a", limit=0) == []
    assert timezone_suggestions("europe", limit=-1) == []
    assert timezone_suggestions("zzzz-nowhere") == []


@given(text=st.text(max_size=60), limit=st.integers(0, 30))
def test_timezone_suggestions_are_real_names(text: str, limit: int) -> None:
    names = timezone_suggestions(text, limit=limit)
    assert len(names) <= limit
    zones = available_timezones()
    assert all(name in zones and len(name) <= 100 for name in names)


# --- clock times and local days -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06:30", time(6, 30)),
        ("6:30", time(6, 30)),
        ("18:00", time(18, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        (" 18:00 ", time(18, 0)),
        ("6:30pm", time(18, 30)),
    ],
)
def test_parse_hhmm(text: str, expected: time) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("text", ["", "6", "630", "6:3", "24:00", "25:00", "12:60", "abc", "6:30x"])
def test_parse_hhmm_rejects(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_hhmm(text, option="start")
    assert caught.value.option == "start"


def test_parse_hhmm_default_option_and_hint() -> None:
    with pytest.raises(InputError) as caught:
        parse_hhmm("abc")
    assert caught.value.option == "time"
    assert "HH:MM" in caught.value.message


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("london", date(2026, 11, 24)),
        ("new_york", date(2026, 11, 24)),
        ("kolkata", date(2026, 11, 24)),
        ("auckland", date(2026, 11, 25)),
    ],
)
def test_local_date(zone: str, expected: date) -> None:
    assert local_date(NOW, ZONES[zone]) == expected


def test_local_date_late_evening_in_new_york() -> None:
    assert local_date(utc(2026, 11, 25, 3, 0), NEW_YORK) == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("zone", "d", "t", "expected"),
    [
        ("london", date(2026, 11, 24), time(18, 0), utc(2026, 11, 24, 18, 0)),
        ("new_york", date(2026, 11, 24), time(18, 0), utc(2026, 11, 24, 23, 0)),
        ("kolkata", date(2026, 11, 24), time(18, 0), utc(2026, 11, 24, 12, 30)),
        ("auckland", date(2026, 11, 24), time(18, 0), utc(2026, 11, 24, 5, 0)),
        ("london", date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 30)),
        ("london", date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        ("london", date(2026, 10, 25), time(1, 30, fold=1), utc(2026, 10, 25, 0, 30)),
        ("new_york", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 30)),
        ("new_york", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("london", date(2026, 11, 24), time(18, 0, tzinfo=KOLKATA), utc(2026, 11, 24, 18, 0)),
    ],
)
def test_at_local(zone: str, d: date, t: time, expected: datetime) -> None:
    result = at_local(d, t, ZONES[zone])
    assert result == expected
    assert result.tzinfo is UTC


# --- amounts: whole words, "and" and ",", nothing left over -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 hours and 30 minutes ago", utc(2026, 11, 24, 9, 30)),
        ("2 HOURS AND 30 MINUTES AGO", utc(2026, 11, 24, 9, 30)),
        ("1h, 30m ago", utc(2026, 11, 24, 10, 30)),
        ("1h,30m ago", utc(2026, 11, 24, 10, 30)),
        ("1 day, 2 hours and 30 minutes ago", utc(2026, 11, 23, 9, 30)),
        ("1 day, 2 hours, and 30 minutes ago", utc(2026, 11, 23, 9, 30)),
        ("an hour and 30 minutes ago", utc(2026, 11, 24, 10, 30)),
        ("a day and an hour ago", utc(2026, 11, 23, 11, 0)),
        ("half an hour ago", utc(2026, 11, 24, 11, 30)),
        ("half a day ago", utc(2026, 11, 24, 0, 0)),
        ("2 weeks ago", utc(2026, 11, 10, 12, 0)),
        ("1w ago", utc(2026, 11, 17, 12, 0)),
        ("1 wk ago", utc(2026, 11, 17, 12, 0)),
        ("2 wks ago", utc(2026, 11, 10, 12, 0)),
        ("a week ago", utc(2026, 11, 17, 12, 0)),
        ("1w2d ago", utc(2026, 11, 15, 12, 0)),
        ("in 2 hours and 30 minutes", utc(2026, 11, 24, 14, 30)),
        ("in 1h, 30m", utc(2026, 11, 24, 13, 30)),
        ("in3h", utc(2026, 11, 24, 15, 0)),
        ("in1h30m", utc(2026, 11, 24, 13, 30)),
        ("in half an hour", utc(2026, 11, 24, 12, 30)),
        ("in 1 week", utc(2026, 12, 1, 12, 0)),
        ("in 2 weeks", utc(2026, 12, 8, 12, 0)),
    ],
)
@pytest.mark.parametrize("zone", ZONES)
def test_amounts_joined_by_and_or_commas_and_weeks(
    text: str, expected: datetime, zone: str
) -> None:
    assert parse(text, ZONES[zone]) == expected
    assert parse(text, ZONES[zone], direction=FUTURE) == expected


def test_two_hours_and_thirty_minutes_is_exact() -> None:
    # "and" used to read as "an" + "d": a whole day more.
    assert NOW - parse("2 hours and 30 minutes ago") == timedelta(hours=2, minutes=30)


@pytest.mark.parametrize(
    "text",
    [
        # Each of these used to be read as something: "a"/"an" glued to a unit letter, or the
        # "an" + "d" of a stray "and".
        "ah ago",
        "am ago",
        "ad ago",
        "anh ago",
        "a m ago",
        "an h ago",
        "and ago",
        "2 hours and ago",
        "2h and ago",
        "2 hours and 30 minutes and ago",
        "in 2 hours and",
        "1h and ago",
        "2hand ago",
        "in 3h and",
    ],
)
def test_words_glued_to_units_and_leftovers_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert f"could not understand '{text}'" in caught.value.message


# --- direction and the fall-back hour ---------------------------------------------------------

# New York falls back on 1 November 2026: 01:00-01:59 happens first as EDT (05:00-05:59 UTC),
# then again as EST (06:00-06:59 UTC).
FALL_BACK_DAY = date(2026, 11, 1)


def _ny(hour: int, minute: int, fold: int) -> datetime:
    local = datetime.combine(FALL_BACK_DAY, time(hour, minute, fold=fold), tzinfo=NEW_YORK)
    return local.astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "now", "direction", "expected"),
    [
        # Second pass, 01:10 EST: the first 01:30 is over, a plan means the second one.
        ("today 01:30", utc(2026, 11, 1, 6, 10), FUTURE, utc(2026, 11, 1, 6, 30)),
        ("01:30", utc(2026, 11, 1, 6, 10), FUTURE, utc(2026, 11, 1, 6, 30)),
        ("2026-11-01 01:30", utc(2026, 11, 1, 6, 10), FUTURE, utc(2026, 11, 1, 6, 30)),
        # Second pass, 01:40 EST: both are over, a log means the latest.
        ("today 01:30", utc(2026, 11, 1, 6, 40), PAST, utc(2026, 11, 1, 6, 30)),
        ("01:30", utc(2026, 11, 1, 6, 40), PAST, utc(2026, 11, 1, 6, 30)),
        ("2026-11-01 01:30", utc(2026, 11, 1, 6, 40), PAST, utc(2026, 11, 1, 6, 30)),
        # Second pass, 01:33 EST: the second 01:30 is three minutes over, within a plan's slack.
        ("today 01:30", utc(2026, 11, 1, 6, 33), FUTURE, utc(2026, 11, 1, 6, 30)),
    ],
)
def test_fall_back_hour_follows_the_direction(
    text: str, now: datetime, direction: Direction, expected: datetime
) -> None:
    assert parse(text, NEW_YORK, now, direction) == expected


@pytest.mark.parametrize(
    ("text", "now", "direction", "expected"),
    [
        # First pass, 01:40 EDT: only the first 01:30 is over (this one the old code got right).
        ("01:30", utc(2026, 11, 1, 5, 40), PAST, utc(2026, 11, 1, 5, 30)),
        ("today 01:30", utc(2026, 11, 1, 5, 40), PAST, utc(2026, 11, 1, 5, 30)),
        # First pass, 01:10 EDT: the first 01:30 is still ahead.
        ("today 01:30", utc(2026, 11, 1, 5, 10), FUTURE, utc(2026, 11, 1, 5, 30)),
        # Second pass, 01:20 EST: the second 01:30 is still ahead, a log means the first.
        ("today 01:30", utc(2026, 11, 1, 6, 20), PAST, utc(2026, 11, 1, 5, 30)),
    ],
)
def test_fall_back_hour_where_the_first_is_still_right(
    text: str, now: datetime, direction: Direction, expected: datetime
) -> None:
    assert parse(text, NEW_YORK, now, direction) == expected


def test_plan_in_the_fall_back_hour_passes_the_plan_guard() -> None:
    now = _ny(1, 10, fold=1)
    at = parse_when("today 01:30", now=now, tz=NEW_YORK, direction=FUTURE)
    require_future(at, now)
    assert at - now == timedelta(minutes=20)


def test_log_in_the_fall_back_hour_passes_the_log_guard() -> None:
    now = _ny(1, 40, fold=1)
    at = parse_when("today 01:30", now=now, tz=NEW_YORK, direction=PAST)
    require_past(at, now)
    assert now - at == timedelta(minutes=10)


def test_log_is_the_default_direction() -> None:
    for text in ("18:30", "monday", "today 01:30"):
        for now in (NOW, utc(2026, 11, 1, 6, 40)):
            default = parse_when(text, now=now, tz=NEW_YORK)
            assert default == parse_when(text, now=now, tz=NEW_YORK, direction=PAST)


# --- bare clock times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "text", "direction", "expected"),
    [
        # London Tue 24 12:00. A log cannot be later than now: a later clock time is yesterday's.
        ("london", "18:30", PAST, utc(2026, 11, 23, 18, 30)),
        ("london", "7pm", PAST, utc(2026, 11, 23, 19, 0)),
        ("london", "12:02", PAST, utc(2026, 11, 23, 12, 2)),
        ("new_york", "18:30", PAST, utc(2026, 11, 23, 23, 30)),
        ("kolkata", "18:30", PAST, utc(2026, 11, 23, 13, 0)),
        ("auckland", "18:30", PAST, utc(2026, 11, 24, 5, 30)),
        # A plan cannot be over: an earlier clock time is tomorrow's.
        ("london", "06:00", FUTURE, utc(2026, 11, 25, 6, 0)),
        ("london", "06:30", FUTURE, utc(2026, 11, 25, 6, 30)),
        ("london", "7am", FUTURE, utc(2026, 11, 25, 7, 0)),
        ("london", "11:54", FUTURE, utc(2026, 11, 25, 11, 54)),
        ("london", "midnight", FUTURE, utc(2026, 11, 25, 0, 0)),
        ("new_york", "06:00", FUTURE, utc(2026, 11, 25, 11, 0)),
        ("auckland", "00:30", FUTURE, utc(2026, 11, 25, 11, 30)),
        # "at" in front is fine.
        ("london", "at 18:00", FUTURE, utc(2026, 11, 24, 18, 0)),
        ("london", "at 18:00", PAST, utc(2026, 11, 23, 18, 0)),
        ("london", "at 6am", PAST, utc(2026, 11, 24, 6, 0)),
        ("london", "at 6am", FUTURE, utc(2026, 11, 25, 6, 0)),
    ],
)
def test_bare_clock_is_the_nearest_occurrence_in_the_direction(
    zone: str, text: str, direction: Direction, expected: datetime
) -> None:
    assert parse(text, ZONES[zone], direction=direction) == expected


def test_evening_plan_for_06_00_is_tomorrow_and_passes_the_guard() -> None:
    evening = utc(2026, 11, 24, 20, 0)
    at = parse_when("06:00", now=evening, tz=LONDON, direction=FUTURE)
    assert at == utc(2026, 11, 25, 6, 0)
    require_future(at, evening)


def test_morning_log_for_18_00_is_yesterday_and_passes_the_guard() -> None:
    morning = utc(2026, 11, 24, 8, 0)
    at = parse_when("18:00", now=morning, tz=LONDON, direction=PAST)
    assert at == utc(2026, 11, 23, 18, 0)
    require_past(at, morning)


# --- weekdays ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        # London, Tuesday 24 November 12:00. A log: the most recent such day.
        ("monday", PAST, utc(2026, 11, 23, 12, 0)),
        ("Monday", PAST, utc(2026, 11, 23, 12, 0)),
        ("mon 7am", PAST, utc(2026, 11, 23, 7, 0)),
        ("saturday 08:00", PAST, utc(2026, 11, 21, 8, 0)),
        ("sat 8:00", PAST, utc(2026, 11, 21, 8, 0)),
        ("wed", PAST, utc(2026, 11, 18, 12, 0)),
        ("thurs 18:00", PAST, utc(2026, 11, 19, 18, 0)),
        ("friday at 6pm", PAST, utc(2026, 11, 20, 18, 0)),
        ("6pm friday", PAST, utc(2026, 11, 20, 18, 0)),
        ("at 18:00 sun", PAST, utc(2026, 11, 22, 18, 0)),
        # Today counts for a log when the time is not in the future ...
        ("tuesday", PAST, utc(2026, 11, 24, 12, 0)),
        ("tuesday 11:00", PAST, utc(2026, 11, 24, 11, 0)),
        ("tue 12:00", PAST, utc(2026, 11, 24, 12, 0)),
        # ... otherwise it is last week's.
        ("tuesday 13:00", PAST, utc(2026, 11, 17, 13, 0)),
        ("tues 12:30", PAST, utc(2026, 11, 17, 12, 30)),
        # A plan: the next such day.
        ("monday", FUTURE, utc(2026, 11, 30, 12, 0)),
        ("mon 7am", FUTURE, utc(2026, 11, 30, 7, 0)),
        ("saturday 08:00", FUTURE, utc(2026, 11, 28, 8, 0)),
        ("wed", FUTURE, utc(2026, 11, 25, 12, 0)),
        ("sunday 9:30", FUTURE, utc(2026, 11, 29, 9, 30)),
        # Today counts for a plan when the time is still ahead (or within the plan's slack) ...
        ("tuesday", FUTURE, utc(2026, 11, 24, 12, 0)),
        ("tuesday 13:00", FUTURE, utc(2026, 11, 24, 13, 0)),
        ("tue 11:56", FUTURE, utc(2026, 11, 24, 11, 56)),
        # ... otherwise it is next week's.
        ("tuesday 11:00", FUTURE, utc(2026, 12, 1, 11, 0)),
        ("tue 7am", FUTURE, utc(2026, 12, 1, 7, 0)),
        # "last X" is before today, "next X" after today, whatever the direction.
        ("last monday", PAST, utc(2026, 11, 23, 12, 0)),
        ("last monday", FUTURE, utc(2026, 11, 23, 12, 0)),
        ("last tuesday", PAST, utc(2026, 11, 17, 12, 0)),
        ("last tue 11:00", PAST, utc(2026, 11, 17, 11, 0)),
        ("last wednesday 18:00", PAST, utc(2026, 11, 18, 18, 0)),
        ("18:00 last sunday", PAST, utc(2026, 11, 22, 18, 0)),
        ("next friday", FUTURE, utc(2026, 11, 27, 12, 0)),
        ("next friday", PAST, utc(2026, 11, 27, 12, 0)),
        ("next tuesday", FUTURE, utc(2026, 12, 1, 12, 0)),
        ("next tue 13:00", FUTURE, utc(2026, 12, 1, 13, 0)),
        ("next mon at 07:00", FUTURE, utc(2026, 11, 30, 7, 0)),
        ("  NEXT   Saturday  8am ", FUTURE, utc(2026, 11, 28, 8, 0)),
    ],
)
def test_weekdays(text: str, direction: Direction, expected: datetime) -> None:
    assert parse(text, LONDON, direction=direction) == expected


@pytest.mark.parametrize(
    ("zone", "text", "direction", "expected"),
    [
        # Auckland is already on Wednesday 25 at 01:00: weekdays are the member's own.
        ("auckland", "wednesday", PAST, utc(2026, 11, 24, 12, 0)),
        ("auckland", "tuesday 18:00", PAST, utc(2026, 11, 24, 5, 0)),
        ("auckland", "tuesday 18:00", FUTURE, utc(2026, 12, 1, 5, 0)),
        ("auckland", "last tuesday", FUTURE, utc(2026, 11, 23, 12, 0)),
        # New York is on Tuesday 24 at 07:00.
        ("new_york", "tue 08:00", PAST, utc(2026, 11, 17, 13, 0)),
        ("new_york", "tue 08:00", FUTURE, utc(2026, 11, 24, 13, 0)),
        # A week back across London's fall-back keeps the wall time (BST then).
        ("london", "last saturday 18:00", PAST, utc(2026, 10, 24, 17, 0)),
    ],
)
def test_weekdays_are_read_in_the_members_zone(
    zone: str, text: str, direction: Direction, expected: datetime
) -> None:
    now = utc(2026, 10, 27, 12, 0) if "saturday" in text else NOW
    assert parse(text, ZONES[zone], now, direction) == expected


@pytest.mark.parametrize(
    "name",
    [
        "monday",
        "mon",
        "tuesday",
        "tue",
        "tues",
        "wednesday",
        "wed",
        "thursday",
        "thu",
        "thur",
        "thurs",
        "friday",
        "fri",
        "saturday",
        "sat",
        "sunday",
        "sun",
    ],
)
def test_every_weekday_spelling(name: str) -> None:
    for direction in Direction:
        at = parse(f"{name} 09:00", LONDON, direction=direction)
        assert at.astimezone(LONDON).strftime("%A").lower().startswith(name[:3])


# --- parts of the day -------------------------------------------------------------------------


def test_parts_of_day_table() -> None:
    # The README states these times.
    assert dict(PARTS_OF_DAY) == {
        "morning": time(7, 0),
        "afternoon": time(13, 0),
        "evening": time(18, 0),
        "night": time(21, 0),
    }
    with pytest.raises(TypeError):
        PARTS_OF_DAY["morning"] = time(6, 0)  # type: ignore[index]


@pytest.mark.parametrize(
    ("zone", "text", "direction", "expected"),
    [
        # London, Tuesday 24 November 12:00.
        ("london", "this morning", PAST, utc(2026, 11, 24, 7, 0)),
        ("london", "this afternoon", FUTURE, utc(2026, 11, 24, 13, 0)),
        ("london", "this evening", FUTURE, utc(2026, 11, 24, 18, 0)),
        ("london", "tonight", FUTURE, utc(2026, 11, 24, 21, 0)),
        ("london", "last night", PAST, utc(2026, 11, 23, 21, 0)),
        ("london", "yesterday morning", PAST, utc(2026, 11, 23, 7, 0)),
        ("london", "yesterday afternoon", PAST, utc(2026, 11, 23, 13, 0)),
        ("london", "yesterday evening", PAST, utc(2026, 11, 23, 18, 0)),
        ("london", "yesterday night", PAST, utc(2026, 11, 23, 21, 0)),
        ("london", "today morning", PAST, utc(2026, 11, 24, 7, 0)),
        ("london", "tomorrow morning", FUTURE, utc(2026, 11, 25, 7, 0)),
        ("london", "tomorrow afternoon", FUTURE, utc(2026, 11, 25, 13, 0)),
        ("london", "Tomorrow  Evening", FUTURE, utc(2026, 11, 25, 18, 0)),
        ("london", "monday morning", PAST, utc(2026, 11, 23, 7, 0)),
        ("london", "monday morning", FUTURE, utc(2026, 11, 30, 7, 0)),
        ("london", "tuesday evening", PAST, utc(2026, 11, 17, 18, 0)),
        ("london", "tuesday evening", FUTURE, utc(2026, 11, 24, 18, 0)),
        ("london", "tuesday morning", PAST, utc(2026, 11, 24, 7, 0)),
        ("london", "tuesday morning", FUTURE, utc(2026, 12, 1, 7, 0)),
        ("london", "next sat morning", FUTURE, utc(2026, 11, 28, 7, 0)),
        ("london", "last friday night", PAST, utc(2026, 11, 20, 21, 0)),
        ("london", "sunday afternoon", PAST, utc(2026, 11, 22, 13, 0)),
        # Read in the member's zone: 07:00 EST, 21:00 IST, 07:00 NZDT on Auckland's Wednesday.
        ("new_york", "this morning", PAST, utc(2026, 11, 24, 12, 0)),
        ("kolkata", "tonight", FUTURE, utc(2026, 11, 24, 15, 30)),
        ("auckland", "this morning", FUTURE, utc(2026, 11, 24, 18, 0)),
        ("auckland", "last night", PAST, utc(2026, 11, 24, 8, 0)),
    ],
)
def test_parts_of_day(zone: str, text: str, direction: Direction, expected: datetime) -> None:
    assert parse(text, ZONES[zone], direction=direction) == expected


@pytest.mark.parametrize("part", sorted(PARTS_OF_DAY))
def test_parts_of_day_come_from_the_table(part: str) -> None:
    tomorrow = date(2026, 11, 25)
    expected = at_local(tomorrow, PARTS_OF_DAY[part], LONDON)
    assert parse(f"tomorrow {part}", LONDON, direction=FUTURE) == expected


# --- ISO 8601 with an offset ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T18:30:00Z", utc(2026, 11, 20, 18, 30)),
        ("2026-11-20t18:30z", utc(2026, 11, 20, 18, 30)),
        ("2026-11-20 18:30Z", utc(2026, 11, 20, 18, 30)),
        ("2026-11-20T18:30+01:00", utc(2026, 11, 20, 17, 30)),
        ("2026-11-20T18:30:00-05:00", utc(2026, 11, 20, 23, 30)),
        ("2026-11-20T18:30+0530", utc(2026, 11, 20, 13, 0)),
        ("2026-11-20T18:30+05", utc(2026, 11, 20, 13, 30)),
        ("2026-11-20T18:30-00:00", utc(2026, 11, 20, 18, 30)),
        ("2026-11-20T18:30+14:00", utc(2026, 11, 20, 4, 30)),
        (
            "2026-11-20T18:30:15.250Z",
            utc(2026, 11, 20, 18, 30, sec=15) + timedelta(milliseconds=250),
        ),
        ("2026-11-20 at 18:30 +01:00", utc(2026, 11, 20, 17, 30)),
        # The offset wins even where the member's own clock has a gap ...
        ("2026-03-29T01:30:00Z", utc(2026, 3, 29, 1, 30)),
        # ... and it says which of New York's two 01:30s is meant.
        ("2026-11-01T01:30-05:00", utc(2026, 11, 1, 6, 30)),
        ("2026-11-01T01:30-04:00", utc(2026, 11, 1, 5, 30)),
    ],
)
@pytest.mark.parametrize("zone", ZONES)
def test_iso_with_an_offset_ignores_the_members_zone(
    text: str, expected: datetime, zone: str
) -> None:
    for direction in Direction:
        at = parse(text, ZONES[zone], direction=direction)
        assert at == expected
        assert at.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-11-20T18:30+15:00", "'2026-11-20T18:30+15:00' does not have a valid UTC offset"),
        ("2026-11-20T18:30+01:60", "does not have a valid UTC offset"),
        ("2026-11-20T18:30-14:30", "does not have a valid UTC offset"),
        ("2026-11-20T24:00Z", "'2026-11-20T24:00Z' is not a valid time of day"),
        ("2026-11-20T18:60Z", "is not a valid time of day"),
    ],
)
def test_iso_with_a_bad_offset_or_time_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert fragment in caught.value.message


# --- error messages quote the whole input -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 25:00", "`when`: 'yesterday 25:00' is not a valid time of day"),
        ("Yesterday 12:60", "`when`: 'Yesterday 12:60' is not a valid time of day"),
        ("13pm today", "`when`: '13pm today' is not a valid time of day"),
        ("2026-11-20 24:00", "`when`: '2026-11-20 24:00' is not a valid time of day"),
        ("2026-02-30T18:00", "`when`: '2026-02-30T18:00' is not a real date"),
        ("999999d ago", "`when`: '999999d ago' is far more than 366 days away"),
        ("today blah", "`when`: could not understand 'today blah'. Try now, 2h ago, "),
        ("Tomorrow at 18", "`when`: could not understand 'Tomorrow at 18'. Try now, 2h ago, "),
    ],
)
def test_errors_quote_the_whole_input(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert caught.value.message.startswith(expected)


def test_whole_input_is_still_sanitised() -> None:
    with pytest.raises(InputError) as caught:
        parse("yesterday `@everyone` 18:00 " + "x" * 30)
    quoted = caught.value.message.removeprefix("`when`: ")
    assert re.search(r"(?<!\\)`", quoted) is None  # every backtick escaped: no code span
    # Issue 18, point 12: the whole input, markdown escaped and the ping defused.
    assert quoted.startswith(
        "could not understand 'yesterday \\`@\u200beveryone\\` 18:00 " + "x" * 30 + "'"
    )


def test_an_error_quotes_up_to_the_options_limit_and_no_further() -> None:
    longest = "whenever my legs finally stop aching, " * 3
    longest = longest[:WHEN_MAX]
    with pytest.raises(InputError) as caught:
        parse(longest)
    assert f"'{' '.join(longest.split())}'" in caught.value.message
    with pytest.raises(InputError, match="too long for a time"):
        parse(longest + "x")


def test_parse_hhmm_quotes_what_was_typed() -> None:
    with pytest.raises(InputError) as caught:
        parse_hhmm("Six `thirty`")
    assert "could not understand 'Six \\`thirty\\`'" in caught.value.message


# --- autocomplete shows the new forms, read in the direction ----------------------------------


@pytest.mark.parametrize(
    ("text", "tz", "direction", "expected"),
    [
        ("06:00", LONDON, FUTURE, "06:00 → Wed 25 Nov 06:00 (Europe/London)"),
        ("18:30", LONDON, PAST, "18:30 → Mon 23 Nov 18:30 (Europe/London)"),
        ("at 18:00", LONDON, FUTURE, "at 18:00 → Tue 24 Nov 18:00 (Europe/London)"),
        ("monday", LONDON, PAST, "monday → Mon 23 Nov 12:00 (Europe/London)"),
        ("monday", LONDON, FUTURE, "monday → Mon 30 Nov 12:00 (Europe/London)"),
        ("mon 7am", LONDON, FUTURE, "mon 7am → Mon 30 Nov 07:00 (Europe/London)"),
        (
            "last friday",
            LONDON,
            FUTURE,
            "last friday → Fri 20 Nov 12:00 (Europe/London), in the past: refused",
        ),
        (
            "next friday",
            LONDON,
            PAST,
            "next friday → Fri 27 Nov 12:00 (Europe/London), in the future: refused",
        ),
        ("this morning", LONDON, PAST, "this morning → Tue 24 Nov 07:00 (Europe/London)"),
        ("last night", NEW_YORK, PAST, "last night → Mon 23 Nov 21:00 (America/New_York)"),
        ("tonight", KOLKATA, FUTURE, "tonight → Tue 24 Nov 21:00 (Asia/Kolkata)"),
        (
            "2026-11-20T18:30:00Z",
            NEW_YORK,
            PAST,
            "2026-11-20T18:30:00Z → Fri 20 Nov 13:30 (America/New_York)",
        ),
        (
            "2 hours and 30 minutes ago",
            LONDON,
            PAST,
            "2 hours and 30 minutes ago → Tue 24 Nov 09:30 (Europe/London)",
        ),
        ("in3h", LONDON, FUTURE, "in3h → Tue 24 Nov 15:00 (Europe/London)"),
        ("in 1 week", LONDON, FUTURE, "in 1 week → Tue 1 Dec 12:00 (Europe/London)"),
        ("half an hour ago", LONDON, PAST, "half an hour ago → Tue 24 Nov 11:30 (Europe/London)"),
        ("ah ago", LONDON, PAST, "not understood: try 2h ago, yesterday 18:00, in 3h"),
        (
            "2026-11-20T18:30+15:00",
            LONDON,
            PAST,
            "not understood: '2026-11-20T18:30+15:00' does not have a valid UTC offset",
        ),
    ],
)
def test_describe_when_reads_new_forms_in_the_direction(
    text: str, tz: ZoneInfo, direction: Direction, expected: str
) -> None:
    assert describe_when(text, now=NOW, tz=tz, direction=direction) == expected


def test_suggestions_offer_only_what_the_direction_takes() -> None:
    past = when_suggestions("", now=NOW, tz=LONDON, direction=PAST)
    future = when_suggestions("", now=NOW, tz=LONDON, direction=FUTURE)
    _check_choices(future)
    past_values = [value for _, value in past]
    future_values = [value for _, value in future]
    assert (past_values[0], past_values[1]) == ("now", "30m ago")
    assert (future_values[0], future_values[1]) == ("now", "in 1h")
    # At 12:00 only "now" and "today 12:00" are both a log's time and a plan's.
    assert set(past_values) & set(future_values) == {"now", "today 12:00"}
    # Every one offered is taken: a log's up to a minute ahead, a plan's from 5 minutes back.
    for value in past_values:
        require_past(parse_when(value, now=NOW, tz=LONDON, direction=PAST), NOW)
    for name, value in future:
        require_future(parse_when(value, now=NOW, tz=LONDON, direction=FUTURE), NOW)
        assert name == describe_when(value, now=NOW, tz=LONDON, direction=FUTURE)
        assert not name.startswith("not understood")


def test_suggestions_offer_the_new_words() -> None:
    past = [v for _, v in when_suggestions("", now=NOW, tz=LONDON, direction=PAST)]
    future = [v for _, v in when_suggestions("", now=NOW, tz=LONDON, direction=FUTURE)]
    for form in ("this morning", "last night", "yesterday evening", "last saturday"):
        assert form in past and form not in future
    for form in ("tonight", "tomorrow morning", "next saturday"):
        assert form in future and form not in past


@pytest.mark.parametrize(
    ("typed", "direction", "expected"),
    [
        (
            "sat",
            PAST,
            [
                ("sat → Sat 21 Nov 12:00 (Europe/London)", "sat"),
                ("last saturday → Sat 21 Nov 12:00 (Europe/London)", "last saturday"),
            ],
        ),
        (
            "sat",
            FUTURE,
            [
                ("sat → Sat 28 Nov 12:00 (Europe/London)", "sat"),
                ("next saturday → Sat 28 Nov 12:00 (Europe/London)", "next saturday"),
            ],
        ),
        (
            "night",
            FUTURE,
            [
                ("not understood: try 2h ago, yesterday 18:00, in 3h", "night"),
                ("tonight → Tue 24 Nov 21:00 (Europe/London)", "tonight"),
            ],
        ),
        ("6am", FUTURE, [("6am → Wed 25 Nov 06:00 (Europe/London)", "6am")]),
        ("9pm", PAST, [("9pm → Mon 23 Nov 21:00 (Europe/London)", "9pm")]),
    ],
)
def test_suggestions_for_typed_new_forms(
    typed: str, direction: Direction, expected: list[tuple[str, str]]
) -> None:
    assert when_suggestions(typed, now=NOW, tz=LONDON, direction=direction) == expected


# --- properties of the directions -------------------------------------------------------------


@settings(max_examples=300)
@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=zone_names,
    now=nows,
    direction=directions,
)
def test_bare_clock_lands_within_a_day_on_the_allowed_side(
    hour: int, minute: int, zone: str, now: datetime, direction: Direction
) -> None:
    tz = ZONES[zone]
    at = parse_when(f"{hour:02d}:{minute:02d}", now=now, tz=tz, direction=direction)
    if direction is PAST:
        require_past(at, now)
        assert now - at < timedelta(hours=26)
    else:
        require_future(at, now)
        assert at - now < timedelta(hours=26)
    local = at.astimezone(tz)
    wall = datetime.combine(local.date(), time(hour, minute))
    assert timedelta(0) <= local.replace(tzinfo=None) - wall <= timedelta(hours=1)


@settings(max_examples=300)
@given(
    weekday=st.sampled_from(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    ),
    hour=st.integers(0, 23),
    zone=zone_names,
    now=nows,
    direction=directions,
)
def test_weekday_is_that_day_within_a_week_on_the_allowed_side(
    weekday: str, hour: int, zone: str, now: datetime, direction: Direction
) -> None:
    tz = ZONES[zone]
    today = now.astimezone(tz).date()
    at = parse_when(f"{weekday} {hour:02d}:00", now=now, tz=tz, direction=direction)
    local = at.astimezone(tz)
    assert local.strftime("%A").lower() == weekday
    if direction is PAST:
        require_past(at, now)
        assert timedelta(0) <= today - local.date() <= timedelta(days=7)
    else:
        require_future(at, now)
        assert timedelta(0) <= local.date() - today <= timedelta(days=7)
    last = parse_when(f"last {weekday}", now=now, tz=tz, direction=direction)
    assert timedelta(days=1) <= today - last.astimezone(tz).date() <= timedelta(days=7)
    after = parse_when(f"next {weekday}", now=now, tz=tz, direction=direction)
    assert timedelta(days=1) <= after.astimezone(tz).date() - today <= timedelta(days=7)
