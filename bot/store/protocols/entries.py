"""Logged leg days and runs, the training week's reads, and races."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.core.clubweek import MemberEntries
from bot.core.history import Entry, EntryRef
from bot.core.leaderboard import MemberWeek
from bot.core.models import LegDay, MemberRef, Run
from bot.core.races import MemberRace, Race, RaceDistance


class EntriesRepository(Protocol):
    async def add_leg_day(self, member: MemberRef, leg_day: LegDay, *, now: datetime) -> LegDay:
        """Store a new leg day (its id must be None); returns it with its id, `at` as stored."""
        ...

    async def add_run(self, member: MemberRef, run: Run, *, now: datetime) -> Run: ...

    async def leg_days_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> list[LegDay]:
        """Leg days with `start <= at <= end`, newest first (same second: newest logged)."""
        ...

    async def runs_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> list[Run]: ...

    async def last_hard_at_or_before(self, member: MemberRef, t: datetime) -> LegDay | None: ...

    async def add_run_unless_matching(
        self, member: MemberRef, run: Run, *, within: timedelta, tolerance: float, now: datetime
    ) -> tuple[Run, None] | tuple[None, Run]:
        """Store the new `run` as `add_run` does, unless the member already has a run it would
        repeat (started within `within` of it, with a distance within `tolerance` of its, or
        both without a distance; the nearest start wins): then nothing is stored. Returns
        (the stored run, None) or (None, the existing run).
        The lookup and the insert are one atomic step: two adds of the same run at the same
        moment, from any process, store it once."""
        ...

    async def recent_easy_speeds(
        self, member: MemberRef, before: datetime, limit: int
    ) -> list[float]:
        """Average speeds (km/h) of the member's latest `limit` easy and recovery runs that
        have a distance and a time (moving seconds, else minutes) and started before
        `before`, newest first."""
        ...

    async def recent(self, member: MemberRef, limit: int) -> list[Entry]:
        """The member's `limit` latest entries by `at`, both kinds together, newest first."""
        ...

    async def delete(self, member: MemberRef, ref: EntryRef) -> Entry | None:
        """Delete the member's own entry; None when they have no such entry."""
        ...

    async def delete_latest(self, member: MemberRef) -> Entry | None:
        """Delete the member's most recently *logged* entry, atomically; None if none."""
        ...

    async def update_entry(
        self, member: MemberRef, ref: EntryRef, change: Callable[[Entry], Entry]
    ) -> tuple[Entry, Entry] | None:
        """In one transaction: read the member's own entry `ref`, store `change(entry)` in its
        place and return (before, after), `after.at` as stored (whole seconds). The id, kind,
        member and logging time never change; every other field is `change`'s. None (nothing
        changed) when the member has no such entry, whoever else might. An exception from
        `change` (e.g. a refused value) leaves the entry as it was and propagates."""
        ...

    async def week_totals(self, guild_id: int, start: datetime, end: datetime) -> list[MemberWeek]:
        """Per member of the guild with runs in `start <= at < end`."""
        ...


class TrainingRepository(Protocol):
    """The training week's reads: ranges of both kinds of entry at once."""

    async def entries_between(
        self, member: MemberRef, start: datetime, end: datetime
    ) -> tuple[list[LegDay], list[Run]]:
        """The member's leg days and runs with `start <= at < end`, each oldest first, from one
        consistent read."""
        ...

    async def timed_runs(
        self, member: MemberRef, before: datetime, per_intensity: int
    ) -> list[Run]:
        """The latest `per_intensity` runs of each intensity with `at <= before` that have both
        a distance and minutes, newest first."""
        ...

    async def club_entries_between(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberEntries]:
        """Every member of the guild with entries in `start <= at < end`, by user id, with
        `listed`; entries oldest first."""
        ...


class RacesRepository(Protocol):
    async def add(self, member: MemberRef, race: Race, *, today: date, now: datetime) -> Race:
        """Store a new race (its id must be None); raises UserError for a duplicate (same date
        and name) or when the member already has RACES_MAX races on or after `today`."""
        ...

    async def upcoming(self, member: MemberRef, today: date) -> list[Race]:
        """The member's races on or after `today`, soonest first."""
        ...

    async def edit(
        self,
        member: MemberRef,
        race_id: int,
        *,
        today: date,
        on: date | None = None,
        name: str | None = None,
        distance: RaceDistance | None = None,
    ) -> tuple[Race, Race] | None:
        """Change the member's race `race_id` on or after `today` (each of `on`, `name` and
        `distance` given replaces the stored one); returns it before and after, or None when
        the member has no such race ahead. Raises UserError when the changed race would repeat
        another one's date and name."""
        ...

    async def remove(self, member: MemberRef, race_id: int) -> Race | None:
        """Delete the member's own race; None when they have no race with that id."""
        ...

    async def clubs_between(
        self, dates: Mapping[int, tuple[date, date]]
    ) -> dict[int, list[MemberRace]]:
        """Every race of the members of each guild of `dates`, dated from its `first` to its
        `last` local date (inclusive), soonest first, in one statement; every guild asked for
        is a key."""
        ...
