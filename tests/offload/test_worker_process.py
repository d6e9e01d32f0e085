"""The on-demand helper process: jobs, failures, time limits, idling out and restarts."""

from __future__ import annotations

import asyncio
import gc
import os
import signal

import pytest

from bot.offload.child import _run
from bot.offload.process import WorkerCrashed, WorkerError, WorkerProcess, WorkerTimeout

JOBS = "tests.offload.jobs"
LIMIT = 60.0


def worker(idle_seconds: float = 600) -> WorkerProcess:
    return WorkerProcess(idle_seconds=idle_seconds, packages=("bot", "tests"))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_a_job_runs_in_another_process_and_its_result_comes_back() -> None:
    w = worker()
    try:
        assert w.pid is None, "nothing starts before the first job"
        value = {"a": [1, 2.5, b"\x00bytes"], "b": None}
        assert await w.call(f"{JOBS}:echo", value, time_limit=LIMIT) == value
        child = await w.call(f"{JOBS}:pid", time_limit=LIMIT)
        assert child == w.pid
        assert child != os.getpid()
    finally:
        await w.close()


async def test_printing_in_the_job_does_not_corrupt_the_answer() -> None:
    w = worker()
    try:
        assert await w.call(f"{JOBS}:shout_to_stdout", "hi", time_limit=LIMIT) == "HI"
        assert await w.call(f"{JOBS}:echo", 7, time_limit=LIMIT) == 7
    finally:
        await w.close()


async def test_an_exception_in_the_job_comes_back_named_and_the_worker_stays() -> None:
    w = worker()
    try:
        with pytest.raises(WorkerError) as failed:
            await w.call(f"{JOBS}:fail", "corrupt file", time_limit=LIMIT)
        assert failed.value.kind == "ValueError"
        assert str(failed.value) == "corrupt file"
        pid = w.pid
        assert await w.call(f"{JOBS}:echo", 1, time_limit=LIMIT) == 1
        assert w.pid == pid
    finally:
        await w.close()


async def test_code_outside_the_named_packages_is_refused() -> None:
    w = WorkerProcess(idle_seconds=600)  # the bot's own: package `bot` only
    try:
        with pytest.raises(WorkerError) as failed:
            await w.call("os:getpid", time_limit=LIMIT)
        assert "not a job of this program" in str(failed.value)
    finally:
        await w.close()


async def test_a_job_over_its_time_limit_kills_the_worker_and_the_next_job_gets_a_new_one() -> None:
    w = worker()
    try:
        first = await w.call(f"{JOBS}:pid", time_limit=LIMIT)
        with pytest.raises(WorkerTimeout):
            await w.call(f"{JOBS}:sleep", 30, time_limit=0.5)
        assert w.pid is None
        assert not alive(first)
        second = await w.call(f"{JOBS}:pid", time_limit=LIMIT)
        assert second != first
    finally:
        await w.close()


async def test_a_killed_worker_fails_the_job_plainly_and_is_replaced() -> None:
    w = worker()
    try:
        first = await w.call(f"{JOBS}:pid", time_limit=LIMIT)
        os.kill(first, signal.SIGKILL)
        with pytest.raises(WorkerCrashed):
            await w.call(f"{JOBS}:pid", time_limit=LIMIT)
        assert await w.call(f"{JOBS}:pid", time_limit=LIMIT) not in (first, None)
    finally:
        await w.close()


async def test_an_idle_worker_leaves_and_comes_back_on_demand() -> None:
    w = worker(idle_seconds=0.05)
    try:
        first = await w.call(f"{JOBS}:pid", time_limit=LIMIT)
        for _ in range(400):  # waits for the event, asserts nothing about how long it took
            if w.pid is None and not alive(first):
                break
            await asyncio.sleep(0.05)
        assert w.pid is None
        assert not alive(first)
        assert await w.call(f"{JOBS}:pid", time_limit=LIMIT) != first
    finally:
        await w.close()


async def test_a_closed_worker_refuses_jobs() -> None:
    w = worker()
    await w.call(f"{JOBS}:pid", time_limit=LIMIT)
    await w.close()
    await w.close()
    with pytest.raises(RuntimeError, match="closed"):
        await w.call(f"{JOBS}:pid", time_limit=LIMIT)


async def test_a_job_runs_without_the_cyclic_collector_which_resumes_after() -> None:
    # The collector walked a large watch file's tree again at each full collection: a third
    # of the CPU of a 200,000-point GPX read, all of it wasted (nothing in it is a cycle).
    w = worker()
    try:
        assert await w.call(f"{JOBS}:collecting", time_limit=LIMIT) is False
    finally:
        await w.close()
    assert gc.isenabled()
    assert _run(f"{JOBS}:collecting", (), ("tests",)) is False
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"):
        _run(f"{JOBS}:fail", ("boom",), ("tests",))
    assert gc.isenabled()
