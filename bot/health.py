"""The heartbeat: the running bot writes the time to a file, `runclub-bot healthcheck` reads it.

The bot rewrites the file from a `tasks.loop` on its own event loop, so a stale file means that
loop stopped making progress (deadlock, a blocking call, a dead process), which a plain "is the
process alive" check cannot see. The time is written into the file rather than read from its
mtime so that the check does not depend on how a volume reports modification times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

HEARTBEAT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class Health:
    healthy: bool
    reason: str


def write_heartbeat(path: Path, now: datetime) -> None:
    """Write `now` (UTC unix seconds) to `path` atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(f"{int(now.timestamp())}\n", encoding="ascii")
    partial.replace(path)


def check_heartbeat(path: Path, max_age_seconds: int, now: datetime) -> Health:
    """Whether the heartbeat at `path` is at most `max_age_seconds` away from `now`."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return Health(
            False, f"no heartbeat file at {path}: the bot is not running or not ready yet"
        )
    except (OSError, UnicodeDecodeError) as exc:
        return Health(False, f"cannot read the heartbeat file {path}: {exc}")
    try:
        beat = int(text)
    except ValueError:
        return Health(False, f"the heartbeat file {path} holds no timestamp")
    age = int(now.timestamp()) - beat
    # A beat from the future (the clock was set back) is as untrustworthy as an old one.
    if abs(age) > max_age_seconds:
        return Health(
            False,
            f"the last heartbeat is {age} s old (limit {max_age_seconds} s): "
            "the bot's event loop has stopped making progress",
        )
    return Health(True, f"healthy: the last heartbeat is {age} s old")
