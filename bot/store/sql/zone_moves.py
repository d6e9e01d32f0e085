"""Timers queued at a time in an older zone of the club, found and moved when the club's zone
changed while the bot was down: the check-ins of members who follow the club's zone
(`members.timezone` NULL; bot/actions/checkin_days.py), and the sessions' heads-up reads
(bot/actions/session_zone.py). One read each, and the moves in statements of up to MOVE_BATCH
rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from bot.core.reminders import Timer
from bot.store.columns import TIMER_COLUMNS, prefixed
from bot.store.sql.codec import model_of, moment
from bot.store.sql.seam import DECODE_CHUNK, Repository
from bot.store.sql.timers import TRIED_CHECKIN
from bot.turns import taking_turns

MOVE_BATCH = 5000
# Check-ins not tried yet of members without a zone of their own, except those whose due time
# reads their minute on a clock at the club's offset of that moment (one of `spans`: a due time
# outside them is read whatever it is). With the day of the member's latest check-in tried
# (TRIED_CHECKIN, whose unqualified columns are c's; the latest day of all, if a zone change
# reordered them). Epoch minutes plus the offset are the clock's minutes since 1970-01-01 00:00.
_MISPLACED = f"""
    WITH spans AS MATERIALIZED (
        SELECT * FROM {{rows z = spans: lo timestamptz, hi timestamptz, shift int}})
    SELECT {prefixed(TIMER_COLUMNS, "t")},
        (SELECT max(c.checkin_day) FROM timers AS c
         WHERE c.guild_id = t.guild_id AND c.user_id = t.user_id AND {TRIED_CHECKIN}) AS had
    FROM timers AS t
    WHERE t.kind = 'checkin' AND t.state = 'pending' AND t.attempts = 0
      AND t.minute IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM members AS m WHERE m.guild_id = t.guild_id
                      AND m.user_id = t.user_id AND m.timezone IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM spans AS z
                      WHERE t.due_at >= z.lo AND t.due_at < z.hi
                        AND ({{epoch t.due_at}} / 60 + z.shift - t.minute) % 1440 = 0)
"""
# Pending heads-up reads, with their session's weekday, start and type and their club's own
# zone (NULL: `[club] timezone`, `:config`), except those whose due time plus the lead (`:lead`
# minutes) is the session's weekday and start on a clock at its zone's offset of that moment
# (one of `spans`, by zone; a moment outside them is read whatever it is). A re-read, a read due
# at once, one for a lead that is no whole number of minutes, are read too, and checked by the
# caller. Minutes since the Monday before 1970-01-01 (a Thursday) are epoch minutes plus 3 days.
_READS = """
    WITH spans AS MATERIALIZED (
        SELECT * FROM {rows z = spans: zone text, lo timestamptz, hi timestamptz, shift int})
    SELECT t.id, t.guild_id, t.due_at, s.weekday, s.start_minute, s.run_type,
        c.timezone AS club_zone
    FROM timers AS t
    JOIN club_sessions AS s ON s.id = t.session_id
    LEFT JOIN clubs AS c ON c.guild_id = t.guild_id
    WHERE t.kind = 'heads_up' AND t.state = 'pending'
      AND NOT EXISTS (
        SELECT 1 FROM spans AS z
        WHERE z.zone = COALESCE(c.timezone, :config)
          AND {epoch t.due_at} + :lead * 60 >= {epoch z.lo}
          AND {epoch t.due_at} + :lead * 60 < {epoch z.hi}
          AND (({epoch t.due_at} / 60 + :lead + z.shift + 4320) % 10080
               = s.weekday * 1440 + s.start_minute))
"""
START_READS = (_MISPLACED, _READS)
# In both, the spans are read once (a CTE): as a subquery, SQLite read them all again for every
# timer (5.8 s for the heads-up reads at 300 club zones).
# Neither read is ordered: an ORDER BY id has SQLite walk every timer ever stored, in id order,
# rather than the pending ones by their index (timers_due).
# Each only while it is as it was read: not tried, claimed, or moved by a /profile change.
_MOVE = """
    UPDATE timers SET due_at = w.due_at, next_at = w.due_at, updated_at = :now
    FROM {rows w = moves: id bigint, was timestamptz, due_at timestamptz}
    WHERE timers.id = w.id AND timers.state = 'pending' AND timers.attempts = 0
      AND timers.due_at = w.was
"""


class QueuedRead(NamedTuple):
    """A pending heads-up read, with what places it: its session's weekday (Monday 0), start
    (minutes into the day) and run type, and its club's own zone (None: `[club] timezone`)."""

    id: int
    guild_id: int
    due_at: datetime
    weekday: int
    start_minute: int
    run_type: str
    club_zone: str | None


class ZoneMoves(Repository):
    async def misplaced_checkins(
        self, spans: Sequence[tuple[datetime, datetime, int]]
    ) -> list[tuple[Timer, date | None]]:
        """Pending check-ins not tried yet of members without a zone of their own (any guild)
        that may not be at their minute in the club's zone, whose UTC offset over some moments
        `spans` gives (bot.core.reminders.offset_spans); each with the latest day a check-in of
        the member's was tried for."""
        rows = await self._db.all(_MISPLACED, spans=list(spans))
        return [(model_of(Timer, row), _day(row["had"])) for row in rows]

    async def club_zones(self) -> list[str]:
        """The zones clubs chose for themselves (`/club reminder set timezone:`), each once."""
        rows = await self._db.all(
            "SELECT DISTINCT timezone FROM clubs WHERE timezone IS NOT NULL ORDER BY timezone"
        )
        return [str(row["timezone"]) for row in rows]

    async def heads_up_reads(
        self, config: str, lead: int, spans: Sequence[tuple[str, datetime, datetime, int]]
    ) -> list[QueuedRead]:
        """The pending heads-up reads (any guild) that may not be at their session's heads-up
        time, `lead` minutes before its start, in their club's zone (`config` where the club
        has none of its own), whose UTC offsets over some moments `spans` gives by zone
        (bot.core.reminders.offset_spans). Only what places a read is read: there may be one
        per session (a zone change), decoded a chunk at a time."""
        rows = await self._db.all(_READS, config=config, lead=lead, spans=list(spans))
        return [
            QueuedRead(
                int(row["id"]),
                int(row["guild_id"]),
                moment(row["due_at"]),
                int(row["weekday"]),
                int(row["start_minute"]),
                str(row["run_type"]),
                row["club_zone"],
            )
            async for row in taking_turns(rows, DECODE_CHUNK)
        ]

    async def move(
        self, moves: Sequence[tuple[Timer | QueuedRead, datetime]], *, now: datetime
    ) -> int:
        """Move each timer not tried yet to its new due time unless it changed since it was
        read; how many moved."""
        moved = 0
        for start in range(0, len(moves), MOVE_BATCH):
            batch = [(t.id, t.due_at, due) for t, due in moves[start : start + MOVE_BATCH]]
            moved += await self._db.run(_MOVE, moves=batch, now=now)
        return moved


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
