"""The rules' tables as data, held against docs/advice-rules.md (the rules contract).

The numbers are read out of the document's own sentences and tables, never copied from the
code: every default of `[advice]` (AdviceRules, and the README's table of them), every row of
RULE_TABLE (its verdict, its condition at the documented boundaries, the numbers its wording
names) and every note template.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import rule_table
from bot.core.models import INTENSITY_OF, AdviceRules, Experience, Intensity
from bot.core.rule_table import RULE_TABLE, Facts, club_wording, fill
from bot.core.wording import number_word

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "advice-rules.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEFAULT = AdviceRules()
WORDS = club_wording(DEFAULT)


def doc_numbers(pattern: str) -> tuple[float, ...]:
    """The numbers a pattern's groups catch in the document (exactly one match)."""
    found = re.findall(pattern, DOC)
    assert len(found) == 1, f"advice-rules.md should say {pattern!r} once, found {found}"
    groups = found[0] if isinstance(found[0], tuple) else (found[0],)
    return tuple(float(g) for g in groups)


def documented_defaults() -> dict[str, float]:
    w = doc_numbers(r"The window `W` is (\d+) hours")
    exercises = doc_numbers(r"\| `exercises >= (\d+)` \| HARD \|")
    heavy = doc_numbers(r"`heaviest >= (\d+)` and sets >= (\d+) \(or not given\) and reps >= (\d+)")
    sore = doc_numbers(r"soreness >= (\d+) and \(intensity is not LOW or minutes > (\d+)\)")
    easy = doc_numbers(r"an easy (\d+)-(\d+) minute run is fine right now")
    run_rpe = doc_numbers(r"a run's RPE \| by intensity: LOW (\d+), MODERATE (\d+), HIGH (\d+)")
    leg_rpe = doc_numbers(r"a leg day's RPE \| HARD (\d+), LIGHT (\d+)")
    leg_minutes = doc_numbers(r"a leg day's minutes \| HARD (\d+), LIGHT (\d+)")
    spike = doc_numbers(r"The thresholds \((\d+)%, (\d+) days\) are defaults under `\[advice\]`")
    # "the four weeks before it": a count the document writes as a word.
    words = {number_word(n): n for n in range(13)}
    (compared,) = {words[w] for w in re.findall(r"(\w+) weeks before it", DOC)}
    (base_weeks,) = doc_numbers(rf"fewer than (\d+) of those {number_word(compared)} weeks")
    hr = doc_numbers(r"below (\d+)% LOW, \1% to (\d+)% MODERATE, above \2% HIGH")
    speed = doc_numbers(
        r"last (\d+) easy or recovery runs \(at\s+least (\d+) needed\): up to ([\d.]+) times it"
        r" LOW, above \3 and up to ([\d.]+) MODERATE, above \4 HIGH"
    )
    assert sore[1] == easy[1], "the doc's short run (rule 2) and the easy alternative's top agree"
    return {
        "window_hours": w[0],
        "soreness_threshold": sore[0],
        "pain_soreness": doc_numbers(r"Soreness given as (\d+) or more adds a line")[0],
        "soreness_hours": doc_numbers(r"plan that starts within the next (\d+) hours")[0],
        "easy_minutes_max": sore[1],
        "easy_alternative_min_minutes": easy[0],
        "hard_exercises": exercises[0],
        "heavy_load_percent": heavy[0],
        "heavy_min_sets": heavy[1],
        "heavy_min_reps": heavy[2],
        "easy_run_rpe_warning": doc_numbers(r"logged at RPE (\d+) or more within W")[0],
        "run_rpe_low": run_rpe[0],
        "run_rpe_moderate": run_rpe[1],
        "run_rpe_high": run_rpe[2],
        "default_pace_min_per_km": doc_numbers(r"else (\d+) min/km")[0],
        "leg_rpe_hard": leg_rpe[0],
        "leg_rpe_light": leg_rpe[1],
        "leg_minutes_hard": leg_minutes[0],
        "leg_minutes_light": leg_minutes[1],
        "race_taper_days": doc_numbers(r"within `race_taper_days`\s+\(default (\d+)\)")[0],
        "spike_percent": spike[0],
        "spike_days": spike[1],
        "pace_runs": doc_numbers(r"median pace of their last (\d+) runs of that intensity")[0],
        "load_weeks_compared": compared,
        "load_base_weeks": base_weeks,
        "hr_low_below_percent": hr[0],
        "hr_high_above_percent": hr[1],
        "recent_easy_runs": speed[0],
        "min_easy_runs": speed[1],
        "speed_low_up_to": speed[2],
        "speed_moderate_up_to": speed[3],
    }


# [advice] settings the rules document names without a number.
NOT_IN_THE_DOC = {"load_base_floor"}


def test_every_advice_default_is_the_documented_number() -> None:
    documented = documented_defaults()
    defaults = DEFAULT.model_dump()
    assert set(defaults) == set(documented) | NOT_IN_THE_DOC
    assert {name: float(defaults[name]) for name in documented} == documented


def test_readme_states_the_documented_defaults() -> None:
    """README's [advice] table gives every default, and each is the document's."""
    stated = dict(re.findall(r"^\| `advice\.(\w+)` \| `([\d.]+)` \|", README, re.MULTILINE))
    assert set(stated) == set(DEFAULT.model_dump())
    for name, number in documented_defaults().items():
        assert float(stated[name]) == number, name


def test_run_types_by_intensity_are_the_documented_ones() -> None:
    table: dict[str, Intensity] = {}
    for level, types in re.findall(r"^\| (LOW|MODERATE|HIGH) \| ((?:`\w+`,? ?)+) \|", DOC, re.M):
        for name in re.findall(r"`(\w+)`", types):
            table[name] = Intensity[level]
    assert {run_type.value: i for run_type, i in INTENSITY_OF.items()} == table


def documented_verdicts() -> dict[int, str]:
    rows = re.findall(r"^\| (\d) \| [^|]+ \| \*\*([A-Z-]+)\*\* \|", DOC, re.MULTILINE)
    return {int(number): verdict for number, verdict in rows}


def test_rule_table_rows_are_the_documented_rules_in_order() -> None:
    assert [(r.number, r.verdict.value) for r in RULE_TABLE] == sorted(
        documented_verdicts().items()
    )
    assert len({r.code for r in RULE_TABLE}) == len(RULE_TABLE)


W = timedelta(hours=documented_defaults()["window_hours"])
SORE = int(documented_defaults()["soreness_threshold"])
SHORT = int(documented_defaults()["easy_minutes_max"])
MINUTE = timedelta(minutes=1)
BEGINNER, INTERMEDIATE = Experience.BEGINNER, Experience.INTERMEDIATE


def case(
    intensity: Intensity,
    since: timedelta | None = None,
    soreness: int | None = None,
    minutes: int | None = None,
    experience: Experience = INTERMEDIATE,
) -> Facts:
    return Facts(intensity, since, soreness, minutes, experience)


# Each rule's own condition, on both sides of each documented number.
ROW_CASES = {
    1: [
        (case(Intensity.HIGH, W - MINUTE), True),
        (case(Intensity.HIGH, W), False),
        (case(Intensity.MODERATE, W - MINUTE), False),
        (case(Intensity.HIGH), False),
    ],
    2: [
        (case(Intensity.MODERATE, soreness=SORE), True),
        (case(Intensity.MODERATE, soreness=SORE - 1), False),
        (case(Intensity.HIGH, soreness=SORE), True),
        (case(Intensity.LOW, soreness=SORE, minutes=SHORT + 1), True),
        (case(Intensity.LOW, soreness=SORE, minutes=SHORT), False),
        (case(Intensity.LOW, soreness=SORE), False),
        (case(Intensity.MODERATE), False),
    ],
    3: [
        (case(Intensity.MODERATE, W - MINUTE, experience=BEGINNER), True),
        (case(Intensity.MODERATE, W, experience=BEGINNER), False),
        (case(Intensity.MODERATE, W - MINUTE), False),
        (case(Intensity.HIGH, W - MINUTE, experience=BEGINNER), False),
        (case(Intensity.LOW, W - MINUTE, experience=BEGINNER), False),
    ],
    4: [
        (case(Intensity.HIGH, timedelta(0), SORE, SHORT, BEGINNER), True),
        (case(Intensity.LOW), True),
    ],
}


@pytest.mark.parametrize("row", RULE_TABLE, ids=lambda r: f"rule{r.number}")
def test_each_row_condition_at_the_documented_boundaries(row: rule_table.VerdictRule) -> None:
    for facts, applies in ROW_CASES[row.number]:
        assert row.applies(facts, DEFAULT) is applies, facts


def numbers_in(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def filled(template: str | None) -> str:
    assert template is not None
    values = {**WORDS, "run": "tempo run", "soreness": "6", "sore_why": "why", "verdict": "X"}
    values |= {"since_last_hard": "1 day", "since_last_leg_day": "1 day", "when_planned": "now"}
    return fill(template, values)


D = {name: f"{value:g}" for name, value in documented_defaults().items()}
# The numbers each row's /help text and reply name, from the document.
ROW_NUMBERS = {
    1: {D["window_hours"], D["easy_alternative_min_minutes"], D["easy_minutes_max"]},
    2: {D["soreness_threshold"], D["easy_minutes_max"]},
    3: {D["window_hours"]},
    4: {D["window_hours"]},
}


@pytest.mark.parametrize("row", RULE_TABLE, ids=lambda r: f"rule{r.number}")
def test_each_row_wording_names_the_documented_numbers(row: rule_table.VerdictRule) -> None:
    help_text = filled(row.when) + " " + filled(row.says)
    assert numbers_in(help_text) == ROW_NUMBERS[row.number]
    assert "{verdict}" in row.says
    reply = filled(row.reason) + ("" if row.instead is None else " " + filled(row.instead))
    # The case's own values (soreness 6/10, "1 day") aside; rule 4's reply names no rule number.
    expected = set() if row.number == 4 else ROW_NUMBERS[row.number]
    assert numbers_in(reply) - CASE_NUMBERS == expected


CASE_NUMBERS = {"6", "10", "1"}


# Every note template of rule_table, with what the document says it must carry.
NOTES = {
    "RECENT_LEG_DAY_EASY": ("relaxed", "recover"),
    "RECENT_LEG_DAY_LIGHT_HARD": ("light leg day does not hold hard running back",),
    "SORE_BUT_GO": ("Soreness 6/10", "short, easy run"),
    "SORENESS_SET_ASIDE": (f"more than {D['soreness_hours']} hours away", "Check again on the day"),
    "PAIN_WARNING": ("not soreness", "looked at"),
}


def test_every_note_template_is_checked() -> None:
    # A rule's code is a name, not a note.
    codes = {row.code for row in RULE_TABLE}
    templates = {
        name
        for name, value in vars(rule_table).items()
        if name.isupper() and isinstance(value, str) and value not in codes
    }
    assert templates == set(NOTES)


@pytest.mark.parametrize(("name", "must_say"), NOTES.items())
def test_note_templates_say_what_the_document_asks(name: str, must_say: tuple[str, ...]) -> None:
    text = filled(getattr(rule_table, name))
    for words in must_say:
        assert words in text
    # No number the document does not give (the case's own 6/10 and "1 day" aside).
    assert numbers_in(text) <= set(D.values()) | CASE_NUMBERS


def test_rule_for_finds_each_row_by_its_reason_code() -> None:
    """A reply's title comes from the row its first reason's code names."""
    for row in RULE_TABLE:
        assert rule_table.rule_for(row.code) is row
    with pytest.raises(StopIteration):
        rule_table.rule_for("not_a_rule")


def test_the_repo_copy_is_the_shared_contract() -> None:
    """docs/advice-rules.md is a copy of the contract the steering side keeps in shared/docs,
    so that a fresh clone can run these tests; where that folder sits beside the clone (as on
    CI), the copy must be the same text, so an updated contract cannot go unnoticed."""
    shared = ROOT.parent / "shared" / "docs" / "advice-rules.md"
    if not shared.is_file():
        pytest.skip("no shared/docs/advice-rules.md beside this clone to compare the copy with")
    assert shared.read_text(encoding="utf-8") == DOC, (
        "docs/advice-rules.md differs from shared/docs/advice-rules.md: copy the new contract"
        " in and make the code and these tests follow it"
    )
