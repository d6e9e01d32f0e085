"""Session-wide fixtures: the throwaway PostgreSQL server (see tests/postgres_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.postgres_server import HOW_TO_GET_THEM, PostgresServer, find_bindir, running_server

_SKIPPED_KEY = pytest.StashKey[list[str]]()
_RAN_KEY = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SKIPPED_KEY] = []
    config.stash[_RAN_KEY] = []


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        request.config.stash[_SKIPPED_KEY].append("no PostgreSQL server binaries")
        pytest.skip(f"PostgreSQL tests skipped: no server binaries; {HOW_TO_GET_THEM}")
    with running_server(bindir) as server:
        request.config.stash[_RAN_KEY].append(str(bindir))
        yield server


@pytest.fixture
def own_postgres(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """A throwaway server of the test's own, free to be stopped and started (stopping the
    session's server would break other tests)."""
    bindir = find_bindir()
    assert bindir is not None  # postgres_server skipped otherwise
    with running_server(bindir) as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return postgres_server.fresh_database()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist (`make pytest`) each worker process starts its own server; the
    summary is written by the controller, which runs no fixture, so each worker hands back
    what happened."""
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["postgres_ran"] = session.config.stash[_RAN_KEY]
        workeroutput["postgres_skipped"] = session.config.stash[_SKIPPED_KEY]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """xdist's controller: a worker finished; gather what it handed back."""
    output: dict[str, list[str]] = getattr(node, "workeroutput", {})
    node.config.stash[_RAN_KEY].extend(output.get("postgres_ran", []))
    node.config.stash[_SKIPPED_KEY].extend(output.get("postgres_skipped", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = terminalreporter.config.stash[_RAN_KEY]
    if ran:
        terminalreporter.write_line(
            f"PostgreSQL tests ran against a throwaway server from {ran[0]}.", green=True
        )
    if terminalreporter.config.stash[_SKIPPED_KEY]:
        terminalreporter.write_line(
            f"PostgreSQL tests were SKIPPED (no server binaries found). To run them, "
            f"{HOW_TO_GET_THEM}.",
            yellow=True,
            bold=True,
        )
