"""Reminders and check-ins: the stored timers (`timers`).

A timer is claimed with one `UPDATE ... WHERE state = 'pending' RETURNING`, committed before
the DM is sent, so one row is claimed once whatever restarts or other processes do. While a row
is 'sending', its `updated_at` is the claim's time, which a retake after a crash (the same DM,
the same nonce) leaves; `attempted_at` is when the earliest attempt began that may have made
the DM, kept through failures for now and their retries until a look rules it out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from bot.core.models import MemberRef
from bot.core.reminders import (
    Timer,
    TimerKind,
    TimerState,
)
from bot.store.columns import TIMER_COLUMNS
from bot.store.sql.codec import maybe_moment, model_of
from bot.store.sql.seam import MEMBER_ROWS, Repository, Tx, scope

_INSERT = f"""
    INSERT INTO timers (guild_id, user_id, kind, due_at, next_at, entry_id, minute, session_id,
                        state, created_at, updated_at)
    VALUES (:guild_id, :user_id, :kind, :due_at, :due_at, :entry_id, :minute, :session_id,
            'pending', :now, :now)
    RETURNING {TIMER_COLUMNS}
"""
# A reminder moved to another leg day and time is another DM: it starts afresh. The member's
# pending one (`_MOVE_READY`), or the one of that id (`_MOVE`).
_MOVE_TO = f"""
    UPDATE timers SET entry_id = :entry_id, due_at = :due_at, next_at = :due_at,
        attempts = 0, attempted_at = NULL, updated_at = :now
    WHERE {{}}{MEMBER_ROWS} AND kind = 'ready' AND state = 'pending'
    RETURNING {TIMER_COLUMNS}
"""
_MOVE_READY, _MOVE = _MOVE_TO.format(""), _MOVE_TO.format("id = :id AND ")
# What cancelling timers writes; each statement goes on to say which timers.
CANCEL_TIMERS = "UPDATE timers SET state = 'cancelled', updated_at = :now WHERE"
_CANCEL_CHECKINS = f"{CANCEL_TIMERS} {MEMBER_ROWS} AND kind = 'checkin' AND"
# Also one being sent: a send that then fails for now finds it cancelled and is not retried,
# and one a crash cut off is not sent again; one whose send succeeds is recorded sent (finish).
_STOP_CHECKINS = f"{_CANCEL_CHECKINS} state IN ('pending', 'sending')"
# A new time leaves a check-in that waits to be retried: its day's, due already.
_CANCEL_UNTRIED_CHECKINS = f"{_CANCEL_CHECKINS} state = 'pending' AND attempts = 0"
# A check-in that was tried, as `Timers.last_checkin` counts them.
TRIED_CHECKIN = "kind = 'checkin' AND attempts > 0 AND NOT (state = 'failed' AND attempts = 1)"
_LAST_CHECKIN = f"""
    SELECT {TIMER_COLUMNS} FROM timers WHERE {MEMBER_ROWS} AND {TRIED_CHECKIN}
    ORDER BY due_at DESC, id DESC LIMIT 1
"""
# The check-in a tried one's first claim chained (a member has one pending check-in at a time):
# created no later than that claim, which a check-in set by a later `/checkin` never is.
_CHAINED = f"""
    SELECT 1 FROM timers WHERE {MEMBER_ROWS} AND kind = 'checkin' AND state = 'pending'
        AND created_at <= :tried_at
"""
_CANCEL = (
    f"{CANCEL_TIMERS} id = :id AND {MEMBER_ROWS} AND state = 'pending' RETURNING {TIMER_COLUMNS}"
)
_PENDING_CHECKINS = f"""
    SELECT {TIMER_COLUMNS} FROM timers
    WHERE {MEMBER_ROWS} AND kind = 'checkin' AND state = 'pending' ORDER BY due_at, id
"""
# Attempts and `attempted_at` stay: a check-in waiting to retry has chained its next already,
# and a DM an attempt may have made is still looked for.
_RESCHEDULE = f"""
    UPDATE timers SET due_at = :due_at, next_at = :due_at, updated_at = :now
    WHERE id = :id AND state = 'pending'
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
# Claims in flight, read at every tick and wake-up reckoning: a handful of rows among every
# timer ever sent, found through their own index (`timers_sending`), oldest first as it orders
# them (SQLite would walk the whole table in id order for an ORDER BY id).
_DUE = "state = 'pending' AND next_at <= :now {}ORDER BY next_at, id LIMIT :limit"
_PAST = "AND (next_at > :after_at OR (next_at = :after_at AND id > :after_id)) "
_CLAIMED = "SELECT id, guild_id FROM timers WHERE state = 'sending' ORDER BY updated_at, id"
_CUT_OFF = "state = 'sending' AND updated_at > :after ORDER BY updated_at, id"
_STALE = """
    UPDATE timers SET state = 'unknown', updated_at = :now
    WHERE state = 'sending' AND updated_at <= :by
"""
IN_FLIGHT_READS = (_CLAIMED, f"SELECT {TIMER_COLUMNS} FROM timers WHERE {_CUT_OFF}", _STALE)


async def lock_checkins(tx: Tx, member: MemberRef) -> None:
    """The member's check-in lock, taken first by every write that changes which check-ins
    the member has and by a first claim, which chains the next day's: on PostgreSQL a write
    beside that claim would not see the row it adds (`time:off` would leave it pending)."""
    await tx.lock("checkins", member.guild_id, member.user_id)


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
        self,
        member: MemberRef,
        *,
        minute: int,
        first: Callable[[date | None], datetime],
        now: datetime,
    ) -> Timer:
        """The member's check-ins at a new `minute`, the next due at `first(day of the last
        tried, or None)`: it replaces the pending one, and leaves one that waits to be retried
        (its day's, due already). Under the member's check-in lock, which a first claim takes
        too: a check-in claimed meanwhile is seen, and the next one it chained is cancelled."""
        async with self._db.transaction() as tx:
            await lock_checkins(tx, member)
            last = await tx.one(_LAST_CHECKIN, **scope(member))
            due_at = first(None if last is None else model_of(Timer, last).checkin_day)
            await tx.run(_CANCEL_UNTRIED_CHECKINS, now=now, **scope(member))
            return await add_timer(
                tx, member, TimerKind.CHECKIN, due_at=due_at, now=now, minute=minute
            )

    async def pending(self, member: MemberRef) -> list[Timer]:
        """The member's pending timers, soonest first."""
        return await self._read(
            f"{MEMBER_ROWS} AND state = 'pending' ORDER BY due_at, id", **scope(member)
        )

    async def _read(self, where: str, **params: object) -> list[Timer]:
        rows = await self._db.all(f"SELECT {TIMER_COLUMNS} FROM timers WHERE {where}", **params)
        return [model_of(Timer, row) for row in rows]

    async def _changed(self, sql: str, **params: object) -> Timer | None:
        """The timer one writing statement changed, or None."""
        rows = await self._db.write(sql, **params)
        return model_of(Timer, rows[0]) if rows else None

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        """Cancel the member's own pending timer; None when they have no such pending timer.
        A check-in's cancel stops all of the member's check-ins, and so does one of the
        check-in tried last, claimed or sent just before (it chained the next): the member
        asked them to stop. An older check-in's id is no pending timer, nor is the last
        tried one's once the check-ins were stopped (and started again) since."""
        async with self._db.transaction() as tx:
            await lock_checkins(tx, member)
            row = await tx.one(_CANCEL, now=now, id=timer_id, **scope(member))
            if row is None:
                row = await tx.one(_LAST_CHECKIN, **scope(member))
                if row is None or row["id"] != timer_id:
                    return None
                tried_at = model_of(Timer, row).attempted_at
                if tried_at is None or not await tx.one(
                    _CHAINED, tried_at=tried_at, **scope(member)
                ):
                    return None  # stopped and started again since: not the next one's
                if not await tx.run(_STOP_CHECKINS, now=now, **scope(member)):
                    return None
            elif row["kind"] == TimerKind.CHECKIN:
                await tx.run(_STOP_CHECKINS, now=now, **scope(member))
        return model_of(Timer, row)

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        """Point the member's pending reminder at another leg day and time."""
        return await self._changed(
            _MOVE, entry_id=entry_id, due_at=due_at, now=now, id=timer_id, **scope(member)
        )

    async def follow_zone(
        self,
        member: MemberRef,
        place: Callable[[Timer, Timer | None], datetime | None],
        *,
        now: datetime,
    ) -> list[Timer]:
        """Each pending check-in of the member goes to `place(it, the latest tried)`: a due
        time (its own: left), or None: dropped; read and moved under the member's check-in
        lock (`lock_checkins`). The check-ins not tried yet, as they are after."""
        untried = []
        async with self._db.transaction() as tx:
            await lock_checkins(tx, member)
            last = await tx.one(_LAST_CHECKIN, **scope(member))
            latest = None if last is None else model_of(Timer, last)
            for row in await tx.all(_PENDING_CHECKINS, **scope(member)):
                timer = model_of(Timer, row)
                due = place(timer, latest)
                if due is None:
                    await tx.run(_CLAIM, state="dropped", now=now, since=now, day=None, id=timer.id)
                    continue
                if due != timer.due_at:
                    timer = model_of(
                        Timer, await tx.one(_RESCHEDULE, due_at=due, now=now, id=timer.id)
                    )
                if not timer.attempts:
                    untried.append(timer)
        return untried

    async def last_checkin(self, member: MemberRef) -> Timer | None:
        """The member's latest check-in that was tried: its DM went out, may have (a failure
        for now, a crash), or waits to be retried, whatever happened since (`time:off`
        included). The day it was for has had its check-in. One that failed at its first
        attempt does not count: only a refusal (closed DMs, the member gone) ends a check-in
        then, and a refused DM was never made."""
        row = await self._db.one(_LAST_CHECKIN, **scope(member))
        return None if row is None else model_of(Timer, row)

    async def next_due(self, *, after: datetime | None = None) -> datetime | None:
        """When the soonest pending timer is to be tried (any guild); with `after`, the soonest
        to be tried after that moment."""
        sql = "SELECT min(next_at) AS next_at FROM timers WHERE state = 'pending'"
        if after is None:
            row = await self._db.one(sql)
        else:
            row = await self._db.one(f"{sql} AND next_at > :after", after=after)
        return None if row is None else maybe_moment(row["next_at"])

    async def claimed(self) -> list[tuple[int, int]]:
        """(id, guild) of the timers claimed (SENDING): in flight somewhere, or cut off; the
        oldest claim first (the order of the index of claims, `timers_sending`)."""
        rows = await self._db.all(_CLAIMED)
        return [(int(row["id"]), int(row["guild_id"])) for row in rows]

    async def due(
        self, now: datetime, limit: int, *, after: tuple[datetime, int] | None = None
    ) -> list[Timer]:
        """Pending timers to try at `now` (`next_at <= now`), oldest first, at most `limit`;
        with `after` (a `next_at` and id), those past it only: the next page, which another
        process's timers left pending on the pages before cannot hold back."""
        if after is None:
            return await self._read(_DUE.format(""), now=now, limit=limit)
        return await self._read(
            _DUE.format(_PAST), now=now, limit=limit, after_at=after[0], after_id=after[1]
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
        checkins_of: MemberRef | None = None,
    ) -> Timer | None:
        """Move a pending timer to `state` (SENDING before a send, DROPPED; a heads-up read
        straight to SENT or CANCELLED), committed; with `then`, add its next in the same
        transaction (the member's next check-in, the session's next read), so a crash never
        breaks the chain. A send's claim keeps the earliest attempt's start (`attempted_at`):
        the row's, else `since` (a retry's `Timer.look_from`), else `now`; a check-in keeps
        the day its first claim gave it (`day`), and is claimed under its member's check-in
        lock (`checkins_of`; `lock_checkins`). None when the timer is not pending any more
        (another process or an earlier tick took it, a new time cancelled it)."""
        async with self._db.transaction() as tx:
            if checkins_of is not None:
                await lock_checkins(tx, checkins_of)
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
        """Record a claimed timer's outcome (SENT or FAILED). A check-in stopped while its DM
        was being sent (`stop_checkins`) stays cancelled unless its DM was made: the member got
        it, so it is recorded SENT."""
        held = "'sending', 'cancelled'" if state is TimerState.SENT else "'sending'"
        await self._db.run(
            "UPDATE timers SET state = :state, error = :error, updated_at = :now"
            f" WHERE id = :id AND state IN ({held})",
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
        return await self._db.run(_STALE, now=now, by=claimed_by)

    async def cut_off(self, claimed_after: datetime) -> list[Timer]:
        """Timers claimed (SENDING) after `claimed_after`: sends that may have been cut off;
        the oldest claim first."""
        return await self._read(_CUT_OFF, after=claimed_after)

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
        return await self._db.changed(
            "UPDATE timers SET updated_at = :now, attempted_at = :now WHERE id = :id"
            " AND state = 'sending' AND attempts = :attempt",
            now=now,
            id=timer_id,
            attempt=attempt,
        )

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        """Stop the member's check-ins (`time:off`, their DMs closed): every one not sent yet,
        one being sent included."""
        async with self._db.transaction() as tx:
            await lock_checkins(tx, member)
            return await tx.run(_STOP_CHECKINS, now=now, **scope(member))
