"""The verdict rules of advice-rules.md as data: one ordered table, first match wins.

`advise` walks RULE_TABLE to decide; /help and the README describe the same rows, and tests
hold both to it, so the prose cannot drift from the decision. Each row's wording is a
`str.format` template: the club's numbers come from `club_wording(rules)` (every AdviceRules
field by name, e.g. `{window_hours}`), and a reply's reason also gets the case's own values
(`{run}`, `{since_last_hard}`, `{soreness}`, `{sore_why}`, `{when_planned}`) from `advise`.
The notes a reply adds besides the deciding rule (rule 4's notes, the soreness and pain lines)
are templates here too, so every sentence of the rules is worded in this one module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from bot.core.models import (
    INTENSITY_OF,
    SORENESS_MAX,
    AdviceRules,
    Experience,
    Intensity,
    RunType,
    Verdict,
)

# Rule 3's code, asked for by the tips and the heads-up: its EASY-ONLY is for a conversational
# pace, not easy running, and ends when the hard leg day is `window_hours` old.
BEGINNER_MODERATE = "beginner_moderate"

# The case's own values a reply's `reason` or `instead` may name; advise() supplies them.
# /help's `when` and `says` have no case, so they name club values only (and `{verdict}`).
CASE_FIELDS = frozenset(
    {"run", "since_last_hard", "since_last_leg_day", "soreness", "sore_why", "when_planned"}
)


class Facts(NamedTuple):
    """What the rules look at, computed once from the plan, the leg days and the profile."""

    intensity: Intensity
    # t - last_hard, where last_hard is the newest HARD leg day at or before t; None if none.
    since_last_hard: timedelta | None
    # None when not given, or set aside (a plan too far ahead): then no soreness rule applies.
    soreness: int | None
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
    headline: str  # the reply's title after the verdict, e.g. "WAIT: not a hard run yet"
    reason: str  # the reply's deciding reason
    instead: str | None  # the reply's easier alternative, when there is one


def _hard_soon_after_hard_legs(f: Facts, r: AdviceRules) -> bool:
    return f.intensity is Intensity.HIGH and f.hard_within(r.window)


def _sore_and_not_short_easy(f: Facts, r: AdviceRules) -> bool:
    too_long = f.minutes is not None and f.minutes > r.easy_minutes_max
    sore = f.soreness is not None and f.soreness >= r.soreness_threshold
    return sore and (f.intensity is not Intensity.LOW or too_long)


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
            " minute run is fine instead."
        ),
        headline="not a hard run yet",
        reason=(
            "Your last hard leg day was {since_last_hard} before this {run}. Hard running"
            " works the same fast-twitch fibres as heavy leg work, so keep it {window_hours}"
            " hours clear of a hard leg day."
        ),
        instead=(
            "An easy {easy_alternative_min_minutes}-{easy_minutes_max} minute run is fine"
            " {when_planned}: easy running uses different fibres and helps your legs recover."
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
        headline="keep it short and easy",
        reason=(
            "Soreness {soreness}/{soreness_max} ({soreness_threshold} or more) and {sore_why}."
            " Sore legs are fine to run on, at low mileage and low intensity."
        ),
        instead=(
            "Keep it short and easy: about {easy_minutes_max} minutes or less, at a pace where"
            " you could hold a conversation."
        ),
    ),
    VerdictRule(
        number=3,
        verdict=Verdict.EASY_ONLY,
        code=BEGINNER_MODERATE,
        applies=_beginner_moderate_after_hard_legs,
        when="A {moderate_runs} run within {window_hours} h of a HARD leg day, as a beginner",
        says="{verdict}: keep it conversational.",
        headline="keep it conversational",
        reason=(
            "You had a hard leg day within the last {window_hours} hours, and beginners easily"
            " drift into hard running on a {run} without noticing."
        ),
        instead=(
            "Run it at a conversational pace: use the talk test, and if you cannot speak in full"
            " sentences, slow down."
        ),
    ),
    VerdictRule(
        number=4,
        verdict=Verdict.GO,
        code="clear",
        applies=_anything,
        when="Anything else",
        says=(
            "{verdict}; within {window_hours} h of a leg day, keep an easy or moderate run relaxed."
        ),
        headline="run as planned",
        reason="Nothing in your log calls for holding back on this {run}.",
        instead=None,
    ),
)


# Rule 4's notes (advice-rules.md): a leg day within the window, by the run's intensity.
# LOW or MODERATE: keep it relaxed; HIGH (only LIGHT leg days within W, or rule 1 matched).
RECENT_LEG_DAY_EASY = (
    "Your last leg day was {since_last_leg_day} before this {run}: keep it relaxed. Easy"
    " running brings blood to your legs and helps them recover."
)
RECENT_LEG_DAY_LIGHT_HARD = (
    "Your last leg day was {since_last_leg_day} before this {run}, and a light one: a light"
    " leg day does not hold hard running back."
)
# A GO with soreness at or over the threshold (a short, easy run): GO stays GO.
SORE_BUT_GO = (
    "Soreness {soreness}/{soreness_max}: a short, easy run is fine on sore legs and can even"
    " ease them."
)
# Soreness given for a plan more than `soreness_hours` ahead (advice-rules.md, "Soreness").
SORENESS_SET_ASIDE = (
    "Soreness {soreness}/{soreness_max} is about your legs now, and this {run} is more than"
    " {soreness_hours} hours away, so it is set aside. Check again on the day, with how your"
    " legs feel then."
)
# Soreness at or over pain_soreness. Said once: the reply's field is titled "Pain".
PAIN_WARNING = (
    "Sharp pain, or pain that changes the way you run, is not soreness. Rest, and get it looked at."
)


def rule_for(code: str) -> VerdictRule:
    """The row whose Reason.code is `code` (an Advice's first reason is its deciding rule's)."""
    return next(rule for rule in RULE_TABLE if rule.code == code)


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
    values["soreness_max"] = str(SORENESS_MAX)
    values["high_runs"] = _runs_of(Intensity.HIGH, ", ")
    values["moderate_runs"] = _runs_of(Intensity.MODERATE, " or ")
    return values


def fill(template: str, values: dict[str, str]) -> str:
    """A rule's template with the values filled in; a name missing from `values` raises."""
    return template.format_map(values)
