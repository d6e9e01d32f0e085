"""compose.yaml, checked without a container engine: parsed as Compose would, the services
it names, their health checks and volumes, the shard split, the config file every bot reads,
the one-shot migration that runs before the shards, and no secret in the file."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser, with_shards
from bot.config import config_from_mapping, settings_from_mapping
from bot.urls import password_of
from tests.ops.compose_file import ENV_REFERENCE, ROOT, container_env, interpolate, load_compose

SHARDS = ("shard-0", "shard-1")
# What a person exports before `docker compose up` (README, "Running many clubs").
HOST_ENV = {"DISCORD_TOKEN": "token-from-the-shell", "POSTGRES_PASSWORD": "q8/Zt+Ue3rVw9mK2Lx0="}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


def test_the_services_are_the_database_two_shards_and_the_migration(
    compose: dict[str, Any],
) -> None:
    assert set(compose["services"]) == {"db", "migrate", *SHARDS}
    assert compose["services"]["db"]["image"].startswith("postgres:")


@pytest.mark.parametrize("name", ["db", *SHARDS])
def test_every_service_has_a_health_check_and_its_data_on_a_volume(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert service["healthcheck"]["test"]
    named = [v.split(":") for v in service["volumes"] if isinstance(v, str)]
    assert all(source in compose["volumes"] for source, _ in named)
    target = "/var/lib/postgresql/data" if name == "db" else "/data"
    assert [t for _, t in named] == [target]


@pytest.mark.parametrize("name", SHARDS)
def test_the_bots_wait_for_a_healthy_database_and_check_their_heartbeat(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert service["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert service["healthcheck"]["test"] == ["CMD", "runclub-bot", "healthcheck"]
    assert service["build"] == "."


def test_the_shards_split_the_bot_between_them_exactly_once(compose: dict[str, Any]) -> None:
    served: list[int] = []
    counts = set()
    for name in SHARDS:
        command = compose["services"][name]["command"]
        assert command[:2] == ["runclub-bot", "run"]
        args = build_parser().parse_args(command[1:])
        # Shards need the server database; compose hands every process the same one.
        env = container_env(compose["services"][name], HOST_ENV)
        settings = with_shards(settings_from_mapping({}, env), args)
        assert settings.discord.shard_ids is not None
        counts.add(settings.discord.shard_count)
        served += settings.discord.shard_ids
    assert counts == {len(SHARDS)}
    assert sorted(served) == list(range(len(SHARDS)))


def _image_config_path() -> str:
    """Where the image reads its config: the target of its /app/config.toml link."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    match = re.search(r"ln -s (\S+) /app/config\.toml", dockerfile)
    assert match, "the Dockerfile no longer links /app/config.toml"
    return match[1]


@pytest.mark.parametrize("name", SHARDS)
def test_every_bot_reads_config_toml_with_the_database_from_the_environment(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    mounts = [v for v in service["volumes"] if isinstance(v, dict)]
    assert mounts == [
        {
            "type": "bind",
            "source": "./config.toml",
            "target": _image_config_path(),
            "read_only": True,
            # A missing file stops Compose rather than becoming an empty folder.
            "bind": {"create_host_path": False},
        }
    ]
    # config.toml as the README makes it (a copy of the example) with the club's own zone,
    # read with the environment the container gets: the zone counts, and DATABASE_URL wins
    # over the example's `path` instead of the two being refused together.
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    text = text.replace('timezone = "UTC"', 'timezone = "Europe/Oslo"')
    loaded = config_from_mapping(
        tomllib.loads(text), container_env(service, HOST_ENV), "config.toml"
    )
    assert loaded.settings.club.timezone == "Europe/Oslo"
    assert loaded.settings.database.backend == "postgresql"
    assert "the environment wins over [database] path" in loaded.database_origin
    # The password from PGPASSWORD is the one the log blanks, in every form.
    assert HOST_ENV["POSTGRES_PASSWORD"] in loaded.settings.database.secrets


def test_the_migration_runs_once_from_the_sqlite_file_into_the_shards_database(
    compose: dict[str, Any],
) -> None:
    migrate = compose["services"]["migrate"]
    # Only on request (`docker compose run`), never again on each `up`.
    assert migrate["profiles"] == ["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    args = build_parser().parse_args(migrate["command"][1:])
    assert migrate["command"][0] == "runclub-bot" and args.command == "migrate-store"
    env = container_env(migrate, HOST_ENV)
    # The target is the database the shards run on.
    shard_env = container_env(compose["services"]["shard-0"], HOST_ENV)
    assert args.to == shard_env["DATABASE_URL"]
    assert env["PGPASSWORD"] == shard_env["PGPASSWORD"] == HOST_ENV["POSTGRES_PASSWORD"]
    # The source is the SQLite file, on the folder it mounts from the host.
    source = settings_from_mapping({}, env).database
    assert source.backend == "sqlite"
    [mount] = migrate["volumes"]
    assert mount["type"] == "bind" and mount["bind"] == {"create_host_path": False}
    assert source.path.parent == Path(mount["target"])
    assert interpolate(mount["source"], HOST_ENV) == "./data"
    assert source.path.name == "runclub.sqlite3"
    assert "DISCORD_TOKEN" not in env  # a copy needs no Discord


def test_the_readme_runs_the_migration_before_the_shards_start(compose: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("**compose.yaml**", 1)[1].split("\n**", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [shlex.split(line.split("#", 1)[0]) for line in block.splitlines()]
    commands = [c for c in commands if c[:2] == ["docker", "compose"]]
    runs = [i for i, c in enumerate(commands) if c[2] == "run" and c[-1] == "migrate"]
    ups = [i for i, c in enumerate(commands) if c[2:4] == ["up", "-d"]]
    assert runs and ups and runs[0] < ups[0], block
    assert "--rm" in commands[runs[0]]
    # The README's own migration line is the service's, not a shard's `exec`.
    assert not [c for c in commands if c[2] == "exec" and "migrate-store" in c]
    assert compose["services"]["migrate"]["profiles"] == ["migrate"]


def test_no_secret_is_written_in_the_file(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            if any(word in key for word in ("PASSWORD", "TOKEN")):
                assert ENV_REFERENCE.search(str(value)), f"{name}: {key} is written in the file"
    # The password reaches the bots as PGPASSWORD, never inside a url: a generated password's
    # / + = need no percent-encoding, and no url carries it into a log.
    for name in ("migrate", *SHARDS):
        env = compose["services"][name]["environment"]
        assert env["PGPASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
        urls = [str(v) for v in env.values() if "://" in str(v)]
        urls += [a for a in compose["services"][name]["command"] if "://" in a]
        assert urls
        assert all(password_of(url) is None and "PASSWORD" not in url for url in urls)
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"[A-Za-z0-9_-]{24,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}", text)
