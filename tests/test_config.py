"""Settings: TOML, then environment; every mistake names its key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, settings_from_mapping

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    assert settings.database.path == Path("data/runclub.sqlite3")
    assert settings.club.timezone == "UTC"
    assert settings.club.public_logs is False
    assert settings.advice.window_hours == 48
    assert settings.advice.soreness_threshold == 4
    assert settings.reminders.catch_up_hours == 3
    assert settings.privacy.keep_days_after_removal == 30
    assert settings.token is None


def test_the_example_file_is_valid_and_matches_the_defaults() -> None:
    from_example = load_settings(EXAMPLE, env={})
    assert from_example == settings_from_mapping({}, env={})


def test_file_values_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[club]\ntimezone = "europe/london"\npublic_logs = true\n'
        "[advice]\nwindow_hours = 36\n"
        '[database]\npath = "x/club.sqlite3"\n',
    )
    settings = load_settings(path, env={})
    # Stored under the canonical spelling whatever case was typed.
    assert settings.club.timezone == "Europe/London"
    assert settings.club.public_logs is True
    assert settings.advice.window_hours == 36
    assert settings.database.path == Path("x/club.sqlite3")


def test_environment_token_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[discord]\ntoken = "from-file"\n')
    assert load_settings(path, env={}).token == "from-file"
    assert load_settings(path, env={"DISCORD_TOKEN": " from-env "}).token == "from-env"


def test_token_is_hidden_in_repr(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), env={"DISCORD_TOKEN": "s3cret-token"})
    assert "s3cret-token" not in repr(settings)
    assert "s3cret-token" not in str(settings.model_dump())


def test_blank_token_counts_as_none(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, '[discord]\ntoken = "  "\n'), env={}).token is None


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
        load_settings(write(tmp_path, text), env={})
    assert named in str(err.value)


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[club\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path, env={})


def test_an_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(env={"RUNCLUB_CONFIG": str(tmp_path / "nope.toml")})


def test_config_path_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[club]\npublic_logs = true\n")
    assert load_settings(env={"RUNCLUB_CONFIG": str(path)}).club.public_logs is True


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "[advice]\neasy_alternative_min_minutes = 40\neasy_minutes_max = 30\n",
            "easy_alternative_min_minutes must not be more than easy_minutes_max",
        ),
        # The heartbeat is written every 30 s: a shorter limit would fail a healthy bot.
        ("[health]\nmax_age_seconds = 30\n", "health.max_age_seconds"),
    ],
)
def test_settings_that_contradict_each_other_are_refused(
    tmp_path: Path, text: str, named: str
) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, text), env={})
    assert named in str(err.value)


def _settings_keys() -> set[str]:
    from bot.config import Settings  # noqa: PLC0415

    keys = set()
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
    load_settings(path, env={})
