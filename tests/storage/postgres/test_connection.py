"""Connection loss, unreachable or refusing servers, and the password kept out of every log line
and message. Stopping the session's server would break other tests, so these start their own."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.store import StoreError, StoreUnavailable
from bot.store.postgres import PostgresStore
from bot.urls import redact_url, scrub
from tests.postgres_server import PostgresServer, find_bindir, running_server


@pytest.fixture
def own_server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """A throwaway server of this test's own, free to be stopped and started."""
    bindir = find_bindir()
    assert bindir is not None  # postgres_server skipped otherwise
    with running_server(bindir) as server:
        yield server


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _keep_tables(server: PostgresServer) -> None:
    """The store's tables on disk before a test crashes the server: its migrations commit
    asynchronously (the server runs with synchronous_commit=off), and a crash within the WAL
    writer's 200 ms lost them, so that "meta" did not exist after the restart."""
    server.psql("CHECKPOINT")


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            lines.append(repr(record.exc_info[1]))
    return "\n".join(lines)


async def test_server_loss_is_unavailable_and_the_pool_recovers(
    own_server: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = own_server.fresh_database()
    async with await PostgresStore.open(url, connect_timeout=2) as pg:
        _keep_tables(own_server)
        await pg.meta.set("k", "before")

        own_server.stop()
        try:
            with pytest.raises(StoreUnavailable) as lost:
                await pg.meta.get("k")
            assert str(lost.value).startswith("couldn't reach the database")
            # Still down: a new connection is refused, and that is the same error.
            with pytest.raises(StoreUnavailable):
                await pg.meta.set("k", "while down")
        finally:
            own_server.start()

        # The same store, not reopened. (The test server runs with synchronous_commit=off and
        # was stopped in immediate mode, so "before" may or may not have survived.)
        assert await pg.meta.get("k") in ("before", None)
        await pg.meta.set("k", "after")
        assert await pg.meta.get("k") == "after"
    assert own_server.password not in _logged(caplog)
    assert quote(own_server.password, safe="") not in _logged(caplog)


async def test_a_transaction_cut_by_server_loss_is_unavailable_and_rolled_back(
    own_server: PostgresServer,
) -> None:
    url = own_server.fresh_database()
    async with await PostgresStore.open(url, connect_timeout=2) as pg:
        _keep_tables(own_server)
        try:
            with pytest.raises(StoreUnavailable):
                async with pg.db.transaction() as tx:
                    await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
                    own_server.stop()
                    await tx.execute("INSERT INTO meta (key, value) VALUES ('k2', 'v')")
        finally:
            own_server.start()
        assert await pg.meta.get("k") is None


async def test_unreachable_database_at_open(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    url = f"postgresql://runclub:s3cret-Pa55@127.0.0.1:{_closed_port()}/runclub"
    with pytest.raises(StoreUnavailable) as caught:
        await PostgresStore.open(url, connect_timeout=2)
    message = str(caught.value)
    assert message.startswith("couldn't reach the database")
    assert "runclub:***@127.0.0.1" in message  # says which database, without the secret
    assert "s3cret-Pa55" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "s3cret-Pa55" not in _logged(caplog)


async def test_wrong_password_is_a_clear_error_without_any_password(
    postgres_server: PostgresServer, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    database = postgres_url.rsplit("/", 1)[1]
    wrong = "Wr0ng/p@ss:word"
    with pytest.raises(StoreError) as caught:
        await PostgresStore.open(postgres_server.url(database, password=wrong))
    message = str(caught.value)
    assert not isinstance(caught.value, StoreUnavailable)  # retrying will not help
    assert "password authentication failed" in message
    for secret in (wrong, quote(wrong, safe=""), postgres_server.password):
        assert secret not in message
        assert secret not in repr(caught.value)
        assert secret not in _logged(caplog)


async def test_the_password_is_in_no_log_record(
    postgres_url: str, postgres_server: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with await PostgresStore.open(postgres_url) as pg:
        await pg.meta.set("k", "v")
        await pg.meta.get("k")
        assert postgres_server.password not in pg.db.url
    logged = _logged(caplog)
    assert "opened PostgreSQL database postgresql://runclub_test:***@127.0.0.1" in logged
    assert "applied migration 0001_initial" in logged
    assert postgres_server.password not in logged
    for record in caplog.records:
        assert postgres_server.password not in str(record.args)


async def test_a_closed_store_says_so(pg: PostgresStore) -> None:
    await pg.close()
    await pg.close()  # idempotent
    assert pg.db.closed
    with pytest.raises(RuntimeError, match="closed"):
        await pg.meta.get("k")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:hunter2@db:5432/runclub", "postgresql://bot:***@db:5432/runclub"),
        ("postgresql://bot@db/runclub", "postgresql://bot@db/runclub"),
        ("postgresql://db/runclub", "postgresql://db/runclub"),
        ("postgresql://bot:p%40ss%3Aw@db/runclub", "postgresql://bot:***@db/runclub"),
        ("postgresql://bot:a@b@db/runclub", "postgresql://bot:***@db/runclub"),
        (
            "postgresql://db/runclub?user=bot&password=hunter2&sslmode=require",
            "postgresql://db/runclub?user=bot&password=***&sslmode=require",
        ),
        ("postgresql://[::1/x", "<database url hidden: ***>"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_scrub_masks_the_password_in_any_form() -> None:
    url = "postgresql://bot:p%40ss@db/runclub"
    assert scrub("failed for p@ss and p%40ss", url) == "failed for *** and ***"
    assert scrub("nothing secret", "postgresql://db/x") == "nothing secret"


async def test_close_waits_for_a_running_transaction(postgres_url: str) -> None:
    pg = await PostgresStore.open(postgres_url)
    inside, release = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with pg.db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
            inside.set()
            await release.wait()

    task = asyncio.create_task(writer())
    await inside.wait()
    closing = asyncio.create_task(pg.close())
    await asyncio.sleep(0.05)
    assert not closing.done()
    release.set()
    await asyncio.gather(task, closing)
    async with await PostgresStore.open(postgres_url) as reopened:
        assert await reopened.meta.get("k") == "v"
