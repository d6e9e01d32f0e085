"""The words the bot writes runs, durations and days with (bot/core/wording.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import RunType
from bot.core.wording import (
    day_label,
    defused,
    duration_words,
    is_now,
    local_label,
    number_word,
    run_label,
    run_name,
    run_noun,
    typed_inline,
)


@pytest.mark.parametrize("run_type", RunType)
def test_a_run_name_is_a_title_and_a_noun_fits_in_a_sentence(run_type: RunType) -> None:
    """run_name starts a title ("Sprints (hard) at ..."), run_noun follows "this" in a reply."""
    name, noun = run_name(run_type), run_noun(run_type)
    assert name[0].isupper()
    assert name != noun
    if run_type is not RunType.HIIT:
        assert noun[0].islower()


@pytest.mark.parametrize(
    ("run_type", "label"),
    [
        # README's /canirun example: "Sprints (hard) at Tue 24 Nov 2026 23:55 UTC".
        (RunType.SPRINTS, "Sprints (hard)"),
        (RunType.TEMPO, "Tempo run (hard)"),
        (RunType.STEADY, "Steady run (moderate)"),
        (RunType.RECOVERY, "Recovery run (easy)"),
        # The name already says how hard it is.
        (RunType.EASY, "Easy run"),
    ],
)
def test_run_label_adds_the_intensity_unless_the_name_says_it(
    run_type: RunType, label: str
) -> None:
    assert run_label(run_type) == label


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "less than a minute"),
        (1, "1 minute"),
        (2, "2 minutes"),
        (59, "59 minutes"),
        (60, "1 hour"),
        (61, "1 hour 1 minute"),
        (125, "2 hours 5 minutes"),
        (48 * 60, "48 hours"),
    ],
)
def test_duration_words(minutes: int, words: str) -> None:
    assert duration_words(minutes) == words


@pytest.mark.parametrize(
    ("apart", "now"),
    [
        (timedelta(0), True),
        (timedelta(seconds=59), True),
        (-timedelta(seconds=59), True),
        (timedelta(minutes=1), False),
        (-timedelta(minutes=1), False),
    ],
)
def test_within_a_minute_is_now(apart: timedelta, now: bool) -> None:
    asked = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert is_now(asked + apart, asked) is now


def test_day_label_adds_the_year_only_when_it_is_not_today_s() -> None:
    assert day_label(date(2026, 11, 24)) == "Tue 24 Nov"
    assert day_label(date(2026, 11, 24), today=date(2026, 1, 2)) == "Tue 24 Nov"
    assert day_label(date(2025, 11, 24), today=date(2026, 1, 2)) == "Mon 24 Nov 2025"


@pytest.mark.parametrize(
    ("zone", "at", "label"),
    [
        # New York goes back from 02:00 EDT to 01:00 EST on Sunday 1 November 2026.
        ("America/New_York", datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "Sun 1 Nov 01:30 EDT"),
        ("America/New_York", datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "Sun 1 Nov 01:30 EST"),
        ("America/New_York", datetime(2026, 11, 1, 7, 30, tzinfo=UTC), "Sun 1 Nov 02:30"),
        # Lord Howe goes back half an hour, 02:00 to 01:30, on Sunday 5 April 2026; its zone
        # has no letters for its offsets, so the offset is written out.
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 14, 45, tzinfo=UTC), "Sun 5 Apr 01:45 UTC+11"),
        (
            "Australia/Lord_Howe",
            datetime(2026, 4, 4, 15, 15, tzinfo=UTC),
            "Sun 5 Apr 01:45 UTC+10:30",
        ),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 14, 15, tzinfo=UTC), "Sun 5 Apr 01:15"),
        # West of Greenwich, with no letters either: Santiago goes back from 00:00 -03 to
        # 23:00 -04 on Saturday 3 April 2027, the Azores from 01:00 +00 to 00:00 -01 on Sunday
        # 31 October 2027 (an offset of 0 is written +0).
        ("America/Santiago", datetime(2027, 4, 4, 2, 30, tzinfo=UTC), "Sat 3 Apr 23:30 UTC-3"),
        ("America/Santiago", datetime(2027, 4, 4, 3, 30, tzinfo=UTC), "Sat 3 Apr 23:30 UTC-4"),
        ("Atlantic/Azores", datetime(2027, 10, 31, 0, 30, tzinfo=UTC), "Sun 31 Oct 00:30 UTC+0"),
        ("Atlantic/Azores", datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "Sun 31 Oct 00:30 UTC-1"),
    ],
)
def test_a_local_label_in_the_hour_the_clocks_go_back_says_which_of_the_two_it_is(
    zone: str, at: datetime, label: str
) -> None:
    """A wall time of the repeated hour stands for two moments an hour (Lord Howe: half an
    hour) apart. A plain-text label (an autocomplete choice, /delete's and /remind cancel's
    lists) that shows only the clock cannot tell a log of 01:30 EDT from one of 01:30 EST, nor
    say which of them a typed 01:30 was read as; with the zone's offset it can. Any other
    time is shown as before."""
    assert local_label(at, ZoneInfo(zone)) == label


def test_local_label_takes_the_year_in_the_members_zone() -> None:
    """On New Year's Eve in Los Angeles it is already next year in UTC (and on most hosts):
    a moment of this year must not get a year."""
    la = ZoneInfo("America/Los_Angeles")
    now = datetime(2027, 1, 1, 5, 0, tzinfo=UTC)  # 31 Dec 2026 21:00 in Los Angeles
    assert local_label(datetime(2026, 12, 30, 20, 15, tzinfo=UTC), la, now) == "Wed 30 Dec 12:15"
    assert local_label(datetime(2025, 12, 30, 20, 15, tzinfo=UTC), la, now) == (
        "Tue 30 Dec 2025 12:15"
    )


ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        # One line: newlines, tabs and runs of spaces become single spaces.
        ("  easy\n\trun   today ", None, "easy run today"),
        # Cut only beyond the limit, to exactly `limit` characters with the ellipsis.
        ("abcde", 5, "abcde"),
        ("abcdef", 5, "abcd…"),
        # The limit counts the text as shown on one line, not as typed.
        ("ab\n\ncd", 5, "ab cd"),
        # No markdown of its own, no mention syntax.
        ("[x](https://e.x) **b** `c` #h", None, r"\[x\]\(https://e.x\) \*\*b\*\* \`c\` \#h"),
        ("hi @everyone <@123>", None, f"hi @{ZWSP}everyone <{ZWSP}@{ZWSP}123\\>"),
    ],
)
def test_typed_inline_is_one_line_whole_up_to_its_limit_and_inert(
    text: str, limit: int | None, shown: str
) -> None:
    assert typed_inline(text, limit) == shown


def test_defused_breaks_every_mention_but_keeps_the_words() -> None:
    assert defused("<@&1> and @here") == f"<{ZWSP}@{ZWSP}&1> and @{ZWSP}here"


@pytest.mark.parametrize(("count", "word"), [(0, "zero"), (1, "one"), (4, "four"), (12, "twelve"),
                                             (13, "13"), (-1, "-1")])  # fmt: skip
def test_small_counts_are_written_as_words_and_larger_ones_in_digits(count: int, word: str) -> None:
    assert number_word(count) == word
