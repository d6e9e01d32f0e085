"""The worker process's side: read a job, run it, write the result; leave at end of input.

Started by `WorkerProcess` as `python -m bot.offload.child PACKAGE...`. Jobs name a function as
"package.module:function"; a module outside the named packages (normally just `bot`) is
refused, so a frame can only ever run this program's own code.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import sys
from typing import Any, BinaryIO

from bot.offload.process import HEADER, MAX_FRAME_BYTES, encode_frame


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = stream.read(size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _run(target: str, args: tuple[Any, ...], packages: tuple[str, ...]) -> Any:
    module_name, _, function_name = target.partition(":")
    if module_name.split(".")[0] not in packages or not function_name:
        raise ValueError(f"not a job of this program: {target!r}")
    function = getattr(importlib.import_module(module_name), function_name)
    # A job's objects are freed by reference counting as it ends; the cyclic collector would
    # only walk them again and again while they grow: a watch file's tree of 600,000 elements
    # at each full collection, a third of the CPU of a 200,000-point GPX read. It resumes after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if collecting:
            gc.enable()


def serve(requests: BinaryIO, answers: BinaryIO, packages: tuple[str, ...]) -> None:
    while True:
        header = _read_exactly(requests, HEADER.size)
        if header is None:
            return
        (size,) = HEADER.unpack(header)
        body = _read_exactly(requests, size) if size <= MAX_FRAME_BYTES else None
        if body is None:
            return
        target, args = pickle.loads(body)  # noqa: S301 (the parent is this program)
        try:
            answer: tuple[bool, Any] = (True, _run(target, args, packages))
        except Exception as exc:  # every failure goes back to the caller
            answer = (False, (type(exc).__name__, str(exc)))
        answers.write(encode_frame(answer))
        answers.flush()


def main() -> None:
    # The answers own the real stdout; anything a library prints goes to stderr instead of
    # corrupting a frame.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what stops.
    with contextlib.suppress(KeyboardInterrupt):
        serve(sys.stdin.buffer, answers, tuple(sys.argv[1:]) or ("bot",))


if __name__ == "__main__":
    main()
