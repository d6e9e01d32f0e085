"""The test server itself: password authentication is real, and databases are separate."""

from __future__ import annotations

import subprocess

import pytest

from tests.postgres_server import PostgresServer


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
