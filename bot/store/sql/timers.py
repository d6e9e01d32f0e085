"""Reminders and check-ins: the stored timers, check-in answers, and notices for a member's
next command (`timers`, `checkin_answers`, `member_notices`).

A timer is claimed with one `UPDATE ... WHERE state = 'pending' RETURNING`, committed before
the DM is sent, so one row is claimed once whatever restarts or other processes do. While a row
is 'sending', its `updated_at` is the claim's time, which a retake after a crash (the same DM,
the same nonce) leaves; `attempted_at` is when the earliest attempt began that may have made
the DM, kept through failures for now and their retries until a look rules it out.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.core.models import MemberRef
from bot.core.reminders import (
    NOTICES_READ_EVERY,
    CheckinAnswer,
    Timer,
    TimerKind,
    TimerState,
)
from bot.store.columns import TIMER_COLUMNS
from bot.store.sql.codec import maybe_moment, model_of
from bot.store.sql.seam import Db, Repository, Tx, scope

_MEMBER = "guild_id = :guild_id AND user_id = :user_id"
_INSERT = f"""
    INSERT INTO timers (guild_id, user_id, kind, due_at, next_at, entry_id, minute, session_id,
                        state, created_at, updated_at)
    VALUES (:guild_id, :user_id, :kind, :due_at, :due_at, :entry_id, :minute, :session_id,
            'pending', :now, :now)
    RETURNING {TIMER_COLUMNS}
"""
# A reminder moved to another leg day and time is another DM: it starts afresh.
_MOVE_TO = """
    UPDATE timers SET entry_id = :entry_id, due_at = :due_at, next_at = :due_at,
        attempts = 0, attempted_at = NULL, updated_at = :now
"""
_MOVE_READY = f"""{_MOVE_TO}
    WHERE {_MEMBER} AND kind = 'ready' AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_CANCEL_CHECKINS = f"""
    UPDATE timers SET state = 'cancelled', updated_at = :now
    WHERE {_MEMBER} AND kind = 'checkin' AND
"""
# Also one being sent: a send that then fails for now finds it cancelled and is not retried,
# and one a crash cut off is not sent again.
_STOP_CHECKINS = f"{_CANCEL_CHECKINS} state IN ('pending', 'sending')"
# A new time leaves a check-in that waits to be retried: its day's, due already.
_CANCEL_UNTRIED_CHECKINS = f"{_CANCEL_CHECKINS} state = 'pending' AND attempts = 0"
_CANCEL = f"""
    UPDATE timers SET state = 'cancelled', updated_at = :now
    WHERE id = :id AND {_MEMBER} AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_MOVE = f"""{_MOVE_TO}
    WHERE id = :id AND {_MEMBER} AND kind = 'ready' AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_RESCHEDULE = f"""
    UPDATE timers SET due_at = :due_at, next_at = :due_at, updated_at = :now
    WHERE id = :id AND {_MEMBER} AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_CLAIM = f"""
    UPDATE timers SET state = :state,
        attempts = attempts + CASE WHEN :state = 'sending' THEN 1 ELSE 0 END,
        attempted_at = CASE WHEN :state = 'sending' THEN COALESCE(attempted_at, :since)
                            ELSE attempted_at END,
        checkin_day = COALESCE(checkin_day, :day),
        updated_at = :now
    WHERE id = :id AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_SAVE_SORENESS = """
    INSERT INTO checkin_answers (guild_id, user_id, local_date, soreness, answered_at)
    VALUES (:guild_id, :user_id, :day, :soreness, :now)
    ON CONFLICT (guild_id, user_id, local_date) DO NOTHING
"""
_ADD_NOTICE = """
    INSERT INTO member_notices (guild_id, user_id, kind, message, created_at)
    VALUES (:guild_id, :user_id, :kind, :message, :now)
    ON CONFLICT (guild_id, user_id, kind)
    DO UPDATE SET message = excluded.message, created_at = excluded.created_at
"""


async def add_timer(
    tx: Tx,
    member: MemberRef,
    kind: TimerKind,
    *,
    due_at: datetime,
    now: datetime,
    entry_id: int | None = None,
    minute: int | None = None,
    session_id: int | None = None,
) -> Timer:
    """A new pending timer; a heads-up read's `member` is its club's (user id 0)."""
    row = await tx.one(
        _INSERT,
        **scope(member),
        kind=kind.value,
        due_at=due_at,
        entry_id=entry_id,
        minute=minute,
        session_id=session_id,
        now=now,
    )
    assert row is not None
    return model_of(Timer, row)


class Timers(Repository):
    def __init__(self, db: Db) -> None:
        super().__init__(db)
        # (guild_id, user_id) of the members who may have a notice waiting: those every read
        # found and those this handle stored, until their next take. A read only adds to it,
        # so a notice stored while it runs is never forgotten; a member in it whose notice
        # another process took costs one empty DELETE, never a lost notice.
        self._waiting: set[tuple[int, int]] = set()
        self._read_at: datetime | None = None

    async def add_ready(
        self, member: MemberRef, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer:
        """The member's one pending reminder, for leg day `entry_id`: it replaces a pending
        one (same id kept), else a new row."""
        async with self._db.transaction() as tx:
            row = await tx.one(
                _MOVE_READY, entry_id=entry_id, due_at=due_at, now=now, **scope(member)
            )
            if row is not None:
                return model_of(Timer, row)
            return await add_timer(
                tx, member, TimerKind.READY, due_at=due_at, now=now, entry_id=entry_id
            )

    async def set_checkin(
        self, member: MemberRef, *, minute: int, due_at: datetime, now: datetime
    ) -> Timer:
        """The member's check-ins at a new `minute`, the next at `due_at`: it replaces the
        pending one, and leaves one that waits to be retried (its day's, due already)."""
        async with self._db.transaction() as tx:
            await tx.run(_CANCEL_UNTRIED_CHECKINS, now=now, **scope(member))
            return await add_timer(
                tx, member, TimerKind.CHECKIN, due_at=due_at, now=now, minute=minute
            )

    async def pending(self, member: MemberRef) -> list[Timer]:
        """The member's pending timers, soonest first."""
        return await self._read(
            f"{_MEMBER} AND state = 'pending' ORDER BY due_at, id", **scope(member)
        )

    async def _read(self, where: str, **params: object) -> list[Timer]:
        rows = await self._db.all(f"SELECT {TIMER_COLUMNS} FROM timers WHERE {where}", **params)
        return [model_of(Timer, row) for row in rows]

    async def _changed(self, sql: str, **params: object) -> Timer | None:
        """The timer one writing statement changed, or None."""
        rows = await self._db.write(sql, **params)
        return model_of(Timer, rows[0]) if rows else None

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        """Cancel the member's own pending timer; None when they have no such pending timer."""
        return await self._changed(_CANCEL, now=now, id=timer_id, **scope(member))

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        """Point the member's pending reminder at another leg day and time."""
        return await self._changed(
            _MOVE, entry_id=entry_id, due_at=due_at, now=now, id=timer_id, **scope(member)
        )

    async def reschedule(
        self, member: MemberRef, timer_id: int, *, due_at: datetime, now: datetime
    ) -> Timer | None:
        """Move the member's pending timer (same id) to `due_at`; None when it is not pending.
        Its attempts and `attempted_at` stay: a check-in waiting to retry has chained its next
        already, and a DM an attempt may have made is still looked for."""
        return await self._changed(
            _RESCHEDULE, due_at=due_at, now=now, id=timer_id, **scope(member)
        )

    async def last_checkin(self, member: MemberRef) -> Timer | None:
        """The member's latest check-in that was tried: its DM went out, may have (a failure
        for now, a crash), or waits to be retried, whatever happened since (`time:off`
        included). The day it was for has had its check-in. One that failed at its first
        attempt does not count: only a refusal (closed DMs, the member gone) ends a check-in
        then, and a refused DM was never made."""
        found = await self._read(
            f"{_MEMBER} AND kind = 'checkin' AND attempts > 0"
            " AND NOT (state = 'failed' AND attempts = 1) ORDER BY due_at DESC, id DESC LIMIT 1",
            **scope(member),
        )
        return found[0] if found else None

    async def next_due(self) -> datetime | None:
        """When the soonest pending timer is to be tried (any guild)."""
        row = await self._db.one(
            "SELECT min(next_at) AS next_at FROM timers WHERE state = 'pending'"
        )
        return None if row is None else maybe_moment(row["next_at"])

    async def claimed(self) -> list[tuple[int, int]]:
        """(id, guild) of the timers claimed (SENDING): in flight somewhere, or cut off."""
        rows = await self._db.all(
            "SELECT id, guild_id FROM timers WHERE state = 'sending' ORDER BY id"
        )
        return [(int(row["id"]), int(row["guild_id"])) for row in rows]

    async def due(self, now: datetime, limit: int) -> list[Timer]:
        """Pending timers to try at `now` (`next_at <= now`), oldest first, at most `limit`."""
        return await self._read(
            "state = 'pending' AND next_at <= :now ORDER BY next_at, id LIMIT :limit",
            now=now,
            limit=limit,
        )

    async def claim(
        self,
        timer_id: int,
        *,
        now: datetime,
        state: TimerState = TimerState.SENDING,
        then: datetime | None = None,
        since: datetime | None = None,
        day: date | None = None,
    ) -> Timer | None:
        """Move a pending timer to `state` (SENDING before a send, DROPPED; a heads-up read
        straight to SENT or CANCELLED), committed; with `then`, add its next in the same
        transaction (the member's next check-in, the session's next read), so a crash never
        breaks the chain. A send's claim keeps the earliest attempt's start (`attempted_at`):
        the row's, else `since` (a retry's `Timer.look_from`), else `now`; a check-in keeps
        the day its first claim gave it (`day`). None when the timer is not pending any more
        (another process or an earlier tick took it)."""
        async with self._db.transaction() as tx:
            row = await tx.one(
                _CLAIM,
                state=state.value,
                now=now,
                since=since or now,
                day=None if day is None else day.isoformat(),
                id=timer_id,
            )
            if row is None:
                return None
            timer = model_of(Timer, row)
            if then is not None and timer.kind is not TimerKind.READY:  # a reminder has no next
                member = MemberRef(guild_id=timer.guild_id, user_id=timer.user_id)
                await add_timer(
                    tx,
                    member,
                    timer.kind,
                    due_at=then,
                    now=now,
                    minute=timer.minute,
                    session_id=timer.session_id,
                )
        return timer

    async def finish(
        self, timer_id: int, state: TimerState, *, now: datetime, error: str | None = None
    ) -> None:
        """Record a claimed timer's outcome (SENT or FAILED)."""
        await self._db.run(
            "UPDATE timers SET state = :state, error = :error, updated_at = :now"
            " WHERE id = :id AND state = 'sending'",
            state=state.value,
            error=error,
            now=now,
            id=timer_id,
        )

    async def retry(self, timer_id: int, *, next_at: datetime, error: str, now: datetime) -> None:
        """Put a claimed timer back to pending, to be tried again at `next_at`."""
        await self._db.run(
            "UPDATE timers SET state = 'pending', next_at = :next_at, error = :error,"
            " updated_at = :now WHERE id = :id AND state = 'sending'",
            next_at=next_at,
            error=error,
            now=now,
            id=timer_id,
        )

    async def resolve_stale(self, claimed_by: datetime, *, now: datetime) -> int:
        """Claims made at or before `claimed_by` (a crash mid-send, too long ago to resend)
        become UNKNOWN: never resent."""
        return await self._db.run(
            "UPDATE timers SET state = 'unknown', updated_at = :now"
            " WHERE state = 'sending' AND updated_at <= :by",
            now=now,
            by=claimed_by,
        )

    async def cut_off(self, claimed_after: datetime) -> list[Timer]:
        """Timers claimed (SENDING) after `claimed_after`: sends that may have been cut off."""
        return await self._read(
            "state = 'sending' AND updated_at > :after ORDER BY id", after=claimed_after
        )

    async def retake(self, timer_id: int, *, claimed_after: datetime) -> Timer | None:
        """Take over a claim made after `claimed_after` (one more attempt; the claim's time stays
        as it was), or None when it is finished or older."""
        return await self._changed(
            f"UPDATE timers SET attempts = attempts + 1 WHERE id = :id AND state = 'sending'"
            f" AND updated_at > :after RETURNING {TIMER_COLUMNS}",
            id=timer_id,
            after=claimed_after,
        )

    async def restart_claim(self, timer_id: int, *, attempt: int, now: datetime) -> bool:
        """The `attempt`-th claim, whose DM the member's DMs show was never made, dates from
        `now` (see Posts.restart_claim); False when another process took it over first."""
        changed = await self._db.run(
            "UPDATE timers SET updated_at = :now, attempted_at = :now WHERE id = :id"
            " AND state = 'sending' AND attempts = :attempt",
            now=now,
            id=timer_id,
            attempt=attempt,
        )
        return changed > 0

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        """Stop the member's check-ins (`time:off`, their DMs closed): every one not sent yet,
        one being sent included."""
        return await self._db.run(_STOP_CHECKINS, now=now, **scope(member))

    async def save_soreness(
        self, member: MemberRef, day: date, soreness: int, *, now: datetime
    ) -> bool:
        """Keep the day's check-in answer; False when that day already has one (kept)."""
        changed = await self._db.run(
            _SAVE_SORENESS, day=day.isoformat(), soreness=soreness, now=now, **scope(member)
        )
        return changed > 0

    async def soreness_on(self, member: MemberRef, day: date) -> CheckinAnswer | None:
        row = await self._db.one(
            "SELECT local_date, soreness, answered_at FROM checkin_answers"
            f" WHERE {_MEMBER} AND local_date = :day",
            day=day.isoformat(),
            **scope(member),
        )
        return None if row is None else model_of(CheckinAnswer, row)

    async def add_notice(
        self, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> None:
        """Something to tell the member on their next command; one per kind (the latest)."""
        await self._db.run(_ADD_NOTICE, kind=kind, message=message, now=now, **scope(member))
        self._waiting.add((member.guild_id, member.user_id))

    async def read_notices(self, now: datetime) -> None:
        """Read which members have notices waiting (at start; take_notices reads it again)."""
        self._read_at = now
        rows = await self._db.all("SELECT DISTINCT guild_id, user_id FROM member_notices")
        self._waiting.update((row["guild_id"], row["user_id"]) for row in rows)

    async def take_notices(self, member: MemberRef, *, now: datetime) -> list[str]:
        """The member's notices, deleted as they are read. Asks the database only when the
        member has a notice waiting, or to read the list again when it is older than
        bot.core.reminders.NOTICES_READ_EVERY: a notice stored through this store is taken
        at once, one stored by another process within that time."""
        # A clock set back counts as stale too.
        if self._read_at is None or not self._read_at <= now < self._read_at + NOTICES_READ_EVERY:
            await self.read_notices(now)
        key = (member.guild_id, member.user_id)
        if key not in self._waiting:
            return []
        # Forgotten before the DELETE: a notice stored during it is remembered again.
        self._waiting.discard(key)
        rows = await self._db.write(
            f"DELETE FROM member_notices WHERE {_MEMBER} RETURNING message, created_at",
            **scope(member),
        )
        return [str(row["message"]) for row in sorted(rows, key=lambda r: r["created_at"])]
