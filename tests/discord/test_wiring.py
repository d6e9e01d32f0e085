"""A command is wired to its Discord-only runner by its declaration, not by a name string: a
renamed or dropped command cannot silently lose its runner or leave one behind."""

from __future__ import annotations

import dataclasses

import pytest

from bot.actions.catalog import all_commands, groups
from bot.actions.club import CLUB_REMINDER_SET
from bot.discord.commands import runners
from bot.discord.commands.slash import build_tree, needs_runner


def test_every_runner_is_for_a_command_of_the_catalog() -> None:
    catalog = all_commands()
    assert [spec.name for spec in runners() if spec not in catalog] == []


def test_every_command_whose_declaration_needs_a_runner_has_one() -> None:
    # From the declarations: /mydata delete's confirmation, /club reminder set's channel
    # option, /run's file options.
    needing = {spec.name for spec in all_commands() if needs_runner(spec)}
    assert needing == {"mydata delete", "club reminder set", "run"}
    assert needing <= {spec.name for spec in runners()}


def test_a_renamed_command_with_its_runner_left_behind_stops_the_tree() -> None:
    renamed = dataclasses.replace(CLUB_REMINDER_SET, name="club reminder at")
    catalog = [renamed if spec == CLUB_REMINDER_SET else spec for spec in all_commands()]
    with pytest.raises(ValueError, match="catalog does not list: /club reminder set"):
        build_tree(catalog, groups(), runners())
    # Dropped from the runners too: the renamed command needs one (its channel option).
    left = {spec: run for spec, run in runners().items() if spec != CLUB_REMINDER_SET}
    with pytest.raises(ValueError, match="need a Discord runner and have none: /club reminder at"):
        build_tree(catalog, groups(), left)
