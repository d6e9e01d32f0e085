"""The parser as the bot runs it: in the helper process, by name, with a time limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.activity_files import parse_activity_file
from bot.offload.process import WorkerError, WorkerProcess
from tests.activity_files.test_fit_clock import watch_file
from tests.test_layers import imported_modules

DATA = Path(__file__).resolve().parent.parent / "data"
TARGET = "bot.activity_files:parse_activity_file"


@pytest.fixture
async def worker() -> AsyncIterator[WorkerProcess]:
    process = WorkerProcess(idle_seconds=30, name="activity-files")
    yield process
    await process.close()


async def test_runs_come_back_from_the_worker(worker: WorkerProcess) -> None:
    data = (DATA / "two_runs.fit").read_bytes()
    assert await worker.call(TARGET, "two_runs.fit", data, time_limit=30) == (
        parse_activity_file("two_runs.fit", data)
    )


async def test_the_members_zone_crosses_to_the_worker(worker: WorkerProcess) -> None:
    # A file dated only by the watch's clock (08:10 as the run ended, 600 s long) is read in
    # the zone passed with it: the ZoneInfo pickles by its key. In London (BST) it started at
    # 07:00 UTC, in Tokyo (UTC+9, no summer time) ended at 23:10 UTC the day before, so began
    # at 23:00.
    data = watch_file(datetime(2025, 6, 1, 8, 10))
    for zone, start in (
        ("Europe/London", datetime(2025, 6, 1, 7, 0, tzinfo=UTC)),
        ("Asia/Tokyo", datetime(2025, 5, 31, 23, 0, tzinfo=UTC)),
    ):
        [run] = await worker.call(TARGET, "fr70.fit", data, ZoneInfo(zone), time_limit=30)
        assert run.start == start
        assert run.watch_clock is not None and zone in run.watch_clock


async def test_a_refusal_comes_back_as_its_one_liner(worker: WorkerProcess) -> None:
    data = (DATA / "run.zip").read_bytes()
    with pytest.raises(WorkerError) as caught:
        await worker.call(TARGET, "run.zip", data, time_limit=30)
    assert caught.value.kind == "ActivityFileError"
    assert str(caught.value) == "run.zip: zip archives are not read; attach the .fit inside"


def test_the_package_knows_neither_discord_nor_the_store() -> None:
    package = Path(__file__).resolve().parents[2] / "bot" / "activity_files"
    for path in package.glob("*.py"):
        for name in imported_modules(path):
            assert name.split(".")[0] != "discord", path
            assert not name.startswith(("bot.store", "bot.discord", "bot.actions")), path
