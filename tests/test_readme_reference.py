"""README.md's reference parts agree with the code they describe: the command tables with the
catalog's options, the configuration table with the settings model, the layout tables with the
tree, and the make targets with the Makefile. Each check reads the code's own declaration."""

from __future__ import annotations

import argparse
import io
import re
import tokenize
import typing
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bot.actions.catalog import (
    CommandSpec,
    admin_commands,
    all_commands,
    groups,
    member_commands,
)
from bot.actions.file_reader import PARSE_TIME_LIMIT_SECONDS, WORKER_IDLE_SECONDS
from bot.actions.local_calendar import CLUB_SESSION_JOIN
from bot.actions.option_base import FILES_MAX, PICKED_ID_MAX, suggestion
from bot.actions.run_files import RUNS_MAX
from bot.actions.scheduler import RETRY_AFTER, SLOW_POLL
from bot.activity_files.model import MAX_FILE_BYTES, MAX_POINTS
from bot.activity_files.moving import MIN_MOVING_SPEED, WINDOW_SECONDS
from bot.activity_files.safexml import DEPTH_MAX, ELEMENTS_BEYOND, ELEMENTS_PER_POINT
from bot.activity_files.sports import STRAVA_TYPES
from bot.activity_files.track import (
    CLIMB_STEP_METRES,
    HIGHEST_BPM,
    HIGHEST_METRES,
    LOWEST_BPM,
    LOWEST_METRES,
    SHORT_SHARE,
)
from bot.cli import build_parser
from bot.config import Settings
from bot.config_history import MOVED_KEYS, RETIRED_KEYS
from bot.core.clubpost import MAX_SESSIONS, Weekday
from bot.core.clubweek import TOP_NAMED
from bot.core.identify import FIRST_DELAY, IDENTIFY_SPACING, MAX_DELAY, QUICK
from bot.core.models import _ORDERED_RULES, AdviceRules, Profile, RunType, intensity_of
from bot.core.races import RACES_MAX, RACING_DAYS
from bot.core.reminders import MAX_ATTEMPTS, NOTICES_READ_EVERY, READY_LATE_LIMIT
from bot.core.repeats import REPEAT_DISTANCE_SHARE, REPEAT_WITHIN
from bot.core.resend import DM_SEND_TIMEOUT, POST_SEND_TIMEOUT, SAME_NONCE_WINDOW
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, retry_delay
from bot.core.send_budget import GLOBAL_REQUESTS_PER_SECOND, SAFE_SHARE
from bot.core.session_events import GUILD_EVENTS_MAX, HEADS_UP_HOURS_DEFAULT, REREAD_EVERY
from bot.core.when.common import (
    CLOCK_MAX,
    FUTURE_SLACK,
    MAX_CHOICES,
    MAX_DISTANCE,
    PAST_SLACK,
    TIMEZONE_MAX,
    WHEN_MAX,
)
from bot.core.when.parse import PARTS_OF_DAY
from bot.core.wording import number_word
from bot.health import HEARTBEAT_SECONDS
from bot.render.leaderboard import ROWS_MAX
from bot.render.mydata import CONFIRM_SECONDS, EXPORT_FORMAT

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


def test_the_configuration_names_each_former_key_and_where_a_moved_one_lives() -> None:
    """A retired key is named where the README says such keys are ignored; a moved one in the
    row of the key it became ("Formerly `[reminders] catch_up_hours`")."""
    text = " ".join(section("Configuration").split())
    start = text.index("A key an earlier version read and this one no longer does (")
    said = text[start : text.index(") is ignored", start)]
    named = set(re.findall(r"`([a-z_]+)\.([a-z_]+)`", said))
    assert named == set(RETIRED_KEYS)
    rows = config_rows()
    for (section_name, key), (new_section, new_key) in MOVED_KEYS.items():
        assert f"Formerly `[{section_name}] {key}`" in rows[f"{new_section}.{new_key}"][1]


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


def test_the_watch_file_corpus_is_counted_as_its_sources_list_it() -> None:
    """ "66 files listed in `tests/data/real/SOURCES.md`": a file added to the corpus (a row of
    that table) changes the count the manual gives."""
    sources = (ROOT / "tests" / "data" / "real" / "SOURCES.md").read_text(encoding="utf-8")
    files = [cells[0] for cells in table_rows(sources)[2:]]
    assert files and all(name.endswith((".fit", ".gpx", ".tcx", ".gz")) for name in files)
    said = f"{len(files)} files listed in `tests/data/real/SOURCES.md`"
    assert said in " ".join(README.split())


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


def enum_of(field: FieldInfo) -> type[Enum] | None:
    kinds = [field.annotation, *getattr(field.annotation, "__args__", ())]
    return next((k for k in kinds if isinstance(k, type) and issubclass(k, Enum)), None)


# How a row may name an option's choices other than one by one: the run types are listed once,
# under "Run types:" (a row may say how many there are, or nothing), and the days of the week
# as a span.
CHOICES_ONCE = {RunType: re.compile(r"one of the (\w+) run types")}
NUMBER_WORDS = {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
CHOICES_SPAN = {Weekday: "monday to sunday"}


def choice_fields() -> list[tuple[CommandSpec, str, type[Enum]]]:
    return [
        (spec, name, enum)
        for spec in COMMANDS
        for name, field in spec.options.model_fields.items()
        if (enum := enum_of(field)) is not None
    ]


@pytest.mark.parametrize(
    ("spec", "name", "enum"),
    choice_fields(),
    ids=[f"{spec.name}-{name}" for spec, name, _ in choice_fields()],
)
def test_each_row_names_an_options_choices_and_no_other(
    spec: CommandSpec, name: str, enum: type[Enum]
) -> None:
    """A choice added, renamed or dropped in the code shows up here, not in a member's
    "that is not one of the choices"."""
    options, _ = command_rows()[spec.name]
    said = described(options, name)
    values = [str(member.value) for member in enum]
    if enum in CHOICES_ONCE:
        found = CHOICES_ONCE[enum].search(said or "")
        assert found is None or NUMBER_WORDS.get(found.group(1)) == len(values), spec.name
        return
    assert said is not None, f"/{spec.name} `{name}` does not say its choices"
    if said.startswith("as `/"):
        return  # "as `/race set`'s": that row is checked itself
    if enum in CHOICES_SPAN:
        assert f"{values[0]} to {values[-1]}" in said
        return
    listed = re.split(r",\s*|\s+or\s+", said.split(";")[0])
    assert [word.strip() for word in listed] == values, f"/{spec.name} `{name}`"


def test_the_run_types_paragraph_lists_each_type_under_its_intensity() -> None:
    text = " ".join(section("Commands").split())
    start = text.index("Run types: ")
    paragraph = text[start : text.index(".", start)]
    said: dict[str, str] = {}
    for group, intensity in re.findall(r"((?:`[a-z]+`,? ?)+) \((low|moderate|high)", paragraph):
        said.update({run: intensity for run in re.findall(r"`([a-z]+)`", group)})
    assert said == {run.value: intensity_of(run).value.lower() for run in RunType}


def table_commands(title: str) -> set[str]:
    text = section("Commands")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n### ", start + 1)
    names: set[str] = set()
    for cells in table_rows(text[start : end if end != -1 else None]):
        found = re.fullmatch(r"`/([a-z ]+)`", cells[0])
        if found:
            names.add(found.group(1))
    return names


def test_members_and_admins_commands_are_in_their_own_tables() -> None:
    """Who may use a command: the Members table holds every member's command, the Club admins
    table every admin group's (Manage Server), the console's `/club session join` included."""
    assert table_commands("Members") == {spec.name for spec in member_commands()}
    admins = {spec.name for spec in (*admin_commands(), CLUB_SESSION_JOIN)}
    assert table_commands("Club admins") == admins
    admin_groups = {group.name for group in groups() if group.admin}
    assert all(name.rsplit(" ", 1)[0] in admin_groups for name in admins)


def test_every_test_folder_is_named_where_the_tests_are_described() -> None:
    text = section("Development")
    said = text[text.index("Tests mirror the tree") :]
    folders = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").iterdir()
        if path.is_dir() and any(path.glob("test_*.py"))
    )
    assert [folder for folder in folders if f"`{folder}`" not in said] == []


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_command_line_table_has_each_subcommand_with_its_options() -> None:
    """Every subcommand of the parser has a row (beside the bare `runclub-bot`), naming each
    option it takes beyond `--config` and `--help` (said once under the table), and no other."""
    text = section("Operations")
    start = text.index("### Command line")
    rows: dict[str, str] = {}
    for cells in table_rows(text[start : text.index("\n### ", start + 1)]):
        found = re.fullmatch(r"`runclub-bot(?: ([a-z-]+))?(.*)`", cells[0])
        if found and found.group(1):
            rows[found.group(1)] = found.group(2)
    parsers = subcommands()
    assert set(rows) == set(parsers)
    for name, parser in parsers.items():
        options = {
            option
            for action in parser._actions
            for option in action.option_strings
            if option.startswith("--") and option not in ("--config", "--help")
        }
        positional = [a.dest.upper() for a in parser._actions if not a.option_strings]
        assert set(re.findall(r"--[a-z-]+", rows[name])) == options, name
        assert all(re.search(rf"\b{word}\b", rows[name]) for word in positional), name


def test_the_profile_row_states_the_profiles_defaults() -> None:
    _, does = command_rows()["profile"]
    said = does[does.index("Defaults: ") : does.index(".", does.index("Defaults: "))]
    default = Profile()
    assert default.timezone is None and "the club's time zone" in said
    for name, field in Profile.model_fields.items():
        value = getattr(default, name)
        if isinstance(value, Enum):
            assert re.search(rf"\b{re.escape(str(value.value))}\b", said), name
        elif isinstance(value, bool):
            assert ("listed" if value else "not listed") in said, name
        elif value is None and field.annotation != ZoneInfo | None:
            assert "no maximum heart rate" in said, name


# What stands for a value in a quoted reply: a number, a time, a date's names, a zone, a
# mention, code, member text in curly quotes, or an ellipsis; each splits the quote into the
# fixed wording around it.
QUOTED_VALUE = re.compile(
    r"…|\.\.\.|\d+(?:[:.,]\d+)*|`[^`]*`|@\w+|“[^”]*”|[A-Z][a-z]+/[A-Za-z_]+"
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)


# A string token's text between its prefix and quotes.
_LITERAL = re.compile(r"(?is)([rbuf]*)(\"\"\"|'''|\"|')(.*)\2")
# Tokens after which a string starts a statement of its own: a docstring, not a reply.
_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}


def _literals(source: str) -> list[str]:
    """The string literals of `source` that are not docstrings, implicitly joined ones joined
    again, each f-string field as one NUL; comments and docstrings are left out."""
    found: list[str] = []
    run: list[str] = []
    before = tokenize.ENCODING
    starts_statement = False
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            if not run:
                starts_statement = before in _STATEMENT_START
            match = _LITERAL.fullmatch(token.string)
            assert match is not None, token.string
            body = match.group(3)
            run.append(
                re.sub(r"\{[^{}]*\}", "\x00", body) if "f" in match.group(1).lower() else body
            )
            continue
        if token.type in (tokenize.NL, tokenize.COMMENT):
            continue  # a literal joined across lines, or a comment between its pieces
        if run and not (starts_statement and token.type == tokenize.NEWLINE):
            found.append("".join(run))
        run = []
        before = token.type
    return found


def bot_text() -> str:
    """What the bot can say: its string literals, not its comments or docstrings."""
    return "\n".join(
        literal
        for path in sorted((ROOT / "bot").rglob("*.py"))
        for literal in _literals(path.read_text(encoding="utf-8"))
    )


def test_every_quoted_reply_is_worded_as_the_bot_words_it() -> None:
    """Each double-quoted phrase of the README ("No entry … of yours") holds, around its
    values, words the bot's source has in that order; a word may stand for an f-string field
    ("1 member" for `{plural(n, 'member')}`). Reworded replies show up here."""
    source = bot_text()
    text = re.sub(r"`[^`]*`", "`…`", " ".join(README.split()))
    missing = []
    for quote in sorted(set(re.findall(r'"([^"]{4,300})"', text))):
        for part in QUOTED_VALUE.split(quote):
            words = part.strip(" ,.:;()").split()
            pattern = r"\s+".join(f"(?:{re.escape(word)}|\x00)" for word in words)
            if len(words) >= 2 and re.search(pattern, source) is None:
                missing.append(f"{quote!r}: {' '.join(words)!r}")
    assert missing == []


def test_the_when_paragraph_states_the_parsers_numbers() -> None:
    """The `when` paragraph under the commands: the parts of the day, how far from now a time
    may be, and how much of a refused text is quoted back, as bot/core/when declares them."""
    text = " ".join(section("Commands").split())
    start = text.index("`when` accepts")
    paragraph = text[start : text.index("Run types:", start)]
    parts = ", ".join(f"{name} {at:%H:%M}" for name, at in PARTS_OF_DAY.items())
    assert f"Parts of the day are fixed local times: {parts} " in paragraph
    assert f"more than {MAX_DISTANCE.days} days from now" in paragraph
    minutes = {1: "a minute", 5: "five minutes"}
    assert f"{minutes[PAST_SLACK // timedelta(minutes=1)]} of slack" in paragraph
    assert f"more than {minutes[FUTURE_SLACK // timedelta(minutes=1)]} in the past" in paragraph
    assert (
        f"{WHEN_MAX} characters for `when` and `date`, {TIMEZONE_MAX} for a time zone,"
        f" {CLOCK_MAX} for a clock time" in paragraph
    )
    assert f"up to {PICKED_ID_MAX} characters each" in paragraph


def test_the_training_load_estimates_are_the_advice_defaults() -> None:
    rows = {
        cells[0]: cells[1]
        for cells in table_rows(section("Training load"))
        if len(cells) == 2 and cells[0] not in ("missing", "---")
    }
    rules = AdviceRules()
    assert rows["a run's RPE"] == (
        f"by intensity: easy/recovery {rules.run_rpe_low}, steady/long {rules.run_rpe_moderate},"
        f" hard {rules.run_rpe_high}"
    )
    assert rows["a run's minutes, with a distance"] == (
        f"the distance at the median pace of your last {rules.pace_runs} runs of that intensity"
        f" with both a distance and minutes, else {rules.default_pace_min_per_km:g} min/km"
    )
    assert rows["a leg day's RPE"] == f"HARD {rules.leg_rpe_hard}, LIGHT {rules.leg_rpe_light}"
    assert rows["a leg day's minutes"] == (
        f"HARD {rules.leg_minutes_hard}, LIGHT {rules.leg_minutes_light}"
    )


def minutes(span: timedelta) -> int:
    return int(span / timedelta(minutes=1))


def seconds(span: timedelta) -> int:
    return int(span.total_seconds())


def prose_numbers() -> list[str]:
    """Sentences of the README that state a limit, a window or a count the code declares,
    each written from the code's constant."""
    backoff = ", ".join(str(minutes(retry_delay(n))) for n in range(1, 5))
    spoken = {1: "a minute"}
    advice = AdviceRules()
    weeks = number_word(advice.load_weeks_compared)
    pace = GLOBAL_REQUESTS_PER_SECOND * SAFE_SHARE
    strava = ", ".join(f"`{number}` a {STRAVA_TYPES[number]}" for number in ("9", "1", "16", "17"))
    return [
        f"Up to {MAX_SESSIONS} sessions",
        f"up to {RACES_MAX} ahead at once",
        f"up to {MAX_DISTANCE.days} days ahead",
        f"at most {FILES_MAX} files per `/run`, each at most {MAX_FILE_BYTES // 2**20} MB",
        f"at most {MAX_POINTS:,} track points, read within {PARSE_TIME_LIMIT_SECONDS:g} seconds",
        f"nested more than {DEPTH_MAX} elements deep",
        f"whose elements pass {ELEMENTS_BEYOND:,} besides {ELEMENTS_PER_POINT} for each point"
        " read before them",
        f"leaves after {WORKER_IDLE_SECONDS / 60:g} minutes without one",
        f"more than {READY_LATE_LIMIT // timedelta(hours=1)} hours late is dropped",
        f"(up to {MAX_ATTEMPTS} tries)",
        f"After {PAUSE_AFTER_FAILED_DAYS} failed days in a row",
        f"up to {TOP_NAMED} listed ones named",
        f"the first {ROWS_MAX} named",
        f"within {CONFIRM_SECONDS} seconds",
        f"started from {minutes(REPEAT_WITHIN)} minutes before the file's run to"
        f" {minutes(REPEAT_WITHIN)} minutes after it ended",
        f"with a distance within {REPEAT_DISTANCE_SHARE:.0%} of it",
        f"at most {GUILD_EVENTS_MAX} scheduled events",
        f"(within {minutes(REREAD_EVERY)} minutes, until the start)",
        f"tried again at the read's next look, {minutes(REREAD_EVERY)} minutes later",
        f"is seen within {minutes(SLOW_POLL)} minutes",
        f"tried again {seconds(RETRY_AFTER)} seconds later",
        f"within {seconds(POST_SEND_TIMEOUT)} seconds",
        f"at most {spoken[minutes(NOTICES_READ_EVERY)]} later",
        f"{backoff} and {minutes(retry_delay(5))} minutes, then every"
        f" {minutes(retry_delay(99))} minutes",
        f"the {WINDOW_SECONDS:g} seconds around it",
        f"at least {MIN_MOVING_SPEED * WINDOW_SECONDS:g} m in them ({MIN_MOVING_SPEED:g} m/s",
        f"at least {CLIMB_STEP_METRES:g} m above",
        f"falls more than {1 - SHORT_SHARE:.0%} short",
        f"last {advice.recent_easy_runs} easy or recovery runs",
        f"(at least {advice.min_easy_runs} needed)",
        f"up to {advice.speed_low_up_to:g} times it is",
        f"up to {advice.speed_moderate_up_to:g} times",
        f"Below {advice.hr_low_below_percent}% is low intensity",
        f"{advice.hr_low_below_percent}% to {advice.hr_high_above_percent}% moderate",
        f"above {advice.hr_high_above_percent}% high",
        f"{seconds(FIRST_DELAY)} s, then {2 * seconds(FIRST_DELAY)} s,"
        f" {4 * seconds(FIRST_DELAY)} s, ... up to {minutes(MAX_DELAY)} minutes",
        f"each within {minutes(QUICK)} minutes",
        f"× {seconds(IDENTIFY_SPACING)} s",
        f"every {HEARTBEAT_SECONDS} seconds",
        f"Racing in the next {RACING_DAYS} days",
        f"its share of {GLOBAL_REQUESTS_PER_SECOND * SAFE_SHARE:g} a second",
        f"back within {minutes(SAME_NONCE_WINDOW)} minutes",
        f"logged {advice.race_taper_days} days (`[advice] race_taper_days`)",
        f"one run more than {advice.spike_percent:g}% longer than the longest run of the"
        f" {advice.spike_days} days before it",
        f"with fewer than {advice.load_base_weeks} of those {weeks}"
        " weeks holding an entry,"
        f" or an average below {advice.load_base_floor:g} (`load_base_floor`)",
        f"the average of the {weeks} weeks before it",
        f"The {weeks} weeks (`load_weeks_compared`) and the"
        f" {advice.load_base_weeks} of them (`load_base_weeks`) are defaults",
        f"the pace's {advice.pace_runs} runs as `pace_runs`",
        f"and at most {RUNS_MAX} runs in all from one `/run`",
        f"a heart rate outside {LOWEST_BPM}-{HIGHEST_BPM} bpm",
        f"(below {LOWEST_METRES:,.0f} m or above {HIGHEST_METRES:,.0f} m)",
        f"numbers the sport ({strava}...)",
        f"is recorded {spoken[minutes(DM_SEND_TIMEOUT)]} after the start as failed",
        f"Autocomplete offers places only (up to {MAX_CHOICES})",
        f"as numbers; `format` {EXPORT_FORMAT})",
        f"{int(HEADS_UP_HOURS_DEFAULT * 60) // minutes(REREAD_EVERY)} reads with the default"
        f" {HEADS_UP_HOURS_DEFAULT:g} hours",
        f"at most about {int(pace * seconds(REREAD_EVERY) / 2):,} sessions in those hours at once"
        f" ({pace:g} × {seconds(REREAD_EVERY)} s ÷ 2)",
    ]


@pytest.mark.parametrize("sentence", prose_numbers())
def test_the_prose_states_the_codes_limits_and_windows(sentence: str) -> None:
    assert sentence in " ".join(README.split())


@pytest.mark.parametrize(
    "key",
    [
        key
        for key, field in settings_keys().items()
        if typing.get_origin(field.annotation) is Literal
    ],
)
def test_a_configuration_key_with_choices_names_each_of_them(key: str) -> None:
    _, meaning = config_rows()[key]
    choices = typing.get_args(settings_keys()[key].annotation)
    assert re.findall(r"`([A-Za-z_-]+)`", meaning.split(";")[0]) == list(choices)


@pytest.mark.parametrize(("low", "high"), _ORDERED_RULES, ids="-".join)
def test_keys_that_bound_each_other_say_so_on_both_rows(low: str, high: str) -> None:
    """ "Keys that bound each other must keep their order": each of the two rows names the
    other ("not above `pain_soreness`", "not below `soreness_threshold`", or a span)."""
    rows = config_rows()
    assert f"`{high}`" in rows[f"advice.{low}"][1]
    assert f"`{low}`" in rows[f"advice.{high}"][1]


KEY_LINE = re.compile(r"#? ?([a-z_]+) = ")


def example_comments() -> dict[str, str]:
    """config.example.toml's comment above each key, by "table.key": a run of keys under one
    comment (`run_rpe_low`, `run_rpe_moderate`, `run_rpe_high`) shares it."""
    lines = (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines()
    comments: dict[str, str] = {}
    table = ""
    for index, line in enumerate(lines):
        if line.startswith("["):
            table = line.strip("[]")
            continue
        found = KEY_LINE.match(line)
        if not found:
            continue
        above = index - 1
        while above >= 0 and KEY_LINE.match(lines[above]):
            above -= 1
        block: list[str] = []
        while above >= 0 and lines[above].startswith("#") and not KEY_LINE.match(lines[above]):
            block.insert(0, lines[above].lstrip("# "))
            above -= 1
        comments[f"{table}.{found.group(1)}"] = " ".join(block)
    return comments


def test_the_example_config_comments_each_keys_range() -> None:
    comments = example_comments()
    assert set(comments) == set(settings_keys())
    wrong = []
    for key, field in settings_keys().items():
        low, high, above = bound(field, "ge"), bound(field, "le"), bound(field, "gt")
        if low is not None and high is not None:
            said = f"{low:g}-{high:g}"
        elif above is not None and high is not None:
            said = f"more than {above:g}, up to {high:g}"
        else:
            continue
        if said not in comments[key]:
            wrong.append(f"{key}: {said}")
    assert wrong == []


def test_every_code_name_the_readme_uses_is_in_the_code() -> None:
    """A name in backticks that reads as code (`services_of(client)`, `TimerRunner`,
    `Context.due_changed`, an option or key such as `weeks_back`) is a word of the source,
    compose.yaml or the Makefile: a rename leaves no stale name in the manual."""
    sources = [*(ROOT / "bot").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    sources += [ROOT / name for name in ("compose.yaml", "Makefile", "Dockerfile")]
    words = set(re.findall(r"\w+", "\n".join(p.read_text(encoding="utf-8") for p in sources)))
    named = re.findall(r"`([A-Za-z_][\w.]*)(?:\([^`]*\))?`", README)
    unknown = {
        name
        for name in named
        for part in name.split(".")
        if ("_" in part.strip("_") or re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", part))
        and part not in words
    }
    assert unknown == set()


def test_the_console_answers_with_a_list_for_each_picked_option_the_quick_start_names() -> None:
    """Quick start: "Where Discord lists choices (`/delete`'s and `/edit`'s entries, ...), a
    wrong value is answered with the list": every option that picks one of the member's or
    the club's things by id, and no other."""
    text = " ".join(section("Quick start").split())
    start = text.index("Where Discord lists choices (")
    said = text[start : text.index("), a wrong value", start)]
    named = set(re.findall(r"`/([a-z ]+)`'s", said))
    picking = {
        spec.name
        for spec in COMMANDS
        for field in spec.options.model_fields.values()
        if (kind := suggestion(field)) is not None and kind.picks
    }
    assert named == picking
