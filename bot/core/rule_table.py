"""The verdict rules of advice-rules.md as data: one ordered table, first match wins.

`advise` walks RULE_TABLE to decide; /help and the README describe the same rows, and tests
hold both to it, so the prose cannot drift from the decision. Each row's wording is a
`str.format` template: the club's numbers come from `club_wording(rules)` (every AdviceRules
field by name, e.g. `{window_hours}`), and a reply's reason also gets the case's own values
(`{run}`, `{since_last_hard}`, `{soreness}`, `{sore_why}`) from `advise`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from bot.core.models import (
    INTENSITY_OF,
    AdviceRules,
    Experience,
    Intensity,
    RunType,
    Verdict,
)

# The case's own values a reply's `reason` or `instead` may name; advise() supplies them.
# /help's `when` and `says` have no case, so they name club values only (and `{verdict}`).
CASE_FIELDS = frozenset({"run", "since_last_hard", "soreness", "sore_why"})


class Facts(NamedTuple):
    """What the rules look at, computed once from the plan, the leg days and the profile."""

    intensity: Intensity
    # t - last_hard, where last_hard is the newest HARD leg day at or before t; None if none.
    since_last_hard: timedelta | None
    # A soreness that was not given arrives here as 0, exactly as advise() has always read it.
    soreness: int
    minutes: int | None
    experience: Experience

    def hard_within(self, window: timedelta) -> bool:
        # Strictly less than: at exactly W after a hard leg day, hard running is fine again.
        return self.since_last_hard is not None and self.since_last_hard < window


@dataclass(frozen=True, slots=True)
class VerdictRule:
    """One row of the table. Templates are filled by `fill`; see the module docstring."""

    number: int
    verdict: Verdict
    code: str  # the Reason.code a reply carries when this rule decided
    applies: Callable[[Facts, AdviceRules], bool]
    when: str  # the condition, short, as /help states it
    says: str  # the outcome as /help states it; `{verdict}` marks where the verdict goes
    reason: str  # the reply's deciding reason
    instead: str | None  # the reply's easier alternative, when there is one


def _hard_soon_after_hard_legs(f: Facts, r: AdviceRules) -> bool:
    return f.intensity is Intensity.HIGH and f.hard_within(r.window)


def _sore_and_not_short_easy(f: Facts, r: AdviceRules) -> bool:
    too_long = f.minutes is not None and f.minutes > r.easy_minutes_max
    return f.soreness >= r.soreness_threshold and (f.intensity is not Intensity.LOW or too_long)


def _beginner_moderate_after_hard_legs(f: Facts, r: AdviceRules) -> bool:
    return (
        f.intensity is Intensity.MODERATE
        and f.hard_within(r.window)
        and f.experience is Experience.BEGINNER
    )


def _anything(f: Facts, r: AdviceRules) -> bool:
    del f, r
    return True


RULE_TABLE: tuple[VerdictRule, ...] = (
    VerdictRule(
        number=1,
        verdict=Verdict.WAIT,
        code="hard_leg_day_recent",
        applies=_hard_soon_after_hard_legs,
        when="A hard run ({high_runs}) less than {window_hours} h after a HARD leg day",
        says=(
            "{verdict} until then; an easy {easy_alternative_min_minutes}-{easy_minutes_max}"
            " minute run is fine now."
        ),
        reason=(
            "Your last hard leg day was {since_last_hard} before this {run} run. Hard running"
            " works the same fast-twitch fibres as heavy leg work, so keep it {window_hours}"
            " hours clear of a hard leg day."
        ),
        instead=(
            "An easy {easy_alternative_min_minutes}-{easy_minutes_max} minute run is fine right"
            " now: easy running uses different fibres and helps your legs recover."
        ),
    ),
    VerdictRule(
        number=2,
        verdict=Verdict.EASY_ONLY,
        code="sore_legs",
        applies=_sore_and_not_short_easy,
        when=(
            "Soreness {soreness_threshold} or more, and the run is not easy or is longer than"
            " {easy_minutes_max} min"
        ),
        says="{verdict}: about {easy_minutes_max} minutes, easy.",
        reason=(
            "Soreness {soreness}/10 ({soreness_threshold} or more) and {sore_why}. Sore legs are"
            " fine to run on, at low mileage and low intensity."
        ),
        instead=(
            "Keep it short and easy: about {easy_minutes_max} minutes or less, at a pace where"
            " you could hold a conversation."
        ),
    ),
    VerdictRule(
        number=3,
        verdict=Verdict.EASY_ONLY,
        code="beginner_moderate",
        applies=_beginner_moderate_after_hard_legs,
        when="A {moderate_runs} run within {window_hours} h of a HARD leg day, as a beginner",
        says="{verdict}: keep it conversational.",
        reason=(
            "You had a hard leg day within the last {window_hours} hours, and beginners easily"
            " drift into hard running on a {run} run without noticing."
        ),
        instead=(
            "Run it as an easy run instead, about {easy_minutes_max} minutes or less, at a"
            " conversational pace: if you cannot talk in full sentences, slow down."
        ),
    ),
    VerdictRule(
        number=4,
        verdict=Verdict.GO,
        code="clear",
        applies=_anything,
        when="Anything else",
        says="{verdict}.",
        reason="Nothing in your log calls for holding back on this {run} run.",
        instead=None,
    ),
)


def first_match(facts: Facts, rules: AdviceRules) -> VerdictRule:
    """The rule that decides: the first row whose condition holds (the last row always does)."""
    return next(rule for rule in RULE_TABLE if rule.applies(facts, rules))


def _run_name(run_type: RunType) -> str:
    return "HIIT" if run_type is RunType.HIIT else run_type.value


def _runs_of(intensity: Intensity, joiner: str) -> str:
    # From the same mapping advise() classifies with, so a new run type shows up by itself.
    return joiner.join(_run_name(rt) for rt, i in INTENSITY_OF.items() if i is intensity)


def club_wording(rules: AdviceRules) -> dict[str, str]:
    """The values a rule's wording may name: every AdviceRules field, plus the run types.

    Built per call from the club's settings (a fresh dict each time, nothing shared).
    """
    values = {
        name: f"{value:g}" if isinstance(value, float) else str(value)
        for name, value in rules.model_dump().items()
    }
    values["high_runs"] = _runs_of(Intensity.HIGH, ", ")
    values["moderate_runs"] = _runs_of(Intensity.MODERATE, " or ")
    return values


def fill(template: str, values: dict[str, str]) -> str:
    """A rule's template with the values filled in; a name missing from `values` raises."""
    return template.format_map(values)
