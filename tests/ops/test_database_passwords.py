"""A database password never reaches the screen or the log, whatever characters it holds and
however it is written (percent-encoded, as typed, or in PGPASSWORD), at every log level: in
check-config, in a bot that connects, and in one whose database is unreachable or refuses it.
A url the driver would misread (a `/`, `@`, `?` or `#` in the password) is refused, saying
how to encode it; one it reads as written is accepted as the driver accepts it."""

from __future__ import annotations

import os
import re
import secrets
import socket
import string
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from bot.cli import main
from bot.urls import ENCODE_RULE, redact_url, scrub
from tests.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.fake-token-for-tests_0123456789abcdef"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# One password per character class, and one of them all. Each is distinctive enough that any
# six characters of it in the output can only be a leak.
PASSWORDS = {
    "issue": "Ab3/xY+z9=",
    "base64": "q8/Zt+Ue3rVw9mK2Lx0=",
    "url-delimiters": "Pw@Hst:5/db?q#frag",
    "percent": "Sure%100%41Zq%zz",
    "quotes-space-backslash": 'it\'s "sp ace" \\back; &x=y',
    "punctuation": "Zq" + string.punctuation + "Jw",
    "non-ascii": "Ünï€ødé✓Zq",
    "letters-digits": "UPPERlower0123456789",
}
EVERY_CLASS = "Az09 " + string.punctuation + "Ünï€✓"
# What the driver cannot read as typed: it ends the url's user part early.
MISREAD = set("/@?#")


def forms(password: str) -> list[str]:
    """How the password could be shown: as typed, and encoded as a url or a query would be."""
    return [password, quote(password, safe=""), quote(password), quote_plus(password)]


def leaks(password: str, text: str) -> list[str]:
    """Every six characters of any form of the password found in `text`."""
    found = set()
    for form in forms(password):
        for i in range(max(1, len(form) - 5)):
            if form[i : i + 6] in text:
                found.add(form[i : i + 6])
    return sorted(found)


def typed_as_is_is_misread(password: str) -> bool:
    return bool(MISREAD & set(password)) or re.search(r"%(?![0-9A-Fa-f]{2})", password) is not None


def bot_env(**extra: str) -> dict[str, str]:
    drop = ("DISCORD_TOKEN", "RUNCLUB_CONFIG", "DATABASE_URL", "PGPASSWORD")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DISCORD_TOKEN", "RUNCLUB_CONFIG", "DATABASE_URL", "PGPASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("written", ["percent-encoded", "as typed"])
@pytest.mark.parametrize("password", PASSWORDS.values(), ids=PASSWORDS.keys())
def test_check_config_masks_every_password_and_refuses_what_the_driver_would_misread(
    password: str,
    written: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = quote(password, safe="") if written == "percent-encoded" else password
    monkeypatch.setenv("DATABASE_URL", f"postgresql://runclub:{secret}@db.example:5432/runclub")
    code = main(["check-config"])
    out, err = capsys.readouterr()
    assert leaks(password, out + err) == []
    if written == "as typed" and typed_as_is_is_misread(password):
        assert code == 2
        assert err.startswith("runclub-bot: invalid configuration:\n  database.url: ")
        assert ENCODE_RULE in err and "PGPASSWORD" in err
    else:
        assert code == 0, err
        shown = (
            "database in use: postgresql://runclub:***@db.example:5432/runclub, from DATABASE_URL"
        )
        assert shown in out
        assert f"note: {ENCODE_RULE}" in out


def test_the_issues_url_is_refused_by_a_real_process_without_showing_the_password(
    tmp_path: Path,
) -> None:
    url = "postgresql://runclub:Ab3/xY+z9=@127.0.0.1:5432/runclub"
    for argv in (["check-config"], ["run"]):
        done = subprocess.run(
            [sys.executable, "-m", "bot", *argv],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=bot_env(DATABASE_URL=url, DISCORD_TOKEN=TOKEN),
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "must have each /, @, ?, # and % percent-encoded: / as %2F" in done.stderr
        assert "Ab3" not in done.stdout + done.stderr
        assert "int()" not in done.stderr


def _role_with_password(server: PostgresServer, password: str) -> tuple[str, str]:
    """A login role with `password` owning a new database; returns (role, database)."""
    role = f"pw_{secrets.token_hex(4)}"
    literal = password.replace("'", "''")
    server.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{literal}'")
    database = server.fresh_database().rsplit("/", 1)[1]
    server.psql(f"ALTER DATABASE {database} OWNER TO {role}")
    server.psql(f"ALTER SCHEMA public OWNER TO {role}", database=database)
    return role, database


def _run_bot(
    tmp_path: Path, argv: list[str], level: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    config = tmp_path / f"config-{level}.toml"
    config.write_text(f'[logging]\nlevel = "{level}"\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv, "--config", str(config)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(**env),
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("given", ["percent-encoded in the url", "in PGPASSWORD"])
@pytest.mark.parametrize("level", LEVELS)
def test_a_bot_connects_with_a_password_of_every_character_class_and_never_logs_it(
    tmp_path: Path, postgres_server: PostgresServer, level: str, given: str
) -> None:
    role, database = _role_with_password(postgres_server, EVERY_CLASS)
    where = f"127.0.0.1:{postgres_server.port}/{database}"
    if given == "in PGPASSWORD":
        env = {"DATABASE_URL": f"postgresql://{role}@{where}", "PGPASSWORD": EVERY_CLASS}
    else:
        env = {"DATABASE_URL": f"postgresql://{role}:{quote(EVERY_CLASS, safe='')}@{where}"}
    done = _run_bot(tmp_path, ["console"], level, "/legday exercises:3\n", **env)
    assert done.returncode == 0, done.stderr
    assert "Leg day logged: HARD" in done.stdout
    assert leaks(EVERY_CLASS, done.stdout + done.stderr) == []
    if level in ("DEBUG", "INFO"):
        assert f"opened PostgreSQL database postgresql://{role}:***@{where}" in done.stderr
    else:
        assert "opened PostgreSQL database" not in done.stderr


@pytest.mark.parametrize("level", LEVELS)
def test_an_unreachable_database_never_shows_the_password(tmp_path: Path, level: str) -> None:
    where = f"127.0.0.1:{closed_port()}/runclub"
    url = f"postgresql://runclub:{quote(EVERY_CLASS, safe='')}@{where}"
    done = _run_bot(tmp_path, ["run"], level, DATABASE_URL=url, DISCORD_TOKEN=TOKEN)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(
        f"runclub-bot: couldn't reach the database: postgresql://runclub:***@{where} ("
    )
    assert leaks(EVERY_CLASS, done.stdout + done.stderr) == []


def test_a_refused_password_is_not_shown_either(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    role, database = _role_with_password(postgres_server, EVERY_CLASS)
    wrong = EVERY_CLASS[::-1]
    where = f"127.0.0.1:{postgres_server.port}/{database}"
    url = f"postgresql://{role}:{quote(wrong, safe='')}@{where}"
    done = _run_bot(tmp_path, ["console"], "DEBUG", "/help\n", DATABASE_URL=url)
    assert done.returncode == 1
    assert f"can't open the database postgresql://{role}:***@{where}" in done.stderr
    assert "password authentication failed" in done.stderr
    assert leaks(wrong, done.stdout + done.stderr) == []
    assert leaks(EVERY_CLASS, done.stdout + done.stderr) == []


@pytest.mark.parametrize(
    ("url", "password", "shown"),
    [
        # The driver would cut these passwords short; the mask still covers all of them.
        (
            "postgresql://runclub:Ab3/xY+z9=@host:5432/runclub",
            "Ab3/xY+z9=",
            "postgresql://runclub:***@host:5432/runclub",
        ),
        ("postgresql://u:a?b#c@h/d", "a?b#c", "postgresql://u:***@h/d"),
        ("postgresql://u:p@ss@h/d", "p@ss", "postgresql://u:***@h/d"),
        (
            "postgresql://h/d?password=x%2By+z&sslmode=require",
            "x+y z",
            "postgresql://h/d?password=***&sslmode=require",
        ),
        ("postgres://u:%2F%40@h:1,h2:2/d", "/@", "postgres://u:***@h:1,h2:2/d"),
    ],
)
def test_every_way_of_writing_a_password_is_masked(url: str, password: str, shown: str) -> None:
    assert redact_url(url) == shown
    said = f"failed for {password!r}, {quote(password, safe='')} in {url}"
    assert password not in scrub(said, url)
    assert quote(password, safe="") not in scrub(said, url)
