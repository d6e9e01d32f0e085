"""The real watch-file corpus read through the bot's helper process: the slowest file and the
total time.

    RUNCLUB_REAL_CORPUS=<folder> .venv/bin/python scripts/bench_corpus.py

Each file goes to the helper process as `/run file:` sends it (ActivityFiles.in_processes,
with the bot's time limit), after one warm-up file so the process start is not counted. The
folder is found as the corpus test finds it (tests/data/real/SOURCES.md); without one, the
script says so and stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.actions.file_reader import ActivityFiles, FileProblem
from tests.data.real.reference import ENV, corpus_folder

# The zone a file dated only by the watch's clock is read in (a member's own, in the bot).
UTC_ZONE = ZoneInfo("UTC")


def corpus(folder: Path) -> list[tuple[str, bytes]]:
    files = []
    for path in sorted(folder.iterdir()):
        name = path.name.removesuffix(".gz")
        if name.endswith((".fit", ".gpx", ".tcx")):
            data = path.read_bytes()
            files.append((name, gzip.decompress(data) if path.name.endswith(".gz") else data))
    return files


async def main() -> None:
    folder = corpus_folder()
    if folder is None:
        print(f"watch-file corpus: none here (set {ENV}; see tests/data/real/SOURCES.md)")
        return
    files = corpus(folder)
    reader = ActivityFiles.in_processes()
    try:
        await reader.parse(*files[0], UTC_ZONE)  # start the helper process
        timings = []
        for name, data in files:
            started = time.perf_counter()
            with contextlib.suppress(FileProblem):  # a refusal is an outcome; its time counts
                await reader.parse(name, data, UTC_ZONE)
            timings.append((time.perf_counter() - started, name, len(data)))
    finally:
        await reader.close()
    total = sum(t for t, _, _ in timings)
    slowest, name, size = max(timings)
    megabytes = sum(s for _, _, s in timings) / 1024 / 1024
    print(
        f"watch-file corpus: {len(files)} files ({megabytes:.1f} MB) through the helper process "
        f"in {total:.2f} s; slowest {name} ({size / 1024:.0f} KB) {slowest * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
