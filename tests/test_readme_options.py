"""README.md's command tables state no option, range or length the code does not have.

tests/test_readme_reference.py checks the other way round: that each option is named, with
its range somewhere in its brackets. Here every range and length a row states must be the
option's own, so a stale figure left beside the right one (or an option renamed in the code)
shows up, and `/edit`'s minutes, which the row states as /run's and /legday's, are those; so are
the facts a row states that live outside the options model: /run's world records and
`/club session add`'s defaults."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.actions.catalog import CommandSpec
from bot.actions.logbook import LEGDAY, RUN
from bot.config import ClubSettings
from bot.core.clubpost import SESSION_MINUTES_DEFAULT
from bot.core.plausible import RECORDS
from tests.test_readme_reference import COMMANDS, README, bound, command_rows, described

# A range or a length as the tables write them: "0-20", "0.1-300", "up to 200 characters".
RANGE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(?![\w.-])")
LENGTH = re.compile(r"(?:(\d+)-)?(\d+) characters")


def top_level(cell: str) -> str:
    """`cell` without what is in brackets: the options a row names, not what it says of them."""
    kept, depth = [], 0
    for char in cell:
        depth += {"(": 1}.get(char, 0)
        if depth == 0:
            kept.append(char)
        depth -= {")": 1}.get(char, 0)
    return "".join(kept)


def without_code(text: str) -> str:
    """`text` without its code spans: examples such as `2027-04-25` are values, not ranges."""
    return re.sub(r"`[^`]*`", "`…`", text)


def pair(low: Any, high: Any) -> tuple[float, float] | None:
    return None if low is None or high is None else (float(low), float(high))


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_each_option_a_row_names_is_one_of_the_commands(spec: CommandSpec) -> None:
    options, _ = command_rows()[spec.name]
    named = re.findall(r"`([a-z_][a-z0-9_]*)`", top_level(options))
    assert [name for name in named if name not in spec.options.model_fields] == []


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_each_range_and_length_a_row_states_is_the_options_own(spec: CommandSpec) -> None:
    options, _ = command_rows()[spec.name]
    wrong = []
    for name, field in spec.options.model_fields.items():
        said = described(options, name)
        if said is None:
            continue
        said = without_code(said)
        lengths = LENGTH.findall(said)
        for low, high in RANGE.findall(LENGTH.sub("", said)):
            if (float(low), float(high)) != pair(bound(field, "ge"), bound(field, "le")):
                wrong.append(f"`{name}` {low}-{high}")
        for low, high in lengths:
            longest, shortest = bound(field, "max_length"), bound(field, "min_length") or 0
            if int(high) != longest or (low and int(low) != shortest):
                wrong.append(f"`{name}` {low or 'up to '}{high} characters")
    assert wrong == [], f"/{spec.name}: the code has other ranges or lengths"


def test_the_edit_row_states_a_runs_and_a_leg_days_minutes() -> None:
    """ "`minutes`: 1-1440 for a run, 1-300 for a leg day": /run's range and /legday's."""
    options, _ = command_rows()["edit"]
    said = re.search(r"`minutes`: (\S+) for a run, (\S+) for a leg day", options)
    assert said is not None, "/edit's row no longer states its minutes"

    def minutes(spec: CommandSpec) -> str:
        field = spec.options.model_fields["minutes"]
        return f"{bound(field, 'ge'):g}-{bound(field, 'le'):g}"

    assert said.groups() == (minutes(RUN), minutes(LEGDAY))


def test_the_bench_prose_counts_runs_options_as_the_model_has_them() -> None:
    """`/run` "finds which of its options are files once rather than by scanning all N
    options": N is /run's number of options (six and ten files), which the prose once gave as
    17."""
    text = " ".join(README.split())
    said = re.search(r"by scanning all (\d+) options", text)
    assert said is not None
    assert int(said.group(1)) == len(RUN.options.model_fields)


# The /run row names these records by the distances a runner knows them by.
RECORD_NAMES = {
    "a mile": 1609.344,
    "5 km": 5000,
    "10 km": 10000,
    "a half marathon": 21097.5,
    "a marathon": 42195,
}


def record_time(seconds: float) -> str:
    """A record as the README writes it: 3:43.13, 26:11, 2:00:35."""
    whole, hundredths = divmod(round(seconds * 100), 100)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    shown = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return shown + (f".{hundredths:02d}" if hundredths else "")


def test_the_run_row_states_the_records_the_pace_check_holds() -> None:
    """ "a mile under 3:43.13, 5 km under 12:35.36, ...": each is the pace check's own record
    (bot/core/plausible.py), and its track records start where the row says."""
    _, does = command_rows()["run"]
    records = dict(RECORDS)
    said = ", ".join(
        f"{name} under {record_time(records[metres])}" for name, metres in RECORD_NAMES.items()
    )
    assert f"({said}, and the track records from {RECORDS[0][0]:g} m up;" in does


def test_the_session_add_row_states_the_defaults_the_action_takes() -> None:
    """`minutes` and `event` have no default in the options model: the action fills them in
    (SESSION_MINUTES_DEFAULT, and the bot's `[club] session_events`), as the row says."""
    options, _ = command_rows()["club session add"]
    minutes = described(options, "minutes") or ""
    assert re.search(rf"\bdefault {SESSION_MINUTES_DEFAULT}\b", minutes), minutes
    default = ClubSettings.model_fields["session_events"].default
    event = described(options, "event") or ""
    assert f"default `[club] session_events`, {str(default).lower()}" in event
