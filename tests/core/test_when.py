"""Expected instants are written out by hand as UTC, from each zone's known offset on the day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InputError
from bot.core.when import (
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
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
AUCKLAND = ZoneInfo("Pacific/Auckland")
ZONES = {"london": LONDON, "new_york": NEW_YORK, "kolkata": KOLKATA, "auckland": AUCKLAND}


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, sec: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


def parse(text: str | None, tz: ZoneInfo = LONDON, now: datetime = NOW) -> datetime:
    return parse_when(text, now=now, tz=tz)


# --- now and relative amounts ---------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "   ", "now", "NOW", "  Now  ", "today", "Today"])
@pytest.mark.parametrize("zone", ZONES)
def test_now_forms_are_now(text: str | None, zone: str) -> None:
    assert parse(text, ZONES[zone]) == NOW


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
    ("zone", "text", "expected"),
    [
        ("london", "18:30", utc(2026, 11, 24, 18, 30)),
        ("london", "06:30", utc(2026, 11, 24, 6, 30)),
        ("london", "7pm", utc(2026, 11, 24, 19, 0)),
        ("new_york", "18:30", utc(2026, 11, 24, 23, 30)),
        ("kolkata", "18:30", utc(2026, 11, 24, 13, 0)),
        # Auckland's today is already the 25th.
        ("auckland", "18:30", utc(2026, 11, 25, 5, 30)),
        ("auckland", "00:30", utc(2026, 11, 24, 11, 30)),
    ],
)
def test_bare_clock_is_today_local(zone: str, text: str, expected: datetime) -> None:
    assert parse(text, ZONES[zone]) == expected


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
        ("new_york", "2026-11-01 01:30", utc(2026, 11, 1, 5, 30)),  # EDT, not EST
        ("auckland", "2026-04-05 02:30", utc(2026, 4, 4, 13, 30)),  # NZDT, not NZST
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
        ("monday 18:00", "could not understand"),
        ("20/11/2026", "could not understand"),
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


def test_echoed_text_is_short_and_has_no_backticks() -> None:
    with pytest.raises(InputError) as caught:
        parse("``` @everyone " + "x" * 40)
    assert "```" not in caught.value.message
    assert "x" * 40 not in caught.value.message


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("now", now=datetime(2026, 11, 24, 12, 0), tz=LONDON)


def test_now_in_another_zone_is_normalised_to_utc() -> None:
    now = NOW.astimezone(KOLKATA)
    result = parse_when("2h ago", now=now, tz=LONDON)
    assert result == utc(2026, 11, 24, 10, 0)
    assert result.tzinfo is UTC


zone_names = st.sampled_from(sorted(ZONES))
nows = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@settings(max_examples=300)
@given(text=st.text(max_size=80), zone=zone_names, now=nows)
def test_parse_when_returns_utc_in_range_or_raises_input_error(
    text: str, zone: str, now: datetime
) -> None:
    try:
        at = parse_when(text, now=now, tz=ZONES[zone])
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
        ("", LONDON, "now → Tue 24 Nov 12:00 (Europe/London)"),
        ("now", NEW_YORK, "now → Tue 24 Nov 07:00 (America/New_York)"),
        ("  2h   ago ", KOLKATA, "2h ago → Tue 24 Nov 15:30 (Asia/Kolkata)"),
        ("18:30", AUCKLAND, "18:30 → Wed 25 Nov 18:30 (Pacific/Auckland)"),
        ("2026-12-03", LONDON, "2026-12-03 → Thu 3 Dec 12:00 (Europe/London)"),
        ("2026-01-01 08:00", LONDON, "2026-01-01 08:00 → Thu 1 Jan 08:00 (Europe/London)"),
        ("in 60d", LONDON, "in 60d → Sat 23 Jan 2027 12:00 (Europe/London)"),
        ("blah", LONDON, "not understood: try 2h ago, yesterday 18:00, in 3h"),
        ("25:00", LONDON, "not understood: '25:00' is not a valid time of day"),
        ("2026-02-30", LONDON, "not understood: '2026-02-30' is not a real date"),
        ("400d ago", LONDON, "not understood: that is more than 366 days ago"),
    ],
)
def test_describe_when(text: str, tz: ZoneInfo, expected: str) -> None:
    assert describe_when(text, now=NOW, tz=tz) == expected


def test_describe_when_fits_the_longest_zone_name() -> None:
    longest = max(available_timezones(), key=len)
    label = describe_when("yesterday 18:00", now=NOW, tz=ZoneInfo(longest))
    assert len(label) <= 100
    assert label.endswith(f"({longest})")


def test_describe_when_never_raises_for_a_naive_now() -> None:
    assert describe_when("now", now=datetime(2026, 11, 24), tz=LONDON).startswith("not under")


@settings(max_examples=500)
@given(text=st.text(max_size=300), zone=zone_names, now=nows)
def test_describe_when_never_raises_and_fits(text: str, zone: str, now: datetime) -> None:
    label = describe_when(text, now=now, tz=ZONES[zone])
    assert 1 <= len(label) <= 100


@given(
    text=st.text(alphabet="0123456789:-. tamphdinogoyesterdayT", max_size=40),
    now=st.datetimes(timezones=st.just(UTC)),
)
def test_describe_when_never_raises_even_at_the_ends_of_time(text: str, now: datetime) -> None:
    label = describe_when(text, now=now, tz=AUCKLAND)
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
    for form in ("1h ago", "2h ago", "yesterday 18:00", "today 07:00", "tomorrow 06:00", "in 3h"):
        assert form in values
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
@given(text=st.text(max_size=300), zone=zone_names, now=nows)
def test_suggestions_always_fit_discord_limits(text: str, zone: str, now: datetime) -> None:
    _check_choices(when_suggestions(text, now=now, tz=ZONES[zone]))


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
    assert "unknown timezone" in caught.value.message


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
    names = timezone_suggestions("us", limit=600)
    starts = [name.lower().startswith("us") for name in names]
    assert any(starts)
    assert not all(starts)
    # Every name starting with the text comes before every name that merely contains it.
    assert starts == sorted(starts, reverse=True)
    prefixed = [name for name in names if name.lower().startswith("us")]
    assert prefixed == sorted(prefixed)
    assert all("us" in name.lower() for name in names)


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
