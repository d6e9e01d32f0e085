"""Review 31: how a watch run's type was chosen reads as the contract's bands
(advice-rules.md, "Heart-rate zones": by speed, up to 1.05 times the median of the recent easy
runs LOW, above 1.05 and up to 1.15 MODERATE, above 1.15 HIGH)."""

from __future__ import annotations

import pytest

from bot.activity_files.intensity import guess_intensity
from bot.core.models import Intensity

EASY = [10.0, 10.0, 10.0]


@pytest.mark.parametrize(
    ("speed", "intensity", "limit"),
    [
        # 10.52 / 10.0 = 1.052: above 1.05, so MODERATE; "1.05 times" is LOW's own limit.
        (10.52, Intensity.MODERATE, "1.05 times"),
        # 11.52 / 10.0 = 1.152: above 1.15, so HIGH; "1.15 times" is MODERATE's own limit.
        (11.52, Intensity.HIGH, "1.15 times"),
    ],
)
def test_a_run_just_over_a_speed_limit_does_not_read_as_at_the_limit(
    speed: float, intensity: Intensity, limit: str
) -> None:
    """The reply says how the type was chosen; a steady run "1.05 times the median" would
    contradict the rule it quotes (up to 1.05 times is easy), as a heart rate just over 85%
    is never shown as 85%."""
    got, how = guess_intensity(None, None, speed, EASY)
    assert got is intensity
    assert limit not in how, how
