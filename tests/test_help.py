"""/help's "How the advice decides": every row of RULE_TABLE, worded by the table."""

from __future__ import annotations

import re

import pytest

from bot.core.legday import classify_leg_day
from bot.core.models import AdviceRules, LegDayClass, LegDayInput
from bot.core.rule_table import RULE_TABLE, club_wording, fill
from bot.render.help import help_reply
from bot.render.reply import FIELD_VALUE_MAX

FIELD = "How the advice decides"


def rules_field(rules: AdviceRules) -> str:
    reply = help_reply([("canirun", "Ask whether to run.")], rules)
    return next(f.value for f in reply.fields if f.name == FIELD)


@pytest.mark.parametrize(
    "rules",
    [
        pytest.param(AdviceRules(), id="defaults"),
        pytest.param(
            AdviceRules(window_hours=36, soreness_threshold=6, easy_minutes_max=40),
            id="tuned",
        ),
        pytest.param(
            AdviceRules(window_hours=36.5, easy_alternative_min_minutes=20, easy_minutes_max=25),
            id="fractional-window",
        ),
    ],
)
def test_help_names_every_rule_with_the_clubs_numbers(rules: AdviceRules) -> None:
    text = rules_field(rules)
    values = club_wording(rules)
    positions: list[int] = []
    for rule in RULE_TABLE:
        when = fill(rule.when, values)
        says = fill(rule.says, {**values, "verdict": f"**{rule.verdict.value}**"})
        line = f"{rule.number}. {when} → {says}"
        assert line in text.splitlines(), line
        positions.append(text.index(line))
    assert positions == sorted(positions), "rules are listed in the table's order"
    numbered = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(numbered) == len(RULE_TABLE), "no rule in /help that the table lacks"


def test_a_changed_window_shows_up_in_help() -> None:
    default = rules_field(AdviceRules())
    tuned = rules_field(AdviceRules(window_hours=36))
    assert "less than 48 h after a HARD leg day" in default
    assert "less than 36 h after a HARD leg day → **WAIT**" in tuned
    assert "within 36 h of a HARD leg day, as a beginner" in tuned
    assert "48" not in tuned


def test_other_tuned_numbers_show_up_in_help() -> None:
    text = rules_field(
        AdviceRules(soreness_threshold=6, easy_minutes_max=40, easy_alternative_min_minutes=20)
    )
    assert "Soreness 6 or more" in text
    assert "longer than 40 min → **EASY-ONLY**: about 40 minutes, easy." in text
    assert "an easy 20-40 minute run is fine instead." in text


def test_help_wording_with_the_defaults_is_unchanged() -> None:
    # Pinned on purpose: the wording is a product decision, changed in its own issue.
    assert rules_field(AdviceRules()).splitlines()[:5] == [
        "First match wins:",
        "1. A hard run (tempo, intervals, hills, sprints, HIIT, race) less than 48 h after a"
        " HARD leg day → **WAIT** until then; an easy 15-30 minute run is fine instead.",
        "2. Soreness 4 or more, and the run is not easy or is longer than 30 min →"
        " **EASY-ONLY**: about 30 minutes, easy.",
        "3. A steady or long run within 48 h of a HARD leg day, as a beginner →"
        " **EASY-ONLY**: keep it conversational.",
        "4. Anything else → **GO**; within 48 h of a leg day, keep an easy or moderate run"
        " relaxed.",
    ]


def test_help_fits_one_embed_field_at_the_widest_settings() -> None:
    widest = AdviceRules(
        window_hours=167.75,
        soreness_threshold=10,
        pain_soreness=10,
        easy_minutes_max=600,
        easy_alternative_min_minutes=600,
        hard_exercises=20,
        heavy_load_percent=100,
        heavy_min_sets=20,
        heavy_min_reps=50,
    )
    assert len(rules_field(widest)) <= FIELD_VALUE_MAX


def test_helps_leg_day_line_holds_for_hard_false_and_a_count_left_out() -> None:
    # advice-rules.md, "A leg day, classified": `hard` given decides "whatever else was said",
    # and a heavy load with sets or reps left out counts as "multiple". /help said a leg day
    # "is HARD with 3+ weighted leg exercises, or 75%+ of your max for 2+ sets of 2+ reps, or
    # when you say hard:true": false for 3 exercises with hard:false (LIGHT), and silent on
    # 80% with no sets or reps given (HARD).
    rules = AdviceRules()
    assert classify_leg_day(LegDayInput(exercises=3, hard=False), rules).klass is LegDayClass.LIGHT
    assert classify_leg_day(LegDayInput(exercises=1, heaviest=80), rules).klass is LegDayClass.HARD
    (line,) = [line for line in rules_field(rules).splitlines() if "A leg day is HARD" in line]
    assert "`hard:false`" in line, line
    assert "left out count" in line, line
