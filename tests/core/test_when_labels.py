"""Autocomplete labels for a time option: at most 100 characters (Discord's limit for a
choice's name), the reading of what was typed always visible at the end."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.when import describe_when
from bot.core.when.suggest import _fit

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "limit", "fitted"),
    [
        ("a" * 100, 100, "a" * 100),
        ("a" * 101, 100, "a" * 99 + "…"),
        ("abc", 1, "…"),
        ("abc", 0, "…"),
    ],
)
def test_fit_cuts_with_an_ellipsis_within_the_limit(text: str, limit: int, fitted: str) -> None:
    assert _fit(text, limit) == fitted


def test_a_label_is_the_typed_text_and_its_reading() -> None:
    """The label shows the typed text tidied up, then how it reads, with the zone."""
    typed = "2h" + " " * 5 + "ago"
    assert describe_when(typed, now=NOW, tz=UTC_ZONE) == "2h ago → Tue 24 Nov 18:00 (UTC)"
    long_zone = ZoneInfo("America/Argentina/ComodRivadavia")
    label = describe_when("yesterday 18:00", now=NOW, tz=long_zone)
    assert label == "yesterday 18:00 → Mon 23 Nov 18:00 (America/Argentina/ComodRivadavia)"


@pytest.mark.parametrize("text", ["x" * 150, "in 9999999 weeks"])
def test_text_that_cannot_be_read_gets_the_short_hint(text: str) -> None:
    assert describe_when(text, now=NOW, tz=UTC_ZONE) == (
        "not understood: try 2h ago, yesterday 18:00, in 3h"
    )
