"""The intensity of a run read from a watch file (advice-rules.md, "Heart-rate zones").

With the member's maximum heart rate: average / maximum below 75% is LOW, 75% to 85% (both
ends included) MODERATE, above 85% HIGH. Without it (or without a heart rate in the file):
the run's speed against the median speed of the member's last 10 easy or recovery runs, when
there are at least 3: up to 1.05 times it LOW, above 1.05 and up to 1.15 MODERATE, above 1.15
HIGH. With neither: LOW. The run type is the usual one of the intensity: easy, steady, tempo.
The numbers are defaults: a club sets its own under `[advice]` (AdviceRules, which the caller
passes in).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from fractions import Fraction

from bot.core.models import AdviceRules, Intensity, RunType, Units
from bot.core.units import format_speed

RUN_TYPE_FOR: dict[Intensity, RunType] = {
    Intensity.LOW: RunType.EASY,
    Intensity.MODERATE: RunType.STEADY,
    Intensity.HIGH: RunType.TEMPO,
}


def run_type_for(intensity: Intensity) -> RunType:
    return RUN_TYPE_FOR[intensity]


def _percent_text(share: Fraction, intensity: Intensity) -> str:
    """The share in percent to one decimal, rounded toward its own band, so that a run just
    above 85% never reads "85%" (and one just below 75% never reads "75%")."""
    tenths = share * 1000
    if intensity is Intensity.HIGH:
        shown = -((-tenths.numerator) // tenths.denominator)  # ceiling
    elif intensity is Intensity.LOW:
        shown = tenths.numerator // tenths.denominator  # floor
    else:
        shown = round(tenths)
    whole, tenth = divmod(shown, 10)
    return f"{whole}%" if tenth == 0 else f"{whole}.{tenth}%"


def _ratio_text(ratio: float, intensity: Intensity, rules: AdviceRules) -> str:
    """The speed ratio to two decimals, never at or below the limit its band lies above, so
    that a steady run just over 1.05 times never reads "1.05 times" (up to that is easy)."""
    above = {
        Intensity.MODERATE: rules.speed_low_up_to,
        Intensity.HIGH: rules.speed_moderate_up_to,
    }.get(intensity)
    hundredths = round(ratio * 100)
    if above is not None:
        # 1.15 * 100 is 114.99999999999999 in floats: the limit in hundredths, as written.
        limit = round(above * 100, 9)
        if hundredths <= limit:
            hundredths = math.floor(limit) + 1
    return f"{hundredths / 100:.2f}"


def _by_heart_rate(avg_hr: int, max_hr: int, rules: AdviceRules) -> tuple[Intensity, str]:
    # Exact arithmetic: 150 of 200 is exactly 75%, whatever floats would make of it.
    share = Fraction(avg_hr, max_hr)
    if share * 100 < rules.hr_low_below_percent:
        intensity = Intensity.LOW
    elif share * 100 <= rules.hr_high_above_percent:
        intensity = Intensity.MODERATE
    else:
        intensity = Intensity.HIGH
    how = (
        f"from your average heart rate: {avg_hr} bpm is {_percent_text(share, intensity)} "
        f"of your max of {max_hr}"
    )
    return intensity, how


def guess_intensity(
    avg_hr: int | None,
    max_hr_setting: int | None,
    speed_kmh: float | None,
    recent_easy_speeds: Sequence[float],
    rules: AdviceRules,
    units: Units = Units.KM,
) -> tuple[Intensity, str]:
    """The run's intensity and a sentence on how it was chosen, its speeds in `units`.

    `recent_easy_speeds` are the speeds (km/h) of the member's easy and recovery runs, newest
    first; the first `rules.recent_easy_runs` of them count.
    """
    if avg_hr is not None and avg_hr > 0 and max_hr_setting is not None and max_hr_setting > 0:
        return _by_heart_rate(avg_hr, max_hr_setting, rules)
    recent = [s for s in recent_easy_speeds[: rules.recent_easy_runs] if s > 0]
    if speed_kmh is not None and speed_kmh > 0 and len(recent) >= rules.min_easy_runs:
        median = statistics.median(recent)
        ratio = speed_kmh / median
        if ratio <= rules.speed_low_up_to:
            intensity = Intensity.LOW
        elif ratio <= rules.speed_moderate_up_to:
            intensity = Intensity.MODERATE
        else:
            intensity = Intensity.HIGH
        how = (
            f"from your pace against your recent easy runs: {format_speed(speed_kmh, units)} is "
            f"{_ratio_text(ratio, intensity, rules)} times the median"
            f" {format_speed(median, units)} of your last {len(recent)}"
        )
        return intensity, how
    if avg_hr is not None and max_hr_setting is None:
        missing = "no maximum heart rate set"
    else:
        missing = "no heart rate"
    if speed_kmh is None:
        reason = f"{missing} and no speed to compare: assumed easy"
    else:
        reason = (
            f"{missing} and fewer than {rules.min_easy_runs} easy runs to compare: assumed easy"
        )
    return Intensity.LOW, reason
