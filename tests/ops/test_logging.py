"""Logging: the level from the config, one line per event, and the token never written."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from bot.cli import main
from bot.logs import REDACTED, RedactSecrets, setup_logging
from tests.discord.harness import Harness
from tests.ops.discord_at import closed_base, run_at

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.fake-token-for-tests_0123456789abcdef"


@pytest.fixture
def log_stream() -> io.StringIO:
    stream = io.StringIO()
    setup_logging("DEBUG", secrets=[TOKEN], stream=stream)
    return stream


def test_the_token_is_redacted_from_every_logger_at_debug(log_stream: io.StringIO) -> None:
    # What discord.py's own loggers could carry: a request, a gateway payload, a plain message.
    logging.getLogger("discord.http").debug(
        "%s %s with %s has returned %s",
        "GET",
        "https://discord.com/api/v10/users/@me",
        {"headers": {"Authorization": f"Bot {TOKEN}"}},
        200,
    )
    identify = json.dumps({"op": 2, "d": {"token": TOKEN, "intents": 1}})
    logging.getLogger("discord.gateway").debug("Sending %s", identify)
    logging.getLogger("aiohttp.client").info(f"token={TOKEN}")

    text = log_stream.getvalue()
    assert TOKEN not in text
    assert text.count(REDACTED) == 3
    assert f"Bot {REDACTED}" in text


def test_the_token_is_redacted_from_tracebacks(log_stream: io.StringIO) -> None:
    def login(token: str) -> None:
        try:
            raise KeyError(token)
        except KeyError as exc:
            raise ValueError(f"Improper token has been passed: {token}") from exc

    try:
        login(TOKEN)
    except ValueError:
        logging.getLogger("discord.client").exception("login failed")

    text = log_stream.getvalue()
    assert TOKEN not in text
    assert "ValueError: Improper token has been passed: [redacted]" in text
    assert f"KeyError: '{REDACTED}'" in text


def test_the_token_is_redacted_from_a_logged_stack() -> None:
    record = logging.LogRecord("bot", logging.WARNING, __file__, 1, "where?", None, None)
    record.stack_info = f'Stack (most recent call last):\n  login("{TOKEN}")'
    assert RedactSecrets([TOKEN]).filter(record)
    assert record.stack_info == f'Stack (most recent call last):\n  login("{REDACTED}")'


def test_each_event_is_one_line(log_stream: io.StringIO) -> None:
    logging.getLogger("bot").info("notes typed by a member:\nline two\r\nline three")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("bot").exception("a command failed")
    lines = log_stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("INFO    bot: notes typed by a member: | line two | line three")
    assert " ERROR   bot: a command failed | Traceback (most recent call last): | " in lines[1]
    assert lines[1].endswith("RuntimeError: boom")


def test_the_level_comes_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config.toml"
    for level in ("DEBUG", "WARNING"):
        config.write_text(f'[logging]\nlevel = "{level}"\n')
        # Every command that may log sets logging up; this backup fails at once (no database).
        assert main(["--config", str(config), "backup", str(tmp_path / "copy.sqlite3")]) == 1
        assert logging.getLogger().level == logging.getLevelName(level)


def test_a_command_run_with_a_token_at_debug_never_logs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    config = tmp_path / "config.toml"
    config.write_text(f'[logging]\nlevel = "DEBUG"\n[database]\npath = "{tmp_path / "db"}"\n')
    main(["--config", str(config), "backup", str(tmp_path / "copy")])
    logging.getLogger("discord").debug("late: %s", TOKEN)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    assert f"late: {REDACTED}" in err


async def test_interaction_tokens_are_redacted_at_debug(tmp_path: Path) -> None:
    # An interaction's token lets whoever holds it answer, edit the answer and post followups
    # as the bot in that channel for 15 minutes; discord.py writes it at DEBUG in the URL of
    # every answer (an interaction's callback, a deferred command's webhook).
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    stream = io.StringIO()
    setup_logging("DEBUG", secrets=[TOKEN], stream=stream)
    try:
        async with Harness(tmp_path) as h:
            answered = await h.invoke("legday", {"exercises": 4})
            deferred = await h.invoke("history")
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)

    text = stream.getvalue()
    assert f"/{REDACTED}/callback has returned status code 200" in text  # still logged
    assert "/webhooks/" in text
    for result in (answered, deferred):
        assert result.payload["token"] not in text


def test_interaction_tokens_in_gateway_events_are_redacted(log_stream: io.StringIO) -> None:
    # discord.py writes every gateway event at DEBUG, an INTERACTION_CREATE with its token, as
    # a dict; a JSON dump of one says the same.
    secret = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmZha2UtaW50ZXJhY3Rpb24tdG9rZW4"
    event = {"t": "INTERACTION_CREATE", "op": 0, "d": {"id": "1", "token": secret, "type": 2}}
    logging.getLogger("discord.gateway").debug("For Shard ID %s: WebSocket Event: %s", 0, event)
    logging.getLogger("discord.gateway").debug("raw %s", json.dumps(event))
    text = log_stream.getvalue()
    assert secret not in text
    assert f"'token': '{REDACTED}'" in text and f'"token": "{REDACTED}"' in text
    assert "'type': 2" in text  # the rest of the event stays


def test_a_start_logs_nothing_of_voice_which_the_bot_has_none_of(tmp_path: Path) -> None:
    # discord.py warns once per process that voice's libraries are missing: a real process.
    done = run_at(closed_base(), tmp_path, TOKEN)
    assert done.returncode == 1, done.stderr
    assert "logging in using static token" in done.stderr
    assert "voice" not in done.stderr.lower(), done.stderr
