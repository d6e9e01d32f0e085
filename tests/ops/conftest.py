from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import running_clock
from bot.console.repl import Console
from tests.ops.console_driving import NOW, Hands, settings_for


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`main()` installs the product's root handler on the stream of the moment (a capture
    that closes after the test); put the root logger back as it was."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def hands() -> Hands:
    return Hands()


@pytest.fixture
async def console(tmp_path: Path, hands: Hands) -> AsyncIterator[Console]:
    """An offline console on a fresh SQLite file; its clock stands at NOW until `hands` move."""
    opened = await Console.open(
        settings_for(tmp_path),
        clock=running_clock(NOW, elapsed=lambda: hands.elapsed),
        files_dir=tmp_path / "files",
    )
    try:
        yield opened
    finally:
        await opened.close()
