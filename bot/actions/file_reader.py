"""Members' watch files as the actions see them, and where they are read.

A front end hands the action an `AttachedFile`: its name, the size it says it has (checked
before anything is downloaded) and a way to fetch its bytes. Discord's is an attachment
(bot/discord/commands/files.py), the console's a local path (`LocalFile`). The bytes are
parsed by `ActivityFiles`: in a helper process with a time limit in the bot, so a large file
never stalls the event loop; in a thread in the console and most tests. Nothing of the file is
kept: the action stores the run summaries and drops the bytes.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Self
from zoneinfo import ZoneInfo

from bot.activity_files import MAX_FILE_BYTES, ParsedRun, parse_activity_file, size_text
from bot.activity_files.errors import display_name
from bot.offload.process import WorkerError, WorkerProcess, WorkerTimeout
from bot.render import inline_text

log = logging.getLogger(__name__)

PARSE_TARGET = "bot.activity_files:parse_activity_file"
# A 3-hour GPX takes about 1.8 s on one core; past this the file is hostile, not big.
PARSE_TIME_LIMIT_SECONDS = 10.0
# The reader process leaves after this long without a file (it starts again with the next).
WORKER_IDLE_SECONDS = 300.0


def file_label(name: str) -> str:
    """A member's file name inside a line of ours: one line, bounded, no pings, no markdown."""
    return inline_text(display_name(name))


class FileProblem(Exception):
    """One file could not be read; `str()` is the member-facing line, naming the file."""

    def __init__(self, name: str, problem: str, *, sentence: str | None = None) -> None:
        # `sentence`: a whole line of its own where "name: problem" would read like an option
        # ("files: no such file here").
        super().__init__(sentence or f"{file_label(name)}: {problem}")
        self.name = name
        self.problem = problem


class AttachedFile(ABC):
    """A file a member attached to a command. `size` is what the front end reports before the
    download, so an oversized file is refused without fetching it."""

    name: str
    size: int

    @abstractmethod
    async def read(self) -> bytes:
        """The file's bytes; FileProblem when they cannot be fetched."""


class LocalFile(AttachedFile):
    """A file on this machine (the offline console's `file:path`): its size is checked when it
    is read, before its bytes are."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = path.replace("\\", "/").rsplit("/", 1)[-1] or path
        self.size = 0  # not known until read

    def _read(self) -> bytes:
        if not self.path.strip():  # `file:` with nothing after it, not the working folder
            raise FileProblem(
                self.name,
                "is empty",
                sentence="A file option is empty: give the path of a .fit, .gpx or .tcx file,"
                " e.g. file:runs/monday.fit.",
            )
        path = Path(self.path).expanduser()
        try:
            if path.is_dir():
                raise FileProblem(
                    self.name,
                    "is a folder",
                    sentence=f"“{file_label(self.path)}” is a folder, not a file: give the path"
                    " of one .fit, .gpx or .tcx file in it.",
                )
            if not path.is_file():
                raise FileProblem(
                    self.name,
                    "no such file",
                    sentence=f"There is no file “{file_label(self.path)}” on this computer:"
                    " check the path.",
                )
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise FileProblem(self.name, too_big(size))
            return path.read_bytes()
        except OSError as exc:
            raise FileProblem(self.name, f"could not be read ({exc.strerror})") from None

    async def read(self) -> bytes:
        return await asyncio.to_thread(self._read)


def too_big(size: int) -> str:
    return f"it is {size_text(size)}; files up to {size_text(MAX_FILE_BYTES)} are read"


async def download(file: AttachedFile) -> bytes:
    """The file's bytes, refusing an oversized one before and after the download."""
    if file.size > MAX_FILE_BYTES:
        raise FileProblem(file.name, too_big(file.size))
    data = await file.read()
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(file.name, too_big(len(data)))
    return data


class ActivityFiles:
    """Reads watch files off the event loop: in a helper process (`in_processes`) or, for the
    console and tests, in a thread (`in_threads`). Both enforce `time_limit`."""

    def __init__(
        self, worker: WorkerProcess | None, *, time_limit: float = PARSE_TIME_LIMIT_SECONDS
    ) -> None:
        self._worker = worker
        self.time_limit = time_limit

    @classmethod
    def in_processes(cls, idle_seconds: float = WORKER_IDLE_SECONDS) -> Self:
        return cls(WorkerProcess(idle_seconds=idle_seconds, name="file reader"))

    @classmethod
    def in_threads(cls, *, time_limit: float = PARSE_TIME_LIMIT_SECONDS) -> Self:
        return cls(None, time_limit=time_limit)

    @property
    def worker_pid(self) -> int | None:
        return None if self._worker is None else self._worker.pid

    async def parse(self, name: str, data: bytes, zone: ZoneInfo) -> list[ParsedRun]:
        """The runs in the file; FileProblem (naming the file) when it cannot be read.
        `zone` (the member's) reads a file that dates its run only by the watch's clock."""
        slow = "couldn't read it in time; is it a very long recording? Try a shorter export"
        if self._worker is None:
            try:
                # A timeout scope rather than wait_for: no extra task around the thread's future.
                async with asyncio.timeout(self.time_limit):
                    return await asyncio.to_thread(parse_activity_file, name, data, zone)
            except TimeoutError:
                raise FileProblem(name, slow) from None
            except Exception as exc:  # the parser's refusal, or a bug in it
                raise self._problem(name, type(exc).__name__, str(exc), exc) from None
        try:
            runs = await self._worker.call(
                PARSE_TARGET, name, data, zone, time_limit=self.time_limit
            )
        except WorkerTimeout:
            raise FileProblem(name, slow) from None
        except WorkerError as exc:
            raise self._problem(name, exc.kind, str(exc), exc) from None
        if not isinstance(runs, list):
            raise TypeError(f"the file reader returned {type(runs).__name__}, not a list")
        return runs

    @staticmethod
    def _problem(name: str, kind: str, message: str, exc: BaseException) -> FileProblem:
        if kind == "ActivityFileError":
            # "<name>: <problem>" as the parser wrote it; the name is re-escaped here, and the
            # problem too: it may quote the file's own text (a sport's name, a bad value).
            problem = message.removeprefix(f"{display_name(name)}: ")
            return FileProblem(name, inline_text(problem))
        if kind == "WorkerCrashed":
            return FileProblem(name, "couldn't read it in time (the reader stopped); try again")
        log.error("reading the watch file %r failed: %s: %s", name, kind, message, exc_info=exc)
        return FileProblem(name, "could not be read because of a problem on our side (logged)")

    async def close(self) -> None:
        if self._worker is not None:
            await self._worker.close()
