"""A throwaway PostgreSQL server for the tests, started from Debian's `postgresql` binaries.

No mock and no shared server: each test session (under pytest-xdist, each worker process)
runs `initdb` into a temporary folder of its own, starts `postgres` on a free loopback port
with password authentication, and removes it all at the end.
Each test gets a database of its own (`fresh_database`), so tests never see each other's rows.

Server settings trade durability for speed (`fsync=off`): the data dies with the session anyway.
PostgreSQL refuses to run as root, so under root (CI, containers) the server runs as the
`postgres` system user that the Debian package creates.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "runclub_test"
HOW_TO_GET_THEM = (
    "install Debian's postgresql package (apt-get install postgresql); .ci/run does this"
)
_START_TIMEOUT_SECONDS = 60


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: $PG_BINDIR alone when it is set (so a run can
    also be made as if there were none), else the PATH, else Debian's versioned folder."""
    if env := os.environ.get("PG_BINDIR"):
        candidates = [Path(env)]
    else:
        on_path = shutil.which("pg_ctl")
        candidates = [Path(on_path).resolve().parent] if on_path else []
        # Debian keeps the server binaries off the PATH; the newest version wins.
        candidates += sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True
        )
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in path.parent.name.split("."))
    except ValueError:
        return (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    password: str
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", *, password: str | None = None) -> str:
        secret = quote(self.password if password is None else password, safe="")
        return f"postgresql://{SUPERUSER}:{secret}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            text=True,
            user=self.run_as,
            cwd=self.root,
            env={**os.environ, "PGPASSWORD": self.password},
            timeout=_START_TIMEOUT_SECONDS,
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one SQL statement as the superuser (server set-up only; tests use asyncpg)."""
        psql = self.bindir / "psql"
        command = [str(psql) if psql.is_file() else "psql", "-X", "-q", "-A", "-t"]
        command += ["-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-d", database]
        done = subprocess.run(
            [*command, "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PGPASSWORD": self.password},
            timeout=_START_TIMEOUT_SECONDS,
        )
        return done.stdout.strip()

    def fresh_database(self, template: str = "template0") -> str:
        """A new database, empty or a copy of `template` (no one may be connected to it);
        returns its URL."""
        name = f"t_{secrets.token_hex(6)}"
        self.psql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: `immediate` is a crash (recent commits may be lost, as the server
        runs with synchronous_commit=off); `fast` is a clean shutdown that keeps them."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def start(self) -> None:
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
                "-c shared_buffers=64MB",
            ]
        )
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-w", "-l", str(self.root / "log"), "-o",
            options,
        )  # fmt: skip


@contextmanager
def running_server(bindir: Path) -> Iterator[PostgresServer]:
    """initdb, start, yield, stop and remove."""
    run_as = None
    if os.geteuid() == 0:
        # initdb and postgres refuse root.
        run_as = "postgres"
        pwd.getpwnam(run_as)  # KeyError here names the missing user plainly
    root = Path(tempfile.mkdtemp(prefix="runclub-pg-"))
    password = secrets.token_urlsafe(16)
    server = PostgresServer(bindir, root, _free_port(), password, run_as)
    try:
        (root / "pwfile").write_text(password + "\n", encoding="utf-8")
        if run_as is not None:
            for path in (root, root / "pwfile"):
                shutil.chown(path, user=run_as)
        server._run(
            "initdb", "-D", str(server.data), "-U", SUPERUSER, "--pwfile", str(root / "pwfile"),
            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        server = _started(server)
        try:
            yield server
        finally:
            server.stop()
    finally:
        _remove(root)


def _started(server: PostgresServer, tries: int = 3) -> PostgresServer:
    """Start the server, on another free port if its own was taken in the meantime: the port
    is only reserved while `_free_port` holds it, and under pytest-xdist another worker's
    server (or one of its connections) may take it before this server binds it."""
    for attempt in range(1, tries + 1):
        try:
            server.start()
            return server
        except subprocess.CalledProcessError:
            if attempt == tries:
                raise
            server = replace(server, port=_free_port())
    raise AssertionError("unreachable: the last try returns or raises")


def _remove(root: Path) -> None:
    """Remove the server's folder without waiting for it: a session's databases (one per test)
    are hundreds of thousands of files, a minute of the disk's time at the end of `make test`.
    A shell starts `rm` in the background and returns at once; without one, it is removed
    here."""
    sh = shutil.which("sh")
    if sh is None:
        shutil.rmtree(root, ignore_errors=True)
        return
    subprocess.run(
        [sh, "-c", 'rm -rf -- "$1" >/dev/null 2>&1 &', "remove-later", str(root)],
        check=False,
        stdin=subprocess.DEVNULL,
    )
