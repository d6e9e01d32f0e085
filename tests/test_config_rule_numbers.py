"""The numbers of advice-rules.md that were fixed in the code and are now `[advice]` keys: the
heart-rate and speed bands of watch files, the easy runs they compare with, the paced runs
that give a member's usual pace, and the weeks /week compares with and needs held. Each is
refused out of its range, and against the key it bounds naming both, through `check-config`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def check(tmp_path: Path, advice: dict[str, float]) -> int:
    """`check-config`'s exit status for a file whose `[advice]` holds `advice`."""
    path = tmp_path / "config.toml"
    lines = "".join(f"{key} = {value}\n" for key, value in advice.items())
    path.write_text(f"[advice]\n{lines}", encoding="utf-8")
    return main(["check-config", "--config", str(path)])


@pytest.mark.parametrize(
    ("advice", "refused"),
    [
        ({"hr_low_below_percent": 0}, "advice.hr_low_below_percent:"),
        ({"hr_high_above_percent": 101}, "advice.hr_high_above_percent:"),
        ({"speed_low_up_to": 0.99}, "advice.speed_low_up_to:"),
        ({"speed_moderate_up_to": 2.01}, "advice.speed_moderate_up_to:"),
        ({"recent_easy_runs": 51}, "advice.recent_easy_runs:"),
        ({"min_easy_runs": 0}, "advice.min_easy_runs:"),
        ({"pace_runs": 0}, "advice.pace_runs:"),
        ({"pace_runs": 51}, "advice.pace_runs:"),
        ({"load_weeks_compared": 13}, "advice.load_weeks_compared:"),
        ({"load_base_weeks": 0}, "advice.load_base_weeks:"),
        ({"recent_easy_runs": 2.5}, "advice.recent_easy_runs: must be a whole number from 1 to 50"),
    ],
)
def test_a_value_out_of_its_range_is_refused_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], advice: dict[str, float], refused: str
) -> None:
    assert check(tmp_path, advice) == 2
    assert refused in capsys.readouterr().err


@pytest.mark.parametrize(
    ("advice", "refused"),
    [
        (
            {"hr_low_below_percent": 86},
            "hr_low_below_percent = 86 must not be more than hr_high_above_percent = 85",
        ),
        (
            {"hr_low_below_percent": 70, "hr_high_above_percent": 65},
            "hr_low_below_percent = 70 must not be more than hr_high_above_percent = 65",
        ),
        (
            {"speed_low_up_to": 1.16},
            "speed_low_up_to = 1.16 must not be more than speed_moderate_up_to = 1.15",
        ),
        ({"min_easy_runs": 11}, "min_easy_runs = 11 must not be more than recent_easy_runs = 10"),
        ({"recent_easy_runs": 2}, "min_easy_runs = 3 must not be more than recent_easy_runs = 2"),
        (
            {"load_base_weeks": 5},
            "load_base_weeks = 5 must not be more than load_weeks_compared = 4",
        ),
        (
            {"load_weeks_compared": 2},
            "load_base_weeks = 3 must not be more than load_weeks_compared = 2",
        ),
    ],
)
def test_keys_that_bound_each_other_are_refused_out_of_order_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], advice: dict[str, float], refused: str
) -> None:
    assert check(tmp_path, advice) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("runclub-bot: invalid configuration:\n  advice: ")
    assert refused in err


@pytest.mark.parametrize(
    "advice",
    [
        {"hr_low_below_percent": 85},
        {"speed_low_up_to": 1.15},
        {"min_easy_runs": 10},
        {"load_base_weeks": 4},
        {"load_weeks_compared": 12, "load_base_weeks": 1},
        {"hr_low_below_percent": 70, "speed_moderate_up_to": 1.3, "recent_easy_runs": 20},
    ],
)
def test_keys_at_the_line_are_accepted_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], advice: dict[str, float]
) -> None:
    assert check(tmp_path, advice) == 0
    out = capsys.readouterr().out
    for key, value in advice.items():
        assert f"\n{key} = {value}\n" in out
