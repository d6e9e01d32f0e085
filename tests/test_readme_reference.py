"""README.md's reference parts agree with the code they describe: the command tables with the
catalog's options, the configuration table with the settings model, the layout tables with the
tree, and the make targets with the Makefile. Each check reads the code's own declaration."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bot.actions.catalog import CommandSpec, all_commands
from bot.actions.local_calendar import CLUB_SESSION_JOIN
from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Every command a member or an admin can type, the console's own included.
COMMANDS = (*all_commands(), CLUB_SESSION_JOIN)
# /run's `file2` ... `file10` are written as that series, not one by one.
FILE_SERIES = re.compile(r"file\d+")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table_rows(text: str) -> list[list[str]]:
    """The cells of every table row in `text`, header and rule lines included."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|")
    ]


def command_rows() -> dict[str, list[str]]:
    """The Commands section's rows by command name ("club session add"): options, what it does."""
    rows: dict[str, list[str]] = {}
    for cells in table_rows(section("Commands")):
        found = re.fullmatch(r"`/([a-z ]+)`", cells[0])
        if found and len(cells) == 3:
            rows[found.group(1)] = cells[1:]
    return rows


def bound(field: FieldInfo, name: str) -> Any:
    return next((getattr(m, name) for m in field.metadata if hasattr(m, name)), None)


def described(options: str, name: str) -> str | None:
    """What the options cell says in brackets right after `name`, or None if nothing."""
    start = options.find(f"`{name}` (")
    if start == -1:
        return None
    depth, begin = 0, options.index("(", start)
    for index in range(begin, len(options)):
        depth += {"(": 1, ")": -1}.get(options[index], 0)
        if depth == 0:
            return options[begin + 1 : index]
    raise AssertionError(f"unbalanced brackets after `{name}`")


def test_every_command_row_is_a_real_command() -> None:
    assert set(command_rows()) == {spec.name for spec in COMMANDS}


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_each_row_names_the_commands_options_with_their_ranges(spec: CommandSpec) -> None:
    options, _ = command_rows()[spec.name]
    fields = spec.options.model_fields
    if not fields:
        assert options == "none"
        return
    for name, field in fields.items():
        if FILE_SERIES.fullmatch(name):
            assert f"`{name}`" in options or "`file10`" in options, name
            continue
        assert f"`{name}`" in options, f"/{spec.name} does not name `{name}`"
        said = described(options, name)
        if said is None:
            continue
        if field.is_required():
            assert "required" in said, f"/{spec.name} `{name}` is required"
        low, high = bound(field, "ge"), bound(field, "le")
        if low is not None and high is not None:
            assert f"{low:g}-{high:g}" in said, f"/{spec.name} `{name}`: {low:g}-{high:g}"
        longest = bound(field, "max_length")
        if longest is not None and "characters" in said:
            assert f"{longest} characters" in said, f"/{spec.name} `{name}`: {longest}"
        default = field.default
        if not field.is_required() and default is not None:
            shown = default.value if isinstance(default, Enum) else default
            assert f"default {shown}" in said, f"/{spec.name} `{name}`: default {shown}"


def settings_keys() -> dict[str, FieldInfo]:
    keys: dict[str, FieldInfo] = {}
    for table, field in Settings.model_fields.items():
        model = field.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        keys.update({f"{table}.{key}": inner for key, inner in model.model_fields.items()})
    return keys


def config_rows() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for cells in table_rows(section("Configuration")):
        found = re.fullmatch(r"`([a-z_]+\.[a-z_]+)`", cells[0])
        if found:
            rows[found.group(1)] = cells[1:]
    return rows


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def test_the_configuration_table_has_every_key_and_no_other() -> None:
    assert set(config_rows()) == set(settings_keys())


@pytest.mark.parametrize("key", sorted(settings_keys()))
def test_each_configuration_row_has_the_keys_default_and_range(key: str) -> None:
    field = settings_keys()[key]
    default, meaning = config_rows()[key]
    if field.default is not None:
        assert default == f"`{toml_value(field.default)}`"
    low, high = bound(field, "ge"), bound(field, "le")
    above = bound(field, "gt")
    if low is not None and high is not None:
        assert f"{low:g}-{high:g}" in meaning
    elif above is not None and high is not None:
        assert f"more than {above:g}, up to {high:g}" in meaning


def test_every_path_the_readme_names_exists() -> None:
    named = set(re.findall(r"`((?:bot|scripts|tests)/[\w./]+)`", README))
    assert named, "the pattern finds no path"
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_the_feature_table_names_modules_that_exist() -> None:
    rows = table_rows(section("Development"))
    header = next(cells for cells in rows if cells[0] == "feature")
    # A column's folder is in its heading, e.g. core (`bot/core/`); front ends give full paths.
    folders = [next(iter(re.findall(r"`(bot/[\w/]+/)`", cell)), "") for cell in header]
    missing = []
    for cells in rows[rows.index(header) + 2 :]:
        if len(cells) != len(header):
            break
        for folder, cell in zip(folders[1:], cells[1:], strict=True):
            for module in re.findall(r"`([\w/]+\.py)`", cell):
                path = module if "/" in module else folder + module
                if not (ROOT / path).is_file():
                    missing.append(path)
    assert missing == []


def test_every_make_target_the_readme_names_is_in_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = next(line for line in makefile.splitlines() if line.startswith(".PHONY:"))
    targets = set(phony.removeprefix(".PHONY:").split())
    named = set(re.findall(r"`make ([a-z-]+)", README)) | set(
        re.findall(r"^make ([a-z-]+) ", README, re.MULTILINE)
    )
    assert named and named <= targets


def test_the_keys_said_to_take_a_fraction_are_the_settings_fractional_ones() -> None:
    text = " ".join(section("Configuration").split())
    start = text.index("except where a fraction is allowed:")
    said = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", text[start : text.index(". ", start)]))
    fractional = {
        key
        for key, field in settings_keys().items()
        if float in (field.annotation, *getattr(field.annotation, "__args__", ()))
    }
    assert said == fractional


def test_the_layout_table_places_every_module() -> None:
    """Each module of bot/ is named in the layout table, or lies in a folder it names."""
    text = section("Development")
    table = text[text.index("The code is laid out by layer") : text.index("Inside each layer")]
    named = set(re.findall(r"`(bot/[\w/.]+)`", table))
    folders = tuple(path for path in named if path.endswith("/"))
    unplaced = [
        path
        for module in sorted((ROOT / "bot").rglob("*.py"))
        if module.name != "__init__.py"
        and (path := module.relative_to(ROOT).as_posix()) not in named
        and not path.startswith(folders)
    ]
    assert unplaced == []
