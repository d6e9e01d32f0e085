"""Migration 0014 (SQLite) on a database that already has heads-ups: a session removed before
the upgrade left its id in `heads_ups` (and in its read timers), so that id is known, and the
next session added after the upgrade must not be given it. Otherwise the new session finds
the removed one's heads-up for the same occurrence already sent and tells nobody: the very
bug 0014 is for, on the databases it upgrades."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from bot.core.clubpost import ClubSession, Weekday
from bot.core.models import RunType
from tests.storage.upgrades import sqlite_upgraded

GUILD, USER = 11, 22
CREATED = int(datetime(2024, 3, 4, 9, 0, tzinfo=UTC).timestamp())
# Thursday 7 March 2024, 18:30 UTC: the removed session's occurrence, told at 15:30.
OCCURRENCE = datetime(2024, 3, 7, 18, 30, tzinfo=UTC)
SESSION = (
    "INSERT INTO club_sessions (id, guild_id, weekday, start_minute, run_type, created_at)"
    " VALUES ({id}, {g}, {day}, 1110, 'hills', {t})"
)
TOLD = (
    "INSERT INTO heads_ups (guild_id, session_id, occurrence_at, user_id, verdict, state,"
    " created_at) VALUES ({g}, 2, {o}, {u}, 'WAIT', 'sent', {t})"
)


async def test_an_upgrade_never_gives_a_removed_sessions_id_its_heads_ups_still_name(
    db_path: Path,
) -> None:
    occurrence = int(OCCURRENCE.timestamp())
    before = (
        # Session 1 on Mondays, session 2 on Thursdays (weekday 3), both at 18:30.
        *(SESSION.format(id=n, g=GUILD, day=day, t=CREATED) for n, day in ((1, 0), (2, 3))),
        TOLD.format(g=GUILD, o=occurrence, u=USER, t=occurrence - 3 * 3600),
        # The admin removes session 2 (its place was wrong) before the upgrade...
        "DELETE FROM club_sessions WHERE id = 2",
    )
    async with sqlite_upgraded(db_path, 13, *before) as store:
        # ...and adds it again, with its place, after it: the same Thursday 18:30.
        again = ClubSession(
            weekday=Weekday.THURSDAY, start=time(18, 30), run_type=RunType.HILLS, place="Park"
        )
        added = await store.club_sessions.add(GUILD, again, now=OCCURRENCE.replace(hour=12))
        assert added.id is not None
        told = await store.heads_ups.told(GUILD, added.id, OCCURRENCE)
        assert added.id not in (1, 2) and told == {}, (
            f"the new session got id {added.id} and finds heads-ups already told: {told}"
        )
