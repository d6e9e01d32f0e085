"""Jobs for the worker-process tests (the child imports them by name)."""

from __future__ import annotations

import gc
import os
import time


def echo(value: object) -> object:
    return value


def pid() -> int:
    return os.getpid()


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def fail(message: str) -> None:
    raise ValueError(message)


def shout_to_stdout(text: str) -> str:
    # A library printing would corrupt a frame if stdout were the answer channel.
    print(text)
    return text.upper()


def collecting() -> bool:
    return gc.isenabled()
