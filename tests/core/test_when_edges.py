"""Edges of reading a time (mutation round 2): the ISO form with its own offset at the limits
of a clock, the option a refusal names, and the skipped wall time a reply must mention. Expected
instants are worked out by hand in the comments."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.errors import InputError
from bot.core.when import (
    Direction,
    describe_when,
    log_time,
    parse_hhmm,
    parse_when,
    read_when,
    require_future,
    require_past,
    skipped_day,
    skipped_wall,
    when_suggestions,
)
from bot.core.when.amounts import _OVERFLOW_GUARD_DAYS
from bot.core.when.clock import pick
from bot.core.when.common import CLOCK_MAX, HINT, WHEN_MAX, echo

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The last second of a day, five hours ahead of UTC: 18:59:59 UTC.
        ("2026-03-10T23:59:59+05:00", datetime(2026, 3, 10, 18, 59, 59, tzinfo=UTC)),
        # An offset of 5 h 59 min is a real offset: 12:00 less it is 06:01 UTC.
        ("2026-03-10T12:00:00+05:59", datetime(2026, 3, 10, 6, 1, tzinfo=UTC)),
    ],
)
def test_an_iso_time_with_its_offset_at_the_clocks_limits(text: str, expected: datetime) -> None:
    assert read_when(text, now=NOW, tz=NEW_YORK).at == expected


@pytest.mark.parametrize(
    "text", ["2026-03-10T24:00:00Z", "2026-03-10T10:60:00Z", "2026-03-10T10:00:60Z"]
)
def test_an_iso_time_past_the_clocks_limits_is_refused_naming_the_option(text: str) -> None:
    with pytest.raises(InputError) as refusal:
        read_when(text, now=NOW, tz=NEW_YORK)
    assert refusal.value.option == "when"
    assert "is not a valid time of day" in str(refusal.value)


def test_a_wall_time_the_clocks_skipped_is_reported_and_a_real_one_is_not() -> None:
    # 02:30 on 8 March 2026 did not happen in New York: 03:30 EDT (07:30 UTC) is taken.
    read = read_when("2026-03-08 02:30", now=NOW, tz=NEW_YORK)
    assert read == (datetime(2026, 3, 8, 7, 30, tzinfo=UTC), time(2, 30))
    read = read_when("2026-03-09 02:30", now=NOW, tz=NEW_YORK)
    assert read == (datetime(2026, 3, 9, 6, 30, tzinfo=UTC), None)  # EDT: UTC-4


def test_a_skipped_wall_time_belongs_to_the_day_it_was_asked_on_to_the_minute() -> None:
    """New York's gap is inside a day: 02:30 on Sunday 8 March 2026 is Sunday's. Nuuk's ends
    Saturday 28 March 2026 (23:00 to Sunday 00:00): Saturday's 23:30 lands on Sunday 00:30 and
    is still Saturday's, also when the moment was cut to its whole minute (a plan's `now` wall
    time holds seconds) and the wall time was not."""
    assert skipped_day(datetime(2026, 3, 8, 7, 30, tzinfo=UTC), time(2, 30), NEW_YORK) == (
        datetime(2026, 3, 8).date()
    )
    nuuk = ZoneInfo("America/Nuuk")
    moved = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # Sunday 00:30 at -01:00
    saturday = datetime(2026, 3, 28).date()
    assert skipped_day(moved, time(23, 30), nuuk) == saturday
    assert skipped_day(moved, time(23, 30, 40), nuuk) == saturday
    # Seconds or their fractions on either side alone: the minute decides.
    assert skipped_day(moved, time(23, 30, 40, 500_000), nuuk) == saturday
    assert skipped_day(moved + timedelta(seconds=40), time(23, 30), nuuk) == saturday
    assert skipped_day(moved + timedelta(microseconds=250_000), time(23, 30), nuuk) == saturday


def test_a_kept_wall_time_is_said_to_be_moved_only_where_a_gap_moved_it() -> None:
    """A check-in's or the daily post's next time: 02:30 on 8 March 2026 in New York is 03:30
    EDT, moved; 02:30 the day after is itself; a moment that is no occurrence of 02:30 (a retry,
    a post due now) was not moved. Nuuk's Saturday 23:30 lands on Sunday 00:30, moved."""
    wall = time(2, 30)
    assert skipped_wall(datetime(2026, 3, 8, 7, 30, tzinfo=UTC), wall, NEW_YORK) == wall
    assert skipped_wall(datetime(2026, 3, 9, 6, 30, tzinfo=UTC), wall, NEW_YORK) is None
    assert skipped_wall(datetime(2026, 3, 8, 7, 31, tzinfo=UTC), wall, NEW_YORK) is None
    nuuk = ZoneInfo("America/Nuuk")
    moved = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert skipped_wall(moved, time(23, 30), nuuk) == time(23, 30)


def test_a_label_in_the_repeated_hour_says_which_01_30_a_log_and_a_plan_read() -> None:
    """At 01:10 EST on 1 November 2026 (New York's clocks went back at 02:00 EDT), "01:30" is
    for a log the 01:30 that happened (EDT, 40 minutes ago) and for a plan the one to come
    (EST, in 20 minutes): the labels show it."""
    now = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)
    log = describe_when("01:30", now=now, tz=NEW_YORK, direction=Direction.PAST)
    plan = describe_when("01:30", now=now, tz=NEW_YORK, direction=Direction.FUTURE)
    assert log == "01:30 → Sun 1 Nov 01:30 EDT (America/New_York)"
    assert plan == "01:30 → Sun 1 Nov 01:30 EST (America/New_York)"


def test_a_plan_reads_a_bare_weekday_forward_in_the_members_zone() -> None:
    # Monday 1 June 2026, 08:00 in New York: "friday 18:00" for a plan is 5 June, 22:00 UTC.
    read = read_when("friday 18:00", now=NOW, tz=NEW_YORK, direction=Direction.FUTURE)
    assert read.at == datetime(2026, 6, 5, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("midday", time(12, 0)),
        ("1pm", time(13, 0)),
        ("1am", time(1, 0)),
        ("6 pm", time(18, 0)),
        ("06:30:59", time(6, 30, 59)),
    ],
)
def test_a_clock_time_in_the_words_members_use(text: str, expected: time) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("06:30:60", "'06:30:60' is not a valid time of day"),
        ("25:00", "'25:00' is not a valid time of day"),
        ("banana", "could not understand 'banana'. Use HH:MM, e.g. 06:30 or 18:00."),
        ("0" * (CLOCK_MAX + 1), "that is too long for a time"),
    ],
)
def test_a_clock_time_refused_quotes_what_was_typed_and_names_the_option(
    text: str, says: str
) -> None:
    with pytest.raises(InputError) as refusal:
        parse_hhmm(text, option="at")
    assert refusal.value.option == "at"
    assert says in str(refusal.value)
    assert str(refusal.value).endswith(". Use HH:MM, e.g. 06:30 or 18:00.")  # what is allowed


def test_a_clock_time_over_its_limit_is_refused_in_so_many_words() -> None:
    with pytest.raises(InputError) as refusal:
        parse_hhmm("0" * (CLOCK_MAX + 1), option="at")
    assert (
        str(refusal.value) == "`at`: that is too long for a time. Use HH:MM, e.g. 06:30 or 18:00."
    )


def test_a_quoted_text_is_whole_up_to_the_options_limit_and_cut_beyond_it() -> None:
    assert echo("a" * WHEN_MAX) == "a" * WHEN_MAX
    assert echo("a" * (WHEN_MAX + 5)) == "a" * (WHEN_MAX - 1) + "…"
    assert echo("18:00 tomorrow", 5) == "18:0…"


@pytest.mark.parametrize("text", ["2 hours and ago", "2h, ago", "2h; ago"])
def test_an_amount_that_trails_off_is_refused_quoting_it(text: str) -> None:
    with pytest.raises(InputError) as refusal:
        read_when(text, now=NOW, tz=NEW_YORK)
    assert f"'{text}'" in str(refusal.value)


def test_suggestions_match_a_typed_text_of_several_words() -> None:
    choices = when_suggestions("next   SAT", now=NOW, tz=NEW_YORK, direction=Direction.FUTURE)
    assert "next saturday" in [value for _, value in choices]


def test_an_empty_clock_time_is_refused_as_empty() -> None:
    # Once "could not understand ''", which hid that nothing was typed; an empty `when` is
    # refused in these words too.
    for empty in ("", "   "):
        with pytest.raises(InputError) as refusal:
            parse_hhmm(empty)
        assert str(refusal.value) == (
            "`time`: is empty, and empty is not a moment. Use HH:MM, e.g. 06:30 or 18:00."
        )


def test_the_366_days_are_measured_between_instants_not_calendar_days() -> None:
    # 23:50 GMT on Saturday 28 March 2026, the last hour before the clocks go forward. 30 March
    # 2027 is 367 calendar days on, but in summer time (BST from 28 March 2027): its 00:00 is
    # 23:00 UTC on the 29th, 365 days 23 h 10 min from now, within the 366 days.
    now = datetime(2026, 3, 28, 23, 50, tzinfo=UTC)
    assert read_when("2027-03-30 00:00", now=now, tz=LONDON).at == datetime(
        2027, 3, 29, 23, 0, tzinfo=UTC
    )
    # Its 01:00 BST (00:00 UTC on the 30th) is 366 days 10 min away: too far.
    with pytest.raises(InputError, match="more than 366 days ahead"):
        read_when("2027-03-30 01:00", now=now, tz=LONDON)
    # A date 366 calendar days ahead at noon is 365 days 12 h 10 min away.
    assert read_when("2027-03-29", now=now, tz=LONDON).at == datetime(
        2027, 3, 29, 11, 0, tzinfo=UTC
    )


def test_an_iso_time_in_the_fall_back_hour_is_the_one_that_happened_for_a_log() -> None:
    # London falls back at 02:00 BST on 25 October 2026: 01:30 is at 00:30 UTC (BST) and again
    # at 01:30 UTC (GMT). At 01:00 UTC the first has happened and the second has not.
    now = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    log = read_when("2026-10-25 01:30", now=now, tz=LONDON, direction=Direction.PAST)
    plan = read_when("2026-10-25 01:30", now=now, tz=LONDON, direction=Direction.FUTURE)
    assert log.at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert plan.at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_a_race_day_refused_gives_the_races_examples_not_the_usual_ones() -> None:
    # /race set's `date` wants a day: its refusal carries its own hint (README: "e.g.
    # `2027-04-25`, `next sunday`, `in 3 weeks`").
    day_hint = "Try a date like 2027-04-25, next sunday, or in 3 weeks."
    with pytest.raises(InputError) as refused:
        parse_when("banana", now=NOW, tz=LONDON, option="date", hint=day_hint)
    assert str(refused.value).startswith("`date`: ")
    assert str(refused.value).endswith(f"'banana'. {day_hint}")
    assert HINT not in str(refused.value)


def test_a_log_in_the_future_and_a_plan_in_the_past_say_which_it_is() -> None:
    # README: "A log cannot be in the future ...; a plan cannot be more than five minutes in
    # the past".
    with pytest.raises(InputError) as refused:
        require_past(NOW + timedelta(minutes=2), NOW)
    assert str(refused.value).startswith("`when`: that is in the future;")
    with pytest.raises(InputError) as refused:
        require_future(NOW - timedelta(minutes=6), NOW, option="when")
    assert str(refused.value).startswith("`when`: that is in the past;")


def test_a_log_time_is_kept_when_past_now_within_the_slack_and_refused_beyond() -> None:
    # PAST_SLACK is a minute: a log time up to a minute ahead (the member's clock ahead of the
    # bot's) is logged as now, so that what reads the log up to now counts it.
    earlier = NOW - timedelta(hours=2)
    assert log_time(earlier, NOW) == earlier
    assert log_time(NOW + timedelta(seconds=30), NOW) == NOW
    with pytest.raises(InputError) as refused:
        log_time(NOW + timedelta(minutes=2), NOW)
    assert str(refused.value).startswith("`when`: that is in the future;")
    with pytest.raises(InputError) as refused:
        log_time(NOW + timedelta(minutes=2), NOW, option="at")
    assert refused.value.option == "at"


def test_a_clock_time_of_the_options_full_length_is_read_and_quoted_whole() -> None:
    # CLOCK_MAX characters are still read (and quoted whole when not a time); one more is too
    # long to be a time at all.
    text = "x" * CLOCK_MAX
    with pytest.raises(InputError) as refusal:
        parse_hhmm(text, option="at")
    assert f"could not understand '{text}'" in str(refusal.value)


def test_when_no_candidate_fits_the_one_nearest_to_now_is_picked() -> None:
    # pick's docstring: with none acceptable, the one nearest to now (the caller then refuses it).
    # Two occurrences of 01:30 on London's fall-back night, 00:30 and 01:30 UTC, both a day gone:
    # a plan picks the later, nearer one; a log of two times still to come picks the earlier.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    a_day_later = datetime(2026, 10, 26, 1, 0, tzinfo=UTC)
    assert pick([first, second], a_day_later, Direction.FUTURE) == second
    assert pick([second, first], a_day_later, Direction.FUTURE) == second
    a_day_before = datetime(2026, 10, 24, 1, 0, tzinfo=UTC)
    assert pick([second, first], a_day_before, Direction.PAST) == first
    # Through read_when: a plan for that night, read a day later, is its second 01:30.
    read = read_when("2026-10-25 01:30", now=a_day_later, tz=LONDON, direction=Direction.FUTURE)
    assert read.at == second


@pytest.mark.parametrize(
    ("days", "says"),
    [
        # Up to the overflow guard, the 366-day check answers, knowing the direction.
        (_OVERFLOW_GUARD_DAYS, "that is more than 366 days ahead"),
        # Beyond it (a count datetime arithmetic could not hold), the guard answers, quoting.
        (_OVERFLOW_GUARD_DAYS + 1, "is far more than 366 days away"),
        (2 * _OVERFLOW_GUARD_DAYS - 1, "is far more than 366 days away"),
    ],
)
def test_a_huge_amount_is_refused_by_the_guard_only_beyond_it(days: int, says: str) -> None:
    with pytest.raises(InputError, match=says):
        read_when(f"in {days} days", now=NOW, tz=NEW_YORK, direction=Direction.FUTURE)


def test_a_long_typed_text_is_cut_in_its_label_and_the_reading_kept_whole() -> None:
    # Nine hours before 12:00 UTC on 1 June 2026 is 03:00 UTC, 23:00 EDT on Sunday 31 May.
    text = "1 hour and " * 8 + "1 hour ago"
    label = describe_when(text, now=NOW, tz=NEW_YORK)
    reading = " → Sun 31 May 23:00 (America/New_York)"
    assert label.endswith("…" + reading)
    assert text.startswith(label.removesuffix("…" + reading))
    assert len(label) <= 100
