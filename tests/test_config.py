"""Settings: TOML, then environment; every mistake names its key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bot.config
from bot.cli import main
from bot.config import ConfigError, load_config, settings_from_mapping

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_config(env={}).settings
    assert settings.database.path == Path("data/runclub.sqlite3")
    assert settings.club.timezone == "UTC"
    assert settings.club.public_logs is False
    assert settings.advice.window_hours == 48
    assert settings.advice.soreness_threshold == 4
    assert settings.daily_post.catch_up_hours == 3
    assert settings.privacy.keep_days_after_removal == 30
    assert settings.token is None


def test_the_example_file_is_valid_and_matches_the_defaults() -> None:
    from_example = load_config(EXAMPLE, env={}).settings
    assert from_example == settings_from_mapping({}, env={})


def test_file_values_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[club]\ntimezone = "europe/london"\npublic_logs = true\n'
        "[advice]\nwindow_hours = 36\n"
        '[database]\npath = "x/club.sqlite3"\n',
    )
    settings = load_config(path, env={}).settings
    # Stored under the canonical spelling whatever case was typed.
    assert settings.club.timezone == "Europe/London"
    assert settings.club.public_logs is True
    assert settings.advice.window_hours == 36
    assert settings.database.path == Path("x/club.sqlite3")


def test_environment_token_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[discord]\ntoken = "from-file"\n')
    assert load_config(path, env={}).settings.token == "from-file"
    assert load_config(path, env={"DISCORD_TOKEN": " from-env "}).settings.token == "from-env"


def test_token_is_hidden_in_repr(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, ""), env={"DISCORD_TOKEN": "s3cret-token"}).settings
    assert "s3cret-token" not in repr(settings)
    assert "s3cret-token" not in str(settings.model_dump())


def test_blank_token_counts_as_none(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, '[discord]\ntoken = "  "\n'), env={}).settings.token is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[club]\ncolour = 'red'\n", "club.colour: unknown key"),
        ("[clubs]\ntimezone = 'UTC'\n", "clubs: unknown key"),
        ("[club]\ntimezone = 'Mars/Olympus'\n", "club.timezone"),
        # An abbreviation is not a place: refused with the place it may mean.
        ("[club]\ntimezone = 'EST'\n", "club.timezone: EST: did you mean America/New_York"),
        ("[advice]\nwindow_hours = -1\n", "advice.window_hours"),
        ("[advice]\nsoreness_threshold = 11\n", "advice.soreness_threshold"),
        ("[database]\nbackup_keep = 0\n", "database.backup_keep"),
        ("[logging]\nlevel = 'LOUD'\n", "logging.level"),
        ("[club]\npublic_logs = 'perhaps'\n", "club.public_logs"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text), env={})
    assert named in str(err.value)


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[club\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path, env={})


def test_an_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(env={"RUNCLUB_CONFIG": str(tmp_path / "nope.toml")})


def test_config_path_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[club]\npublic_logs = true\n")
    assert load_config(env={"RUNCLUB_CONFIG": str(path)}).settings.club.public_logs is True


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "[advice]\neasy_alternative_min_minutes = 40\neasy_minutes_max = 30\n",
            "advice: easy_alternative_min_minutes = 40 must not be more than easy_minutes_max = 30",
        ),
        # The heartbeat is written every 30 s: a shorter limit would fail a healthy bot.
        ("[health]\nmax_age_seconds = 30\n", "health.max_age_seconds"),
    ],
)
def test_settings_that_contradict_each_other_are_refused(
    tmp_path: Path, text: str, named: str
) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text), env={})
    assert named in str(err.value)


def _settings_keys() -> set[str]:
    from bot.config import Settings  # noqa: PLC0415

    keys: set[str] = set()
    for section, field in Settings.model_fields.items():
        model = field.annotation
        assert isinstance(model, type)
        keys.update(f"{section}.{key}" for key in model.model_fields)
    return keys


def test_the_readme_table_lists_every_setting_and_no_other() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", section, flags=re.MULTILINE))
    assert listed == _settings_keys()


def test_the_example_config_names_every_setting_and_loads() -> None:
    path = Path(__file__).resolve().parent.parent / "config.example.toml"
    text = path.read_text(encoding="utf-8")
    named = set()
    section = ""
    for line in text.splitlines():
        if match := re.match(r"^\[([a-z_]+)\]$", line):
            section = match[1]
        elif match := re.match(r"^#?\s?([a-z_]+) = ", line):
            named.add(f"{section}.{match[1]}")
    assert _settings_keys() <= named
    load_config(path, env={})


@pytest.mark.parametrize(
    ("advice", "refused"),
    [
        # The issue's: easy runs assumed harder than hard ones, pain below soreness.
        (
            {"run_rpe_low": 9, "run_rpe_high": 2},
            "run_rpe_low = 9 must not be more than run_rpe_moderate = 5; run_rpe_moderate = 5"
            " must not be more than run_rpe_high = 2",
        ),
        (
            {"soreness_threshold": 9, "pain_soreness": 3},
            "soreness_threshold = 9 must not be more than pain_soreness = 3",
        ),
        # One past the line, each pair of the family.
        ({"run_rpe_low": 6}, "run_rpe_low = 6 must not be more than run_rpe_moderate = 5"),
        ({"run_rpe_high": 4}, "run_rpe_moderate = 5 must not be more than run_rpe_high = 4"),
        ({"leg_rpe_light": 8}, "leg_rpe_light = 8 must not be more than leg_rpe_hard = 7"),
        (
            {"leg_minutes_light": 61},
            "leg_minutes_light = 61 must not be more than leg_minutes_hard = 60",
        ),
        ({"pain_soreness": 3}, "soreness_threshold = 4 must not be more than pain_soreness = 3"),
        (
            {"easy_run_rpe_warning": 3},
            "easy_run_rpe_warning = 3 must be more than run_rpe_low = 3",
        ),
    ],
)
def test_advice_rules_that_contradict_each_other_are_refused_naming_both_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], advice: dict[str, int], refused: str
) -> None:
    lines = "".join(f"{key} = {value}\n" for key, value in advice.items())
    path = write(tmp_path, f"[advice]\n{lines}")
    assert main(["check-config", "--config", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("runclub-bot: invalid configuration:\n  advice: ")
    assert refused in err


@pytest.mark.parametrize(
    "advice",
    [
        # At the line: equal is allowed, and one step inside.
        {"run_rpe_low": 5, "run_rpe_moderate": 5, "run_rpe_high": 5, "easy_run_rpe_warning": 6},
        {"soreness_threshold": 8, "pain_soreness": 8},
        {"leg_rpe_light": 7, "leg_minutes_light": 60},
        {"easy_run_rpe_warning": 4},
    ],
)
def test_advice_rules_at_the_line_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], advice: dict[str, int]
) -> None:
    lines = "".join(f"{key} = {value}\n" for key, value in advice.items())
    assert main(["check-config", "--config", str(write(tmp_path, f"[advice]\n{lines}"))]) == 0
    out = capsys.readouterr().out
    for key, value in advice.items():
        assert f"\n{key} = {value}\n" in out


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        (
            '[club]\npublic_logs = "yes"\n',
            "club.public_logs: must be true or false, not text in quotes",
        ),
        ("[club]\npublic_logs = 1\n", "club.public_logs: must be true or false"),
        (
            '[advice]\nwindow_hours = "48"\n',
            "advice.window_hours: must be a number more than 0 and up to 168, not text in quotes",
        ),
        (
            "[advice]\nhard_exercises = 3.5\n",
            "advice.hard_exercises: must be a whole number from 1 to 20",
        ),
        (
            "[advice]\nrun_rpe_low = true\n",
            "advice.run_rpe_low: must be a whole number from 1 to 10",
        ),
        ('[discord]\nshard_ids = "0,1"\n', "discord.shard_ids: must be a list such as [0, 1]"),
        ("[club]\ntimezone = 1\n", "club.timezone: must be text in quotes"),
        ("club = 5\n", "club: must be a table"),
        (
            "[database]\nurl = 'mysql://x'\n",
            "database.url: must start with sqlite:///, postgresql:// or postgres://",
        ),
    ],
)
def test_values_of_the_wrong_type_are_refused_saying_what_is_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, refused: str
) -> None:
    assert main(["check-config", "--config", str(write(tmp_path, text))]) == 2
    assert refused in capsys.readouterr().err


def test_database_url_in_the_environment_wins_over_the_files_path_or_url(tmp_path: Path) -> None:
    url = "postgresql://runclub:pw@db.example:5432/runclub"
    loaded = load_config(EXAMPLE, env={"DATABASE_URL": url})
    assert loaded.settings.database.backend == "postgresql"
    assert loaded.settings.database.url == url
    assert loaded.database_origin == (
        f"from DATABASE_URL: the environment wins over [database] path in {EXAMPLE}"
    )
    in_file = write(tmp_path, '[database]\nurl = "sqlite:///from/file.sqlite3"\n')
    loaded = load_config(in_file, env={"DATABASE_URL": "sqlite:///from/env.sqlite3"})
    assert loaded.settings.database.path == Path("from/env.sqlite3")
    assert loaded.database_origin == (
        f"from DATABASE_URL: the environment wins over [database] url in {in_file}"
    )
    assert load_config(in_file, env={}).database_origin == f"from [database] url in {in_file}"
    # Both in the one file is still a contradiction, named.
    both = write(tmp_path, '[database]\npath = "a.sqlite3"\nurl = "sqlite:///b.sqlite3"\n')
    with pytest.raises(
        ConfigError,
        match=r"database: set \[database\] url or \[database\] path, not both \(DATABASE_URL",
    ):
        load_config(both, env={})


def test_pgpassword_fills_a_url_without_a_password_as_the_driver_would() -> None:
    env = {"DATABASE_URL": "postgresql://runclub@db:5432/runclub", "PGPASSWORD": "q8/Zt+Ue3=="}
    loaded = load_config(EXAMPLE, env=env)
    # Encoded into the url the bot connects with, so that the driver reads it back exactly.
    assert (
        loaded.settings.database.url == "postgresql://runclub:q8%2FZt%2BUe3%3D%3D@db:5432/runclub"
    )
    assert "q8/Zt+Ue3==" in loaded.settings.database.secrets
    assert loaded.database_origin.endswith("; its password from PGPASSWORD")
    # A password in the url is the url's, as for the driver.
    env["DATABASE_URL"] = "postgresql://runclub:own@db:5432/runclub"
    assert load_config(EXAMPLE, env=env).settings.database.url == env["DATABASE_URL"]


def test_a_retired_key_is_ignored_with_a_notice_instead_of_refused(tmp_path: Path) -> None:
    """A config.toml written for the version that had `load_jump_ratio` still starts: the key
    is set aside and check-config says why, instead of an unknown-key refusal."""
    config = tmp_path / "config.toml"
    config.write_text("[advice]\nload_jump_ratio = 1.5\nspike_percent = 20\n", encoding="utf-8")
    loaded = load_config(config, env={})
    assert loaded.settings.advice.spike_percent == 20
    [notice] = loaded.retired
    assert notice.startswith("[advice] load_jump_ratio is no longer used and is ignored")
    config.write_text("[advice]\nload_jump_ratios = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="load_jump_ratios"):
        load_config(config, env={})


def test_the_daily_posts_catch_up_under_its_old_section_is_still_read(tmp_path: Path) -> None:
    """`catch_up_hours` moved from [reminders] (the members' DMs' word) to [daily_post]: a file
    written for the old place keeps its value and is told where it lives now; with both set,
    the new place wins and the old one is named as ignored."""
    config = tmp_path / "config.toml"
    config.write_text("[reminders]\ncatch_up_hours = 5\n", encoding="utf-8")
    loaded = load_config(config, env={})
    assert loaded.settings.daily_post.catch_up_hours == 5
    assert loaded.retired == (
        "[reminders] catch_up_hours is now [daily_post] catch_up_hours: read from the old"
        " place this time; move it in the file",
    )
    config.write_text(
        "[reminders]\ncatch_up_hours = 5\n[daily_post]\ncatch_up_hours = 1\n", encoding="utf-8"
    )
    loaded = load_config(config, env={})
    assert loaded.settings.daily_post.catch_up_hours == 1
    assert loaded.retired == (
        "[reminders] catch_up_hours is ignored: [daily_post] catch_up_hours is set too, and wins",
    )
    # Only the moved key is read there: the section itself is gone.
    config.write_text("[reminders]\ncatch_up_hour = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="reminders: unknown key"):
        load_config(config, env={})


def test_check_config_on_postgresql_shows_no_sqlite_path_as_if_in_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With DATABASE_URL over the example's `path`, the [database] block must not list a
    SQLite file beside the url as if both were in use."""
    monkeypatch.setenv("DATABASE_URL", "postgresql://runclub:s3cret@db.example:5432/runclub")
    assert main(["check-config", "--config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert 'path = "(not used: the database is the url\'s)"' in out
    assert "runclub.sqlite3" not in out
    assert "s3cret" not in out


@pytest.mark.parametrize(
    ("seconds", "refused"),
    [
        ("-1", "discord.drain_seconds: Input should be greater than or equal to 0"),
        ("121", "discord.drain_seconds: Input should be less than or equal to 120"),
        ('"10"', "discord.drain_seconds: must be a number from 0 to 120, not text in quotes"),
    ],
)
def test_drain_seconds_outside_0_to_120_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seconds: str, refused: str
) -> None:
    path = write(tmp_path, f"[discord]\ndrain_seconds = {seconds}\n")
    assert main(["check-config", "--config", str(path)]) == 2
    assert refused in capsys.readouterr().err


@pytest.mark.parametrize("seconds", [0, 2.5, 120])
def test_drain_seconds_from_0_to_120_is_read(tmp_path: Path, seconds: float) -> None:
    path = write(tmp_path, f"[discord]\ndrain_seconds = {seconds}\n")
    assert load_config(path, env={}).settings.discord.drain_seconds == seconds


def test_the_readme_names_the_environment_variables_the_settings_read() -> None:
    """README's Configuration prose, above its table, names each variable `bot/config.py`
    reads (`DISCORD_TOKEN`, `$RUNCLUB_CONFIG`, ...) and no other."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Configuration\n")
    prose = readme[start : readme.index("\n| key |", start)]
    named = set(re.findall(r"`\$?([A-Z][A-Z0-9_]+)`", prose))
    read = {value for name, value in vars(bot.config).items() if name.endswith("_ENV")}
    assert read and named == read
