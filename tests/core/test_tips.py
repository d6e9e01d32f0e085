"""Which tips the bot picks, the daily rotation, and the easy-run-too-hard check."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.advice import advise
from bot.core.models import (
    Advice,
    AdviceRules,
    Experience,
    Focus,
    Intensity,
    LegDay,
    LegDayClass,
    PlannedRun,
    Profile,
    Reason,
    RunType,
    Tip,
    TipId,
    Verdict,
    intensity_of,
)
from bot.core.tips import (
    all_tips,
    easy_run_too_hard,
    tip,
    tip_of_the_day,
    tips_for_advice,
    tips_for_everyone,
    tips_for_leg_day,
)

T = datetime(2025, 3, 10, 18, 0, tzinfo=UTC)
DEFAULT = AdviceRules()
DOC = (Path(__file__).resolve().parents[2] / "docs" / "advice-rules.md").read_text(encoding="utf-8")


def advice_for(verdict: Verdict, run_type: RunType) -> Advice:
    return Advice(
        verdict=verdict,
        intensity=intensity_of(run_type),
        reasons=(Reason(code="test", text="test"),),
        ready_at=T + timedelta(hours=10) if verdict is Verdict.WAIT else None,
    )


def ids(tips: tuple[Tip, ...]) -> list[TipId]:
    return [t.id for t in tips]


def test_one_tip_per_id_with_text() -> None:
    tips = all_tips(DEFAULT)
    assert sorted(t.id for t in tips) == sorted(TipId)
    assert len(tips) == len(TipId)
    for each in tips:
        assert 20 < len(each.text) < 300
        assert tip(each.id, DEFAULT) == each


@pytest.mark.parametrize(
    ("tip_id", "fragment"),
    [
        pytest.param(TipId.STRETCH, "stretch", id="stretch"),
        pytest.param(TipId.CARBS, "glycogen", id="carbs"),
        pytest.param(TipId.RECOVERY_RUN, "recover", id="recovery-run"),
        pytest.param(TipId.ENDURANCE_FOCUS, "75%", id="endurance"),
        pytest.param(TipId.STRENGTH_FOCUS, "15 to 30 minutes", id="strength"),
        pytest.param(TipId.TALK_TEST, "talk test", id="talk-test"),
        pytest.param(TipId.OVERTRAINING, "overtraining", id="overtraining"),
        pytest.param(TipId.HURTS_NORMAL, "normal", id="hurts-normal"),
    ],
)
def test_tip_says_its_point(tip_id: TipId, fragment: str) -> None:
    assert fragment in tip(tip_id, DEFAULT).text.lower()


class Situation(NamedTuple):
    verdict: Verdict
    run_type: RunType
    profile: Profile
    recent_leg_day: bool
    recent_hard: bool


BEGINNER = Profile(experience=Experience.BEGINNER)
ENDURANCE = Profile(focus=Focus.ENDURANCE)
STRENGTH = Profile(focus=Focus.STRENGTH)


@pytest.mark.parametrize(
    ("situation", "present", "absent"),
    [
        pytest.param(
            Situation(Verdict.WAIT, RunType.TEMPO, Profile(), True, True),
            {TipId.RECOVERY_RUN, TipId.HURTS_NORMAL}, set(), id="wait",
        ),
        pytest.param(
            Situation(Verdict.EASY_ONLY, RunType.STEADY, BEGINNER, True, True),
            {TipId.TALK_TEST}, set(), id="beginner-moderate",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.RACE, BEGINNER, False, False),
            {TipId.TALK_TEST}, set(), id="beginner-high-go",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.EASY, BEGINNER, False, False),
            set(), {TipId.TALK_TEST}, id="beginner-low-no-talk-test",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.EASY, ENDURANCE, True, True),
            {TipId.ENDURANCE_FOCUS}, set(), id="endurance-recent-hard",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.EASY, ENDURANCE, True, False),
            set(), {TipId.ENDURANCE_FOCUS}, id="endurance-only-light",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.STEADY, STRENGTH, False, False),
            {TipId.STRENGTH_FOCUS}, set(), id="strength",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.RECOVERY, Profile(), True, False),
            {TipId.OVERTRAINING}, set(), id="go-easy-after-leg-day",
        ),
        pytest.param(
            Situation(Verdict.GO, RunType.LONG, Profile(), False, False),
            {TipId.STRETCH, TipId.CARBS}, set(), id="fallback",
        ),
    ],
)  # fmt: skip
def test_tips_for_advice(situation: Situation, present: set[TipId], absent: set[TipId]) -> None:
    chosen = ids(
        tips_for_advice(
            advice_for(situation.verdict, situation.run_type),
            PlannedRun(run_type=situation.run_type, at=T),
            situation.profile,
            DEFAULT,
            recent_leg_day=situation.recent_leg_day,
            recent_hard=situation.recent_hard,
        )
    )
    assert present <= set(chosen)
    assert not absent & set(chosen)


situations = st.builds(
    Situation,
    verdict=st.sampled_from(Verdict),
    run_type=st.sampled_from(RunType),
    profile=st.builds(
        Profile, experience=st.sampled_from(Experience), focus=st.sampled_from(Focus)
    ),
    recent_leg_day=st.booleans(),
    recent_hard=st.booleans(),
).filter(lambda s: s.recent_leg_day or not s.recent_hard)  # a recent HARD day is a leg day


@given(situation=situations)
def test_tips_for_advice_one_to_three_distinct(situation: Situation) -> None:
    chosen = ids(
        tips_for_advice(
            advice_for(situation.verdict, situation.run_type),
            PlannedRun(run_type=situation.run_type, at=T),
            situation.profile,
            DEFAULT,
            recent_leg_day=situation.recent_leg_day,
            recent_hard=situation.recent_hard,
        )
    )
    assert 1 <= len(chosen) <= 3
    assert len(set(chosen)) == len(chosen)


@pytest.mark.parametrize(
    ("klass", "focus", "first"),
    [
        pytest.param(LegDayClass.HARD, Focus.ENDURANCE, TipId.ENDURANCE_FOCUS, id="hard-endurance"),
        pytest.param(LegDayClass.HARD, Focus.STRENGTH, TipId.STRENGTH_FOCUS, id="hard-strength"),
        pytest.param(LegDayClass.HARD, Focus.BALANCED, None, id="hard-balanced"),
        pytest.param(LegDayClass.LIGHT, Focus.ENDURANCE, None, id="light-endurance"),
        pytest.param(LegDayClass.LIGHT, Focus.BALANCED, None, id="light-balanced"),
    ],
)
@pytest.mark.parametrize("turn", [0, 1, 2, 7, 1000])
def test_tips_for_leg_day(klass: LegDayClass, focus: Focus, first: TipId | None, turn: int) -> None:
    chosen = ids(tips_for_leg_day(klass, Profile(focus=focus), DEFAULT, turn))
    assert len(chosen) == 2 == len(set(chosen))
    if first is not None:
        assert chosen[0] is first
    focus_tips = {TipId.ENDURANCE_FOCUS, TipId.STRENGTH_FOCUS}
    rotated = [t for t in chosen if t not in focus_tips]
    allowed = {TipId.STRETCH, TipId.CARBS, TipId.OVERTRAINING}
    if klass is LegDayClass.HARD:
        allowed.add(TipId.HURTS_NORMAL)
    assert set(rotated) <= allowed


@pytest.mark.parametrize("klass", list(LegDayClass))
@pytest.mark.parametrize("focus", list(Focus))
def test_leg_day_tips_vary_over_consecutive_logs(klass: LegDayClass, focus: Focus) -> None:
    profile = Profile(focus=focus)
    shown = [ids(tips_for_leg_day(klass, profile, DEFAULT, turn)) for turn in range(12)]
    for before, after in pairwise(shown):
        assert before != after
    # Deterministic: the same turn gives the same tips; every rotated tip comes round.
    assert shown[0] == ids(tips_for_leg_day(klass, profile, DEFAULT, 0))
    seen = {t for pair in shown for t in pair}
    assert {TipId.STRETCH, TipId.CARBS, TipId.OVERTRAINING} <= seen


def test_every_tip_is_one_or_two_short_sentences() -> None:
    for each in all_tips(DEFAULT):
        sentences = [s for s in each.text.replace("?", ".").split(". ") if s]
        assert 1 <= len(sentences) <= 2, each.text
        assert len(each.text) <= 170, each.text


# The tips aimed at one training focus (advice-rules.md, "Focus endurance", "Focus strength").
ONE_FOCUS = {TipId.ENDURANCE_FOCUS, TipId.STRENGTH_FOCUS}


def test_tip_of_the_day_covers_every_tip_for_everyone_once_per_cycle() -> None:
    start = date(2025, 1, 1)
    everyone = sorted(set(TipId) - ONE_FOCUS)
    cycle = [tip_of_the_day(start + timedelta(days=n), None).id for n in range(len(everyone))]
    assert sorted(cycle) == everyone
    assert tip_of_the_day(start + timedelta(days=len(everyone)), None).id == cycle[0]


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_tip_of_the_day_skips_previous_to_the_next_one(day: date) -> None:
    natural = tip_of_the_day(day, None)
    tomorrow = tip_of_the_day(day + timedelta(days=1), None)
    assert tip_of_the_day(day, natural.id) == tomorrow
    assert tip_of_the_day(day, natural.id).id != natural.id


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    previous=st.none() | st.sampled_from(TipId),
)
def test_tip_of_the_day_never_repeats_and_is_stable(day: date, previous: TipId | None) -> None:
    chosen = tip_of_the_day(day, previous)
    assert chosen.id != previous
    assert tip_of_the_day(day, previous) == chosen


@pytest.mark.parametrize(
    ("run_type", "rpe", "within_window", "rules", "warned"),
    [
        pytest.param(RunType.EASY, 7, True, DEFAULT, True, id="easy-rpe7-in-window"),
        pytest.param(RunType.EASY, 6, True, DEFAULT, False, id="easy-rpe6"),
        pytest.param(RunType.RECOVERY, 10, True, DEFAULT, True, id="recovery-rpe10"),
        pytest.param(RunType.EASY, 9, False, DEFAULT, False, id="outside-window"),
        pytest.param(RunType.EASY, None, True, DEFAULT, False, id="no-rpe"),
        pytest.param(RunType.STEADY, 9, True, DEFAULT, False, id="moderate-not-checked"),
        pytest.param(RunType.TEMPO, 9, True, DEFAULT, False, id="high-not-checked"),
        pytest.param(
            RunType.EASY, 7, True, AdviceRules(easy_run_rpe_warning=8), False, id="custom-8-rpe7"
        ),
        pytest.param(
            RunType.EASY, 8, True, AdviceRules(easy_run_rpe_warning=8), True, id="custom-8-rpe8"
        ),
    ],
)
def test_easy_run_too_hard(
    run_type: RunType, rpe: int | None, within_window: bool, rules: AdviceRules, warned: bool
) -> None:
    assert easy_run_too_hard(run_type, rpe, within_window, rules) is warned


def test_low_types_are_the_easy_ones() -> None:
    # easy_run_too_hard relies on the intensity table; pin the two run types it means.
    low = {rt for rt in RunType if intensity_of(rt) is Intensity.LOW}
    assert low == {RunType.RECOVERY, RunType.EASY}


# The tips as data, held against advice-rules.md's "Tips the bot gives": each tip is one of the
# document's bullets, keyed by what both say (case-insensitively).
TIP_POINTS: dict[TipId, tuple[str, ...]] = {
    TipId.STRETCH: ("stretch after every", "overuse injuries"),
    TipId.CARBS: ("carbohydrate", "glycogen", "low-carb", "train hard"),
    TipId.RECOVERY_RUN: ("recovery run", "recover", "new", "hard"),
    TipId.ENDURANCE_FOCUS: ("heavy squats", "accessory", "split squats", "lunges", "fresh"),
    TipId.STRENGTH_FOCUS: ("strength", "most", "runs", "easy", "low intensity"),
    TipId.TALK_TEST: ("moderate", "talk test"),
    TipId.OVERTRAINING: ("overtraining is rare for recreational runners", "very high level"),
    TipId.HURTS_NORMAL: ("hard leg day", "normal", "passes"),
}


def doc_tip_bullets() -> list[str]:
    section = DOC.split("## Tips the bot gives", 1)[1].split("\n## ", 1)[0]
    bullets = re.split(r"\n- ", section)[1:]
    return [" ".join(b.split()) for b in bullets]


def doc_bullet_of(tip_id: TipId) -> str:
    """The document's bullet that says every point of this tip (exactly one)."""
    points = TIP_POINTS[tip_id]
    found = [b for b in doc_tip_bullets() if all(p in b.lower() for p in points[:1])]
    assert len(found) == 1, f"advice-rules.md should have one tip about {points[0]!r}: {found}"
    return found[0]


def test_every_documented_tip_is_a_tip_and_the_other_way_round() -> None:
    bullets = doc_tip_bullets()
    assert len(bullets) == len(TipId) == len(all_tips(DEFAULT))
    assert sorted(doc_bullet_of(t) for t in TipId) == sorted(bullets)


@pytest.mark.parametrize("tip_id", list(TipId), ids=str)
def test_each_tip_says_what_its_documented_bullet_says(tip_id: TipId) -> None:
    bullet = doc_bullet_of(tip_id).lower()
    text = " ".join(tip(tip_id, DEFAULT).text.split()).lower()
    for point in TIP_POINTS[tip_id]:
        assert point in bullet, point
        assert point in text, point
    # Every number the tip states is the document's (75% of max, 15 to 30 minutes), and the
    # tip leaves none of the bullet's numbers out.
    assert re.findall(r"\d+", text) == re.findall(r"\d+", bullet)


def test_the_club_post_leaves_out_exactly_the_tips_for_one_focus() -> None:
    # The document's "Focus endurance" and "Focus strength" bullets are written to members of
    # one training focus; the club's daily post is for everyone.
    for_one_focus = {t for t in TipId if doc_bullet_of(t).startswith("Focus ")}
    assert for_one_focus == ONE_FOCUS
    assert {t.id for t in tips_for_everyone()} == set(TipId) - for_one_focus
    assert [t for t in all_tips(DEFAULT) if t.id not in for_one_focus] == list(tips_for_everyone())


# A real verdict through `advise`: rule 2 (sore legs) asks for short and easy running, so it gets
# the recovery-run tip; rule 3 (a beginner's moderate run after a hard leg day) asks only for a
# conversational pace, so it gets the talk test and not the recovery-run tip.
def test_sore_legs_get_the_recovery_run_tip() -> None:
    plan = PlannedRun(run_type=RunType.EASY, at=T, minutes=45, soreness=5)
    advice = advise(plan, [], Profile(), DEFAULT)
    assert advice.verdict is Verdict.EASY_ONLY
    assert advice.reasons[0].code == "sore_legs"
    assert TipId.RECOVERY_RUN in ids(advice.tips)


def test_a_beginners_moderate_run_gets_the_talk_test_not_the_recovery_run_tip() -> None:
    plan = PlannedRun(run_type=RunType.STEADY, at=T)
    hard = LegDay(at=T - timedelta(hours=10), is_hard=True, exercises=4)
    advice = advise(plan, [hard], BEGINNER, DEFAULT)
    assert advice.verdict is Verdict.EASY_ONLY
    assert advice.reasons[0].code == "beginner_moderate"
    assert TipId.TALK_TEST in ids(advice.tips)
    assert TipId.RECOVERY_RUN not in ids(advice.tips)


def test_without_recent_hard_no_hard_leg_day_is_assumed() -> None:
    plan = PlannedRun(run_type=RunType.EASY, at=T)
    for profile in (Profile(), ENDURANCE):
        advice = advice_for(Verdict.GO, RunType.EASY)
        assumed = tips_for_advice(advice, plan, profile, DEFAULT, recent_leg_day=True)
        assert assumed == tips_for_advice(
            advice, plan, profile, DEFAULT, recent_leg_day=True, recent_hard=False
        )
        assert TipId.HURTS_NORMAL not in ids(assumed)


# The /legday tips, in the README's order: "Two short tips that change from one log to the next
# (stretching, carbohydrate, that the day after hurts, that an easy run is not overtraining)".
README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
README_WORDS = {
    "stretching": TipId.STRETCH,
    "carbohydrate": TipId.CARBS,
    "hurts": TipId.HURTS_NORMAL,
    "overtraining": TipId.OVERTRAINING,
}


def readme_leg_day_rotation(klass: LegDayClass) -> list[TipId]:
    listed = re.findall(r"Two short tips that change from one log to the next \(([^)]*)\)", README)
    assert len(listed) == 1
    order = [README_WORDS[w] for item in listed[0].split(", ") for w in README_WORDS if w in item]
    assert len(order) == len(README_WORDS)
    # "It hurts to run after a hard leg day" (advice-rules.md): not after a LIGHT one.
    return order if klass is LegDayClass.HARD else [t for t in order if t is not TipId.HURTS_NORMAL]


# A window of two that moves one step per log (tips.py's docstring): log n shows the rotation's
# tips n and n + 1, so the next log keeps the second and adds the one after it.
@pytest.mark.parametrize("klass", list(LegDayClass))
def test_leg_day_rotation_slides_one_step_per_log_in_the_readme_order(klass: LegDayClass) -> None:
    cycle = readme_leg_day_rotation(klass)
    balanced = Profile(focus=Focus.BALANCED)
    for n in range(9):
        expected = [cycle[n % len(cycle)], cycle[(n + 1) % len(cycle)]]
        assert ids(tips_for_leg_day(klass, balanced, DEFAULT, n)) == expected
    # Without a turn, the reply is turn 0's.
    assert ids(tips_for_leg_day(klass, balanced, DEFAULT)) == cycle[:2]
    # After a HARD leg day with a focus, the focus tip comes first and then the log's own: tip n.
    if klass is LegDayClass.HARD:
        for n in range(9):
            chosen = ids(tips_for_leg_day(klass, ENDURANCE, DEFAULT, n))
            assert chosen == [TipId.ENDURANCE_FOCUS, cycle[n % len(cycle)]]


def test_the_focus_tips_state_the_clubs_own_numbers() -> None:
    """A club that counts a leg day as hard from 80% of max, and keeps easy runs to 20-40
    minutes, is told those numbers by the focus tips, not the defaults (found in review: the
    tips said 75% and 15 to 30 whatever `[advice]` held)."""
    club = AdviceRules(heavy_load_percent=80, easy_alternative_min_minutes=20, easy_minutes_max=40)
    endurance = tip(TipId.ENDURANCE_FOCUS, club).text
    strength = tip(TipId.STRENGTH_FOCUS, club).text
    assert "(80% of max and up)" in endurance
    assert "easy: 20 to 40 minutes at low intensity" in strength
    assert re.findall(r"\d+", endurance + strength) == ["80", "20", "40"]
    hard = Profile(focus=Focus.ENDURANCE)
    assert tips_for_leg_day(LegDayClass.HARD, hard, club)[0].text == endurance
    wait = advice_for(Verdict.WAIT, RunType.TEMPO)
    chosen = tips_for_advice(
        wait,
        PlannedRun(run_type=RunType.TEMPO, at=T),
        hard,
        club,
        recent_leg_day=True,
        recent_hard=True,
    )
    assert endurance in [t.text for t in chosen]


def test_the_club_posts_tips_name_no_setting() -> None:
    """The tip of the day is chosen without the club's rules: none of its tips may hold a
    setting's name waiting to be filled in."""
    for each in tips_for_everyone():
        assert "{" not in each.text and "}" not in each.text, each.text
    assert list(tips_for_everyone()) == [
        t for t in all_tips(AdviceRules(heavy_load_percent=90)) if t.id not in ONE_FOCUS
    ]
