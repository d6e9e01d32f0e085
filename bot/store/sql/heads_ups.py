"""Heads-ups before club sessions (`heads_ups`, the 'heads_up' rows of `timers`) and the
offline console's "Interested" list (`event_interest`).

A read timer is claimed as any timer is (`UPDATE ... WHERE state = 'pending' RETURNING`), and
the next read is stored in the same transaction, so a crash loses at most one read and the
chain never breaks. A member's heads-up is claimed by inserting its row: the primary key
(guild, session, occurrence, user) lets exactly one process, once, send it. While the row is
'sending', its `created_at` is the claim's time, the start of the search for a DM a crash may
have cut off.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.models import MemberRef, Verdict
from bot.core.reminders import Timer, TimerKind
from bot.core.session_events import SAME_OCCURRENCE, HeadsUpKey
from bot.store.sql.codec import maybe_moment, moment
from bot.store.sql.seam import Repository
from bot.store.sql.timers import CANCEL_TIMERS, add_timer

_SESSION = "guild_id = :guild_id AND session_id = :session_id"
# One member's heads-up for one occurrence.
_ONE = f"{_SESSION} AND occurrence_at = :occurrence AND user_id = :user_id"
# That heads-up, while the claim made at :claimed_at still holds it.
_HELD = f"{_ONE} AND state = 'sending' AND created_at = :claimed_at"
# The same claim, also once given up (`resolve_stale`, a look that could not read the DMs):
# the DM its send made is recorded sent all the same.
_MADE = f"{_ONE} AND state IN ('sending', 'failed') AND created_at = :claimed_at"
# Claims in flight, read at every tick of the reminders' runner: through `heads_ups_sending`.
_STALE = """
    UPDATE heads_ups SET state = 'failed', error = :error
    WHERE state = 'sending' AND occurrence_at <= :by
"""
_FIRST_CLAIMED = "SELECT min(occurrence_at) AS first FROM heads_ups WHERE state = 'sending'"
IN_FLIGHT_READS = (_STALE, _FIRST_CLAIMED)
_CANCEL_READS = f"{CANCEL_TIMERS} {_SESSION} AND kind = 'heads_up' AND state = 'pending'"
_CLAIM_MEMBER = """
    INSERT INTO heads_ups (guild_id, session_id, occurrence_at, user_id, verdict, state,
                           created_at)
    VALUES (:guild_id, :session_id, :occurrence, :user_id, :verdict, 'sending', :now)
    ON CONFLICT (guild_id, session_id, occurrence_at, user_id) DO NOTHING
    RETURNING user_id
"""


class HeadsUps(Repository):
    """A session's read timers (kind 'heads_up' in the timers table) and the heads-ups sent,
    one per member and occurrence."""

    async def schedule(
        self, guild_id: int, session_id: int, *, due_at: datetime, now: datetime
    ) -> Timer:
        """A session's first read timer (its pending ones are cancelled first)."""
        async with self._db.transaction() as tx:
            await tx.run(_CANCEL_READS, guild_id=guild_id, session_id=session_id, now=now)
            club = MemberRef(guild_id=guild_id, user_id=0)
            return await add_timer(
                tx, club, TimerKind.HEADS_UP, due_at=due_at, now=now, session_id=session_id
            )

    async def cancel(self, guild_id: int, session_id: int, *, now: datetime) -> int:
        """Cancel the session's pending reads (the session was removed)."""
        return await self._db.run(_CANCEL_READS, guild_id=guild_id, session_id=session_id, now=now)

    async def unscheduled(self) -> list[tuple[int, int]]:
        """(guild, session) of every published session without a pending or running read."""
        rows = await self._db.all(
            "SELECT s.guild_id, s.id FROM club_sessions AS s"
            " WHERE s.event_state = 'published' AND NOT EXISTS ("
            "  SELECT 1 FROM timers AS t WHERE t.kind = 'heads_up'"
            "  AND t.state IN ('pending', 'sending')"
            "  AND t.guild_id = s.guild_id AND t.session_id = s.id)"
            " ORDER BY s.guild_id, s.id"
        )
        return [(int(row["guild_id"]), int(row["id"])) for row in rows]

    async def told(
        self, guild_id: int, session_id: int, occurrence: datetime
    ) -> dict[int, datetime | None]:
        """The members whose heads-up for this occurrence was claimed already: each with its
        claim's time while it is still 'sending' (in flight, or cut off), else None. A claim
        for the same week's occurrence at another start (before the club's zone moved it) is
        one too, and ended (None): one heads-up per occurrence, whatever its start became."""
        rows = await self._db.all(
            "SELECT user_id, state, created_at, occurrence_at FROM heads_ups"
            f" WHERE {_SESSION} AND occurrence_at > :after AND occurrence_at < :before",
            guild_id=guild_id,
            session_id=session_id,
            after=occurrence - SAME_OCCURRENCE,
            before=occurrence + SAME_OCCURRENCE,
        )
        told: dict[int, datetime | None] = {}
        for row in rows:
            user_id = int(row["user_id"])
            if moment(row["occurrence_at"]) != occurrence:
                told.setdefault(user_id, None)
            elif row["state"] == "sending":
                told[user_id] = moment(row["created_at"])
            else:
                told[user_id] = None
        return told

    async def claim(self, key: HeadsUpKey, verdict: Verdict, *, now: datetime) -> bool:
        """Claim one member's heads-up (committed before it is sent); False if it was."""
        rows = await self._db.write(_CLAIM_MEMBER, **key._asdict(), verdict=verdict.value, now=now)
        return bool(rows)

    async def finish(
        self, key: HeadsUpKey, *, claimed_at: datetime, sent: bool, error: str | None = None
    ) -> None:
        """Record how the heads-up claimed at `claimed_at` ended: sent, or failed for good with
        `error`. A claim another process took over since is theirs to record; one given up
        meanwhile as possibly sent is recorded sent when its DM was made."""
        await self._db.run(
            f"UPDATE heads_ups SET state = :state, error = :error WHERE {_MADE if sent else _HELD}",
            state="sent" if sent else "failed",
            error=error,
            claimed_at=claimed_at,
            **key._asdict(),
        )

    async def resolve_stale(self, started_by: datetime, *, error: str) -> int:
        """Claims still 'sending' for an occurrence that started at or before `started_by`:
        no read looks for them any more (an occurrence's reads stop at its start), so they
        end as failed with `error` (why, and that the DM may have gone out), never sent."""
        return await self._db.run(_STALE, error=error, by=started_by)

    async def first_claimed_start(self) -> datetime | None:
        """The earliest start among the occurrences with a claim still 'sending' (any guild)."""
        row = await self._db.one(_FIRST_CLAIMED)
        return None if row is None else maybe_moment(row["first"])

    async def restart_claim(
        self, key: HeadsUpKey, verdict: Verdict, *, claimed_at: datetime, now: datetime
    ) -> bool:
        """The claim made at `claimed_at`, whose DM the member's DMs show was never made, dates
        from `now`, with the verdict about to be sent (see Posts.restart_claim); False when
        another process took it over first."""
        return await self._db.changed(
            f"UPDATE heads_ups SET created_at = :now, verdict = :verdict WHERE {_HELD}",
            now=now,
            verdict=verdict.value,
            claimed_at=claimed_at,
            **key._asdict(),
        )

    async def release(self, key: HeadsUpKey, *, claimed_at: datetime) -> None:
        """Give back the claim made at `claimed_at`, whose DM was never made and is not owed
        any more: the next read decides afresh."""
        await self._db.run(
            f"DELETE FROM heads_ups WHERE {_HELD}",
            claimed_at=claimed_at,
            **key._asdict(),
        )

    async def mark_interested(
        self, guild_id: int, event_id: int, user_id: int, *, now: datetime
    ) -> bool:
        """The console's "Interested" press; False if already marked."""
        return await self._db.changed(
            "INSERT INTO event_interest (guild_id, event_id, user_id, created_at)"
            " VALUES (:guild_id, :event_id, :user_id, :now)"
            " ON CONFLICT (guild_id, event_id, user_id) DO NOTHING",
            guild_id=guild_id,
            event_id=event_id,
            user_id=user_id,
            now=now,
        )

    async def forget_event(self, guild_id: int, event_id: int) -> int:
        """The console's event was deleted: its "Interested" list goes with it."""
        return await self._db.run(
            "DELETE FROM event_interest WHERE guild_id = :guild_id AND event_id = :event_id",
            guild_id=guild_id,
            event_id=event_id,
        )

    async def interested(self, guild_id: int, event_id: int) -> list[int]:
        """The console's "Interested" list of one event."""
        rows = await self._db.all(
            "SELECT user_id FROM event_interest WHERE guild_id = :guild_id"
            " AND event_id = :event_id ORDER BY user_id",
            guild_id=guild_id,
            event_id=event_id,
        )
        return [int(row["user_id"]) for row in rows]
