"""A club's daily-post settings (`clubs`) and weekly sessions (`club_sessions`), and the
club-wide leg-day query the post needs."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime, time
from itertools import groupby
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.clubpost import (
    ClubSession,
    EventState,
    HardLegDays,
    MemberLegDays,
    Weekday,
    check_new_session,
)
from bot.core.models import Experience, LegDay
from bot.core.reminders import clock_of, minute_of
from bot.core.schedule import ClubReminder, PostRecord
from bot.store.columns import LEG_DAY_COLUMNS, POST_COLUMNS, PROFILE_COLUMNS, prefixed
from bot.store.sql.codec import model_of, moment, rounded_up, zone, zone_key
from bot.store.sql.members import profile_from_row
from bot.store.sql.posts import post_record
from bot.store.sql.seam import DECODE_CHUNK, Db, Repository, Tx, require_new
from bot.turns import taking_turns

log = logging.getLogger(__name__)

_COLUMNS = "guild_id, channel_id, post_minute, timezone, enabled, paused, failed_days, effective_at"

# Setting the post again is how an admin un-pauses it, so it clears the failure count too:
# every column but the guild takes the new row's value.
_SET = f"""
    INSERT INTO clubs ({_COLUMNS}, updated_at)
    VALUES (:guild_id, :channel_id, :post_minute, :timezone, TRUE, FALSE, 0, :now, :now)
    ON CONFLICT (guild_id) DO UPDATE SET
        {", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ")[1:])},
        updated_at = excluded.updated_at
    RETURNING {_COLUMNS}
"""

_MEMBER_LEG_DAYS = f"l.guild_id, l.user_id, {prefixed(LEG_DAY_COLUMNS, 'l')}, " + prefixed(
    PROFILE_COLUMNS, "m"
)

# Every leg day of each club in its range, with the owner's profile, grouped by club and member
# (the post's clubs where anyone is interested: one statement a batch). Served by the leg_days
# (guild_id, at) index, which the materialised pick keeps PostgreSQL to (joined to members
# first, it walked every leg day of each member instead); the join is one primary-key lookup
# per row.
CLUB_LEG_DAYS = f"""
    WITH picked AS MATERIALIZED (
        SELECT l.*
        FROM {{rows w = windows: guild_id bigint, lo timestamptz, hi timestamptz}}
        JOIN leg_days AS l ON l.guild_id = w.guild_id AND l.at >= w.lo AND l.at <= w.hi
    )
    SELECT {_MEMBER_LEG_DAYS}
    FROM picked AS l
    JOIN members AS m ON m.guild_id = l.guild_id AND m.user_id = l.user_id
    ORDER BY l.guild_id, l.user_id, l.at DESC, l.id DESC
"""

# The post's members reduced to what decides their verdicts (bot.core.clubpost.HardLegDays):
# per club and moment k of `post_moments`, each member's newest HARD leg day in [lo, t], then
# members alike counted together. Only at the post's own moment (k = 0) is a listed member a
# row of their own, to be named. Served by the leg_days (guild_id, at) index.
CLUBS_HARD_LEG_DAYS = """
    WITH last AS (
        SELECT w.guild_id, w.k, l.user_id, max(l.at) AS last_hard
        FROM {rows w = moments: guild_id bigint, k int, lo timestamptz, t timestamptz}
        JOIN leg_days AS l ON l.guild_id = w.guild_id AND l.at >= w.lo AND l.at <= w.t
        WHERE l.is_hard
        GROUP BY w.guild_id, w.k, l.user_id
    ), named AS (
        SELECT last.guild_id, last.k, last.last_hard, m.experience,
               CASE WHEN last.k = 0 AND m.listed THEN m.user_id END AS user_id
        FROM last
        JOIN members AS m ON m.guild_id = last.guild_id AND m.user_id = last.user_id
        -- Only the batch's members: else PostgreSQL hashes every member of every club (a
        -- sequential scan of the whole table, a second a batch at 2 million members).
        WHERE m.guild_id {in guild_ids}
    )
    SELECT guild_id, k, user_id, experience, last_hard, count(*) AS members
    FROM named
    GROUP BY guild_id, k, user_id, experience, last_hard
"""

# The clubs due, each with its latest record: one primary-key seek per club. The post's
# columns are prefixed: some share their names with the club's.
ACTIVE_WITH_LATEST = f"""
    SELECT {prefixed(_COLUMNS, "c")},
           {", ".join(f"p.{name} AS post_{name}" for name in POST_COLUMNS)}
    FROM clubs AS c
    LEFT JOIN posts AS p ON p.guild_id = c.guild_id AND p.local_date = (
        SELECT max(local_date) FROM posts WHERE posts.guild_id = c.guild_id
    )
    WHERE c.enabled = TRUE AND c.paused = FALSE
    ORDER BY c.guild_id
"""

_SESSION = (
    "id, weekday, start_minute, run_type, name, place, minutes,"
    " event_id, event_state, event_start_at"
)
_SESSIONS_OF = f"""
    SELECT guild_id, {_SESSION} FROM club_sessions WHERE guild_id {{in guild_ids}}
    ORDER BY guild_id, weekday, start_minute, id
"""
_ADD_SESSION = """
    INSERT INTO club_sessions (guild_id, weekday, start_minute, run_type, name, place, minutes,
                               created_at)
    VALUES (:guild_id, :weekday, :start_minute, :run_type, :name, :place, :minutes, :now)
    RETURNING id
"""
_REMOVE_SESSION = f"""
    DELETE FROM club_sessions WHERE id = :id AND guild_id = :guild_id RETURNING {_SESSION}
"""
_SET_EVENT = f"""
    UPDATE club_sessions SET event_id = :event_id, event_state = :state, event_start_at = :anchor
    WHERE id = :id AND guild_id = :guild_id
    RETURNING {_SESSION}
"""


def _reminder(row: Any) -> ClubReminder:
    return model_of(
        ClubReminder,
        row,
        post_time=clock_of(row["post_minute"]),
        timezone=zone(row["timezone"]),
    )


def _members(rows: list[Any]) -> Iterator[MemberLegDays]:
    for user_id, group in groupby(rows, key=lambda row: int(row["user_id"])):
        member_rows = list(group)
        yield MemberLegDays(
            user_id=user_id,
            profile=profile_from_row(member_rows[0]),
            leg_days=tuple(model_of(LegDay, row) for row in member_rows),
        )


_EXPERIENCE = {e.value: e for e in Experience}


def _hard_leg_days(row: Any) -> HardLegDays:
    user_id = row["user_id"]
    return HardLegDays(
        row["k"],
        None if user_id is None else int(user_id),
        _EXPERIENCE[row["experience"]],
        moment(row["last_hard"]),
        row["members"],
    )


def _latest(row: Any) -> tuple[ClubReminder, PostRecord | None]:
    if row["post_local_date"] is None:
        return _reminder(row), None
    return _reminder(row), post_record({name: row[f"post_{name}"] for name in POST_COLUMNS})


def _session(row: Any) -> ClubSession:
    return model_of(
        ClubSession,
        row,
        weekday=Weekday.of(row["weekday"]),
        start=clock_of(row["start_minute"]),
    )


class ReminderSet(NamedTuple):
    reminder: ClubReminder
    # The zone the club had before (its IANA key): None for `[club] timezone`, or no post yet.
    zone_before: str | None


class Clubs(Repository):
    async def get(self, guild_id: int) -> ClubReminder | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM clubs WHERE guild_id = :g", g=guild_id)
        return None if row is None else _reminder(row)

    async def set_reminder(
        self,
        guild_id: int,
        *,
        channel_id: int,
        post_time: time,
        timezone: ZoneInfo | None,
        now: datetime,
    ) -> ReminderSet:
        """Turn the daily post on (or change it), clearing a pause and the failure count;
        `post_time` is kept to the minute, `timezone=None` follows the club's zone. With the
        zone the club had, read under the club's lock with the write: two admins setting it
        at once each see the zone the other left."""
        async with self._db.transaction() as tx:
            await tx.lock("clubs", guild_id)
            before = await tx.one("SELECT timezone FROM clubs WHERE guild_id = :g", g=guild_id)
            row = await tx.one(
                _SET,
                guild_id=guild_id,
                channel_id=channel_id,
                post_minute=minute_of(post_time),
                timezone=zone_key(timezone),
                now=now,
            )
        return ReminderSet(_reminder(row), None if before is None else before["timezone"])

    async def turn_off(self, guild_id: int, *, now: datetime) -> bool:
        return await self._db.changed(
            "UPDATE clubs SET enabled = FALSE, updated_at = :now"
            " WHERE guild_id = :guild_id AND enabled = TRUE",
            now=now,
            guild_id=guild_id,
        )

    async def active_with_latest_post(self) -> list[tuple[ClubReminder, PostRecord | None]]:
        """Every active reminder with its club's latest post record: one query per loop tick,
        however many clubs there are."""
        readable = []
        # Two models a club, by thousands: the loop gets its turns.
        async for row in taking_turns(await self._db.all(ACTIVE_WITH_LATEST), DECODE_CHUNK):
            try:
                readable.append(_latest(row))
            except ZoneInfoNotFoundError:
                # A zone this system's tz database does not know (removed in a tzdata update,
                # or a hand-edited row): said loudly, and every other club still gets its post.
                log.error(
                    "daily post for guild %s skipped: its time zone %r is unknown here; "
                    "an admin can set it again with /club reminder set",
                    row["guild_id"],
                    row["timezone"],
                )
        return readable

    async def member_leg_days(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberLegDays]:
        return (await self.member_leg_days_of({guild_id: (start, end)}))[guild_id]

    async def member_leg_days_of(
        self, windows: Mapping[int, tuple[datetime, datetime]]
    ) -> dict[int, list[MemberLegDays]]:
        """Per guild of `windows`, its members with their leg days in its (start, end), in one
        statement for every guild; every guild is a key."""
        found: dict[int, list[MemberLegDays]] = {guild_id: [] for guild_id in windows}
        if not found:
            return found
        wanted = [(guild_id, rounded_up(lo), hi) for guild_id, (lo, hi) in windows.items()]
        rows = await self._db.all(CLUB_LEG_DAYS, windows=wanted)
        for guild_id, club in groupby(rows, key=lambda row: int(row["guild_id"])):
            found[guild_id] = list(_members(list(club)))
        return found

    async def hard_leg_days_of(
        self, moments: Mapping[int, tuple[datetime, Sequence[datetime]]]
    ) -> dict[int, list[HardLegDays]]:
        """Per guild of `moments` (the post's data window's start, and its `post_moments`),
        its members reduced to the rows that decide the post's verdicts, in one statement for
        every guild; every guild is a key."""
        found: dict[int, list[HardLegDays]] = {guild_id: [] for guild_id in moments}
        if not found:
            return found
        wanted = [
            (guild_id, k, rounded_up(lo), t)
            for guild_id, (lo, ts) in moments.items()
            for k, t in enumerate(ts)
        ]
        rows = await self._db.all(CLUBS_HARD_LEG_DAYS, moments=wanted, guild_ids=list(found))
        # Tens of thousands of rows a batch: the loop gets its turns.
        async for row in taking_turns(rows, DECODE_CHUNK):
            found[int(row["guild_id"])].append(_hard_leg_days(row))
        return found


async def _sessions(db: Db | Tx, guild_ids: Collection[int]) -> dict[int, list[ClubSession]]:
    found: dict[int, list[ClubSession]] = {guild_id: [] for guild_id in guild_ids}
    if found:
        rows = await db.all(_SESSIONS_OF, guild_ids=list(found))
        async for row in taking_turns(rows, DECODE_CHUNK):
            found[int(row["guild_id"])].append(_session(row))
    return found


class ClubSessions(Repository):
    async def for_club(self, guild_id: int) -> list[ClubSession]:
        return (await _sessions(self._db, [guild_id]))[guild_id]

    async def for_clubs(self, guild_ids: Collection[int]) -> dict[int, list[ClubSession]]:
        """`for_club` of every guild in one statement; every guild is a key."""
        return await _sessions(self._db, guild_ids)

    async def add(self, guild_id: int, session: ClubSession, *, now: datetime) -> ClubSession:
        """Store a new session; raises UserError for a duplicate or a full schedule, checked
        atomically with the insert."""
        require_new("session", session.id)
        async with self._db.transaction() as tx:
            # Checked under the club's lock, so two admins cannot both add the 26th.
            await tx.lock("club_sessions", guild_id)
            check_new_session((await _sessions(tx, [guild_id]))[guild_id], session)
            row = await tx.one(
                _ADD_SESSION,
                guild_id=guild_id,
                weekday=session.weekday.number,
                start_minute=minute_of(session.start),
                run_type=session.run_type.value,
                name=session.name,
                place=session.place,
                minutes=session.minutes,
                now=now,
            )
        assert row is not None
        return session.model_copy(update={"id": int(row["id"])})

    async def remove(self, guild_id: int, session_id: int) -> ClubSession | None:
        rows = await self._db.write(_REMOVE_SESSION, id=session_id, guild_id=guild_id)
        return _session(rows[0]) if rows else None

    async def set_event(
        self,
        guild_id: int,
        session_id: int,
        *,
        event_id: int | None,
        state: EventState,
        anchor: datetime | None,
    ) -> ClubSession:
        """Record where the session's scheduled event stands; returns the session."""
        rows = await self._db.write(
            _SET_EVENT,
            event_id=event_id,
            state=state.value,
            anchor=anchor,
            id=session_id,
            guild_id=guild_id,
        )
        if not rows:
            raise LookupError(f"no session {session_id} in guild {guild_id}")
        return _session(rows[0])
