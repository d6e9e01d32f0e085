"""The test server itself: password authentication is real, and databases are separate."""

from __future__ import annotations

import subprocess

import pytest

from tests import postgres_server as postgres_server_module
from tests.postgres_server import PostgresServer, _free_port, running_server


def test_a_fresh_database_is_empty_and_separate(postgres_server: PostgresServer) -> None:
    first = postgres_server.fresh_database().rsplit("/", 1)[1]
    second = postgres_server.fresh_database().rsplit("/", 1)[1]
    assert first != second
    postgres_server.psql("CREATE TABLE t (x int)", database=first)
    tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    assert postgres_server.psql(tables, database=first) == "1"
    assert postgres_server.psql(tables, database=second) == "0"


def test_a_wrong_password_is_refused(postgres_server: PostgresServer) -> None:
    wrong = PostgresServer(
        postgres_server.bindir,
        postgres_server.root,
        postgres_server.port,
        "not-the-password",
        postgres_server.run_as,
    )
    with pytest.raises(subprocess.CalledProcessError) as failed:
        wrong.psql("SELECT 1")
    assert "password authentication failed" in failed.value.stderr


def test_a_port_taken_before_the_server_binds_it_is_replaced_by_another(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under pytest-xdist another worker's server may bind the port `_free_port` gave this one
    # before it starts: here the session's server holds the first port handed out.
    ports = iter([postgres_server.port, _free_port()])
    monkeypatch.setattr(postgres_server_module, "_free_port", lambda: next(ports))
    with running_server(postgres_server.bindir) as second:
        assert second.port != postgres_server.port
        assert second.psql("SELECT 1") == "1"
