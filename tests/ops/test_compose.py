"""compose.yaml, checked without a container engine: parsed as Compose would, the services
it names, their health checks and volumes, the shard split, and no secret in the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import build_parser, with_shards
from bot.config import settings_from_mapping

ROOT = Path(__file__).resolve().parents[2]
SHARDS = ("shard-0", "shard-1")
# ${NAME} or ${NAME:?message}: the value comes from the environment when Compose runs.
ENV_REFERENCE = re.compile(r"\$\{[A-Z_]+(:\?[^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_services_are_the_database_and_two_shards(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"db", *SHARDS}
    assert compose["services"]["db"]["image"].startswith("postgres:")


@pytest.mark.parametrize("name", ["db", *SHARDS])
def test_every_service_has_a_health_check_and_its_data_on_a_volume(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert service["healthcheck"]["test"]
    mounts = [volume.split(":") for volume in service["volumes"]]
    assert all(source in compose["volumes"] for source, _ in mounts)
    target = "/var/lib/postgresql/data" if name == "db" else "/data"
    assert [t for _, t in mounts] == [target]


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
        env = {"DATABASE_URL": "postgresql://runclub:secret@db:5432/runclub"}
        settings = with_shards(settings_from_mapping({}, env), args)
        assert settings.discord.shard_ids is not None
        counts.add(settings.discord.shard_count)
        served += settings.discord.shard_ids
    assert counts == {len(SHARDS)}
    assert sorted(served) == list(range(len(SHARDS)))


def test_no_secret_is_written_in_the_file(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            if any(word in key for word in ("PASSWORD", "TOKEN", "URL")):
                assert ENV_REFERENCE.search(str(value)), f"{name}: {key} is written in the file"
    url = compose["services"]["shard-0"]["environment"]["DATABASE_URL"]
    # The password part of the URL is the environment's, not a literal.
    assert re.fullmatch(
        r"postgresql://runclub:\$\{POSTGRES_PASSWORD:\?[^}]*\}@db:5432/runclub", url
    )
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"[A-Za-z0-9_-]{24,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}", text)
