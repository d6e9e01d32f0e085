"""README.md's "How the advice decides" agrees with RULE_TABLE, so the README cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.models import AdviceRules
from bot.core.rule_table import RULE_TABLE, VerdictRule, club_wording, fill

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## How the advice decides"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The README states the defaults; a club's own numbers only show in /help.
DEFAULT = AdviceRules()


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else None]


def rule_rows() -> list[list[str]]:
    """The cells of each numbered row of the section's table: #, when, verdict, told."""
    rows: list[list[str]] = []
    for line in section().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].isdigit():
            rows.append(cells)
    return rows


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def test_the_readme_lists_the_tables_rules_in_order() -> None:
    assert [int(row[0]) for row in rule_rows()] == [rule.number for rule in RULE_TABLE]


@pytest.mark.parametrize("rule", RULE_TABLE, ids=lambda r: f"rule{r.number}")
def test_each_readme_row_has_the_rules_verdict_and_numbers(rule: VerdictRule) -> None:
    row = next(row for row in rule_rows() if int(row[0]) == rule.number)
    number, when, verdict, told = row
    del number
    assert verdict == f"**{rule.verdict.value}**"
    # The condition's key numbers, both ways: none missing, none the rule does not have.
    assert numbers(when) == numbers(fill(rule.when, club_wording(DEFAULT)))
    # The outcome may name any default (rule 4's note names the window), but no stray one.
    assert numbers(told) <= set(club_wording(DEFAULT).values())


def test_the_readme_boundaries_use_the_default_numbers() -> None:
    text = " ".join(section().split())  # the prose wraps lines anywhere
    window = club_wording(DEFAULT)["window_hours"]
    assert f"At exactly {window} hours the answer is GO." in text
    assert f"Soreness 0-{DEFAULT.soreness_threshold - 1} changes nothing" in text
    assert f"at {DEFAULT.pain_soreness} or more" in text


def test_the_readme_classifies_a_leg_day_with_the_default_numbers() -> None:
    text = " ".join(section().split())
    start = text.index("**A leg day is HARD**")
    paragraph = text[start : text.index("Anything else is LIGHT.", start)]
    assert f"when it had {DEFAULT.hard_exercises} or more weighted leg exercises" in paragraph
    assert (
        f"the heaviest load was {DEFAULT.heavy_load_percent}% of your max or more for at least"
        f" {DEFAULT.heavy_min_sets} sets of at least {DEFAULT.heavy_min_reps} reps" in paragraph
    )


def test_the_readme_rounds_and_sets_aside_as_the_defaults_say() -> None:
    """The prose after the table: the soreness horizon and the window it rounds."""
    text = " ".join(section().split())
    assert f"it counts for a run within the next {DEFAULT.soreness_hours} hours" in text
    assert f"`soreness_hours` is the {DEFAULT.soreness_hours}" in text
