"""One helper process for CPU-heavy work, started when first needed and gone when idle.

matplotlib and the watch-file parsers hold the GIL for long stretches, so a worker *thread*
still stalls the event loop; a separate process does not. This is a plain child interpreter
(`python -m bot.offload.child`) spoken to over its stdin and stdout with length-prefixed
pickles, driven by asyncio's own subprocess support:
- nothing starts until the first job, and the child leaves after `idle_seconds` without work,
  so a bot whose members never ask for a chart carries no second interpreter;
- no `multiprocessing`: it would also start its resource-tracker process and, for a pool, a
  management thread, for a job queue that never holds more than one job;
- a job that runs past its time limit, or a child that dies, kills and forgets the child; the
  next job starts a fresh one.

Both ends are this program, so pickle is safe here: untrusted input (a member's file) only ever
travels inside the pickled arguments, as bytes.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import struct
import sys
from typing import Any

log = logging.getLogger(__name__)

HEADER = struct.Struct(">I")
# A frame bigger than this is not something this program would send: stop rather than buffer it.
MAX_FRAME_BYTES = 256 * 1024 * 1024


class WorkerError(Exception):
    """The job failed inside the worker; the message is the worker's exception text."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class WorkerTimeout(WorkerError):
    def __init__(self, seconds: float) -> None:
        super().__init__("TimeoutError", f"the job took longer than {seconds:g} s")


class WorkerCrashed(WorkerError):
    def __init__(self, detail: str) -> None:
        super().__init__("WorkerCrashed", f"the worker process stopped: {detail}")


def encode_frame(payload: object) -> bytes:
    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


async def read_frame(reader: asyncio.StreamReader) -> Any:
    (size,) = HEADER.unpack(await reader.readexactly(HEADER.size))
    if size > MAX_FRAME_BYTES:
        raise WorkerCrashed(f"a frame of {size} bytes")
    return pickle.loads(await reader.readexactly(size))  # noqa: S301 (our own child)


class WorkerProcess:
    """Runs `module:function` jobs one at a time in a child process it manages."""

    def __init__(
        self, *, idle_seconds: float, name: str = "worker", packages: tuple[str, ...] = ("bot",)
    ) -> None:
        self._idle_seconds = idle_seconds
        # The child imports job modules of these packages only.
        self._packages = packages
        self._name = name
        self._proc: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()
        self._idle_timer: asyncio.TimerHandle | None = None
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The child's pid while one runs (for tests and the health of the host)."""
        return None if self._proc is None else self._proc.pid

    async def call(self, target: str, *args: object, time_limit: float) -> Any:
        """Run `target` ("package.module:function") with `args` in the child; return its result.

        Raises WorkerError with the child's exception type and text when the job raised,
        WorkerTimeout past `time_limit` seconds, WorkerCrashed when the child died.
        """
        if self._closed:
            raise RuntimeError(f"the {self._name} process pool is closed")
        async with self._lock:
            self._cancel_idle_timer()
            try:
                proc = await self._started()
                # A timeout scope rather than wait_for: the exchange runs in the caller's own
                # task, so a job's failure surfaces once, where it is awaited.
                async with asyncio.timeout(time_limit):
                    return await self._exchange(proc, target, args)
            except TimeoutError:
                log.warning(
                    "%s job %s ran over %g s; stopping the worker", self._name, target, time_limit
                )
                await self._kill()
                raise WorkerTimeout(time_limit) from None
            except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError) as exc:
                await self._kill()
                raise WorkerCrashed(type(exc).__name__) from None
            except asyncio.CancelledError:
                # A half-read answer would be read as the next job's: start clean instead.
                await self._kill()
                raise
            finally:
                self._arm_idle_timer()

    async def _started(self) -> asyncio.subprocess.Process:
        if self._proc is not None and self._proc.returncode is None:
            return self._proc
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.offload.child",
            *self._packages,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        log.info("started the %s process (pid %s)", self._name, self._proc.pid)
        return self._proc

    @staticmethod
    async def _exchange(
        proc: asyncio.subprocess.Process, target: str, args: tuple[object, ...]
    ) -> Any:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(encode_frame((target, args)))
        await proc.stdin.drain()
        ok, value = await read_frame(proc.stdout)
        if ok:
            return value
        kind, message = value
        raise WorkerError(kind, message)

    def _arm_idle_timer(self) -> None:
        if self._proc is None or self._closed:
            return
        loop = asyncio.get_running_loop()
        self._idle_timer = loop.call_later(self._idle_seconds, self._stop_when_idle)

    def _cancel_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _stop_when_idle(self) -> None:
        self._idle_timer = None
        proc, self._proc = self._proc, None
        if proc is not None and proc.stdin is not None and not self._lock.locked():
            # End of input is the child's signal to leave; asyncio reaps it.
            log.info("the %s process has been idle; stopping it", self._name)
            proc.stdin.close()
        elif proc is not None:
            self._proc = proc

    async def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.returncode is not None:
            return
        proc.kill()
        await proc.wait()

    async def close(self) -> None:
        """Stop the child (if any) and refuse further jobs. Safe to call more than once."""
        self._closed = True
        self._cancel_idle_timer()
        proc, self._proc = self._proc, None
        if proc is None or proc.returncode is not None:
            return
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 2)
        except TimeoutError:
            proc.kill()
            await proc.wait()
