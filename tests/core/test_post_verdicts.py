"""What the club post's verdicts rest on: with no minutes and no soreness in the plan, the
newest HARD leg day at or before the run and the member's experience decide it, and a member
without one gets a GO (so the store need not send them at all)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

from bot.core.advice import advise, verdict_after_hard
from bot.core.models import (
    AdviceRules,
    Experience,
    LegDay,
    PlannedRun,
    Profile,
    RunType,
    Verdict,
)

RULES = AdviceRules()
T = datetime(2026, 3, 4, 18, 0, 37, tzinfo=UTC)


def test_the_newest_hard_leg_day_and_experience_give_advise_s_verdict() -> None:
    offsets = (None, 0, 1, 47 * 3600 + 3599, 48 * 3600, 48 * 3600 + 1, -1)  # seconds before
    cases = 0
    for hard_ago, older_hard, light_ago, run_type, experience in product(
        offsets, (False, True), (None, 0, 600), list(RunType), list(Experience)
    ):
        leg_days = [
            LegDay(at=T - timedelta(seconds=ago), is_hard=hard)
            for ago, hard in ((hard_ago, True), (light_ago, False))
            if ago is not None
        ]
        if older_hard:
            leg_days.append(LegDay(at=T - timedelta(hours=30), is_hard=True))
        advice = advise(
            PlannedRun(run_type=run_type, at=T), leg_days, Profile(experience=experience), RULES
        )
        counted = [d.at for d in leg_days if d.is_hard and d.at <= T]
        last_hard = max(counted, default=None)
        assert verdict_after_hard(run_type, T, last_hard, experience, RULES) == (
            advice.verdict,
            advice.ready_at,
        ), (hard_ago, older_hard, light_ago, run_type, experience)
        cases += 1
    assert cases == 7 * 2 * 3 * len(RunType) * len(Experience)


def test_without_a_hard_leg_day_every_run_is_a_go() -> None:
    for run_type, experience in product(RunType, Experience):
        assert verdict_after_hard(run_type, T, None, experience, RULES) == (Verdict.GO, None)
