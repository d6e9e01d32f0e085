"""What a storage backend provides: repositories over core models, and nothing of its driver.

Every signature here speaks core models and plain Python values, so the actions and the front
ends work on any backend, and a new backend is checked by the same contract tests
(tests/storage). Times go in and come out as aware UTC datetimes; a backend may store them
rounded down to the second.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, NamedTuple, Protocol, Self, TypeAlias
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubSession, MemberLegDays
from bot.core.clubweek import MemberEntries
from bot.core.history import Entry, EntryRef
from bot.core.leaderboard import MemberWeek
from bot.core.models import Experience, Focus, LegDay, MemberRef, Profile, Run, TipId, Units
from bot.core.nudges import CheckinAnswer, Timer, TimerState
from bot.core.races import MemberRace, Race
from bot.core.schedule import ClubReminder, PostRecord, Slot
from bot.core.shards import owns_everything


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Default of `save_profile` fields: "leave as it is". `timezone=None` means "club default"."""

Unset: TypeAlias = Literal[_Unset.UNSET]

# One exported value: a stored column as a plain value, moments as aware UTC datetimes.
ExportValue: TypeAlias = int | float | str | bytes | datetime | None
ExportRow: TypeAlias = dict[str, ExportValue]
# Per table (or collection) of the member's data, every row of theirs.
MemberExport: TypeAlias = dict[str, list[ExportRow]]


class PostClaim(NamedTuple):
    """One club's claim in `PostsRepository.claim_many`: the arguments of `claim`."""

    guild_id: int
    slot: Slot
    channel_id: int
    tip_id: TipId


class MembersRepository(Protocol):
    async def get_profile(self, member: MemberRef) -> Profile:
        """The stored profile, or the defaults for a member who never saved one. A member
        without a zone of their own gets `timezone=None` (see bot.actions.context)."""
        ...

    async def save_profile(
        self,
        member: MemberRef,
        *,
        now: datetime,
        timezone: ZoneInfo | Unset | None = UNSET,
        experience: Experience | Unset = UNSET,
        focus: Focus | Unset = UNSET,
        units: Units | Unset = UNSET,
        listed: bool | Unset = UNSET,
        max_hr: int | Unset | None = UNSET,
    ) -> Profile:
        """Change only the given fields (creating the member if needed); returns the new
        profile. `timezone=None` clears the member's own zone, `max_hr=None` their maximum
        heart rate; `now` dates a new member."""
        ...

    async def ensure(self, member: MemberRef, now: datetime) -> None:
        """Create the member with the default profile if they do not exist yet."""
        ...

    async def profile_and_leg_days(
        self, member: MemberRef, since: datetime
    ) -> tuple[Profile, list[LegDay]]:
        """The profile (as `get_profile`) and the leg days with `since <= at`, newest first
        (as `leg_days_between`), read together in one statement: /canirun's one read."""
        ...


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

    async def matching_run(
        self,
        member: MemberRef,
        at: datetime,
        distance_km: float | None,
        *,
        within: timedelta,
        tolerance: float,
    ) -> Run | None:
        """The member's run that a new one at `at` over `distance_km` would repeat: one that
        started within `within` of `at` and whose distance differs by at most `tolerance`
        (a share, 0.02 for 2%) of `distance_km`; without a distance, a run without one. The
        nearest start wins; None when there is none."""
        ...

    async def add_run_unless_matching(
        self, member: MemberRef, run: Run, *, within: timedelta, tolerance: float, now: datetime
    ) -> tuple[Run, None] | tuple[None, Run]:
        """Store the new `run` as `add_run` does, unless the member already has a run it would
        repeat (`matching_run(member, run.at, run.distance_km, within=..., tolerance=...)`):
        then nothing is stored. Returns (the stored run, None) or (None, the existing run).
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

    async def remove(self, member: MemberRef, race_id: int) -> Race | None:
        """Delete the member's own race; None when they have no race with that id."""
        ...

    async def clubs_between(
        self, dates: Mapping[int, tuple[date, date]]
    ) -> dict[int, list[MemberRace]]:
        """`club_between` for every guild of `dates` (its own first and last local date), in
        one statement; every guild asked for is a key."""
        ...

    async def club_between(self, guild_id: int, first: date, last: date) -> list[MemberRace]:
        """Every race of the guild's members dated `first` to `last`, soonest first."""
        ...


class MetaRepository(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...


class PrivacyRepository(Protocol):
    async def export_member(self, member: MemberRef) -> MemberExport:
        """Every stored row of the member in this guild, consistent at one moment."""
        ...

    async def delete_member(self, member: MemberRef) -> int:
        """Delete every row of the member in this guild, all or nothing; returns the count."""
        ...

    async def mark_removed(self, guild_id: int, now: datetime) -> None:
        """Record that the bot left the guild; a second call keeps the first time."""
        ...

    async def clear_removed(self, guild_id: int) -> bool: ...

    async def removed_guilds(self) -> dict[int, datetime]: ...

    async def guilds_with_data(self) -> set[int]: ...

    async def purge_removed(
        self, removed_before: datetime, *, owns: Callable[[int], bool] = owns_everything
    ) -> list[int]:
        """Delete all data of every guild removed at or before `removed_before` for which
        `owns(guild_id)` (this process's shards, bot.core.shards); a guild that came back
        meanwhile keeps its data. Returns the purged guilds."""
        ...


class ClubsRepository(Protocol):
    async def get(self, guild_id: int) -> ClubReminder | None: ...

    async def set_reminder(
        self,
        guild_id: int,
        *,
        channel_id: int,
        post_time: time,
        timezone: ZoneInfo | None,
        now: datetime,
    ) -> ClubReminder:
        """Turn the daily post on (or change it), clearing a pause and the failure count;
        `post_time` is kept to the minute, `timezone=None` follows the club's zone."""
        ...

    async def turn_off(self, guild_id: int, *, now: datetime) -> bool: ...

    async def active(self) -> list[ClubReminder]: ...

    async def active_with_latest_post(self) -> list[tuple[ClubReminder, PostRecord | None]]: ...

    async def member_leg_days(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[MemberLegDays]: ...

    async def member_leg_days_of(
        self, windows: Mapping[int, tuple[datetime, datetime]]
    ) -> dict[int, list[MemberLegDays]]:
        """`member_leg_days(guild, start, end)` for every guild of `windows`, in one statement;
        every guild of `windows` is a key (an empty list without leg days)."""
        ...


class ClubSessionsRepository(Protocol):
    async def for_club(self, guild_id: int) -> list[ClubSession]: ...

    async def for_clubs(self, guild_ids: Collection[int]) -> dict[int, list[ClubSession]]:
        """`for_club` of every guild in one statement; every guild is a key."""
        ...

    async def add(self, guild_id: int, session: ClubSession, *, now: datetime) -> ClubSession:
        """Store a new session; raises UserError for a duplicate or a full schedule, checked
        atomically with the insert."""
        ...

    async def remove(self, guild_id: int, session_id: int) -> ClubSession | None: ...


class PostsRepository(Protocol):
    async def get(self, guild_id: int, day: date) -> PostRecord | None: ...

    async def latest(self, guild_id: int) -> PostRecord | None: ...

    async def latest_failure(self, guild_id: int) -> PostRecord | None: ...

    async def previous_tip(self, guild_id: int, before: date) -> TipId | None: ...

    async def previous_tips(self, before: Mapping[int, date]) -> dict[int, TipId | None]:
        """`previous_tip(guild, day)` for every guild of `before`, in one statement."""
        ...

    async def claim(
        self, guild_id: int, slot: Slot, *, channel_id: int, tip_id: TipId, now: datetime
    ) -> int | None:
        """Claim `slot`'s date, committed before the send; the attempt's number, or None."""
        ...

    async def claim_many(self, claims: Sequence[PostClaim], *, now: datetime) -> dict[int, int]:
        """`claim` for many clubs (one claim per guild) in one statement, committed before the
        sends; the attempt's number of each guild whose claim succeeded."""
        ...

    async def mark_sent(
        self, guild_id: int, day: date, *, message_id: int, now: datetime
    ) -> None: ...

    async def mark_sent_many(self, sent: Sequence[tuple[int, date, int]], *, now: datetime) -> None:
        """`mark_sent` for each (guild_id, day, message_id), in one transaction."""
        ...

    async def mark_retry(
        self, guild_id: int, day: date, *, error: str, retry_at: datetime, now: datetime
    ) -> None: ...

    async def mark_failed(
        self, guild_id: int, day: date, *, error: str, now: datetime
    ) -> tuple[int, bool]: ...

    async def give_up(self, guild_id: int, day: date, *, now: datetime) -> None: ...

    async def resolve_unknown(self, guild_id: int, day: date, *, now: datetime) -> None: ...

    async def skip(self, guild_id: int, slot: Slot, *, reason: str, now: datetime) -> None: ...


class TimersRepository(Protocol):
    """Personal nudges: stored timers (reminders, check-ins), check-in answers, and notices for
    a member's next command. A timer is claimed (committed) before its DM is sent."""

    async def add_ready(
        self, member: MemberRef, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer:
        """The member's one pending reminder, for leg day `entry_id`: it replaces a pending
        one (same id kept), else a new row."""
        ...

    async def set_checkin(
        self, member: MemberRef, *, minute: int | None, due_at: datetime | None, now: datetime
    ) -> Timer | None:
        """Cancel the member's pending check-in and, with `minute`, add the next at `due_at`."""
        ...

    async def pending(self, member: MemberRef) -> list[Timer]:
        """The member's pending timers, soonest first."""
        ...

    async def cancel(self, member: MemberRef, timer_id: int, *, now: datetime) -> Timer | None:
        """Cancel the member's own pending timer; None when they have no such pending timer."""
        ...

    async def move(
        self, member: MemberRef, timer_id: int, *, entry_id: int, due_at: datetime, now: datetime
    ) -> Timer | None:
        """Point the member's pending reminder at another leg day and time."""
        ...

    async def next_due(self) -> datetime | None:
        """When the soonest pending timer is to be tried (any guild)."""
        ...

    async def due(self, now: datetime, limit: int) -> list[Timer]:
        """Pending timers to try at `now` (`next_at <= now`), oldest first, at most `limit`."""
        ...

    async def claim(
        self,
        timer_id: int,
        *,
        now: datetime,
        state: TimerState = TimerState.SENDING,
        next_checkin: datetime | None = None,
    ) -> Timer | None:
        """Move a pending timer to `state` (SENDING before a send, DROPPED), committed; with
        `next_checkin`, add the member's next check-in in the same transaction. None when the
        timer is not pending any more (another process or an earlier tick took it)."""
        ...

    async def finish(
        self, timer_id: int, state: TimerState, *, now: datetime, error: str | None = None
    ) -> None:
        """Record a claimed timer's outcome (SENT or FAILED)."""
        ...

    async def retry(self, timer_id: int, *, next_at: datetime, error: str, now: datetime) -> None:
        """Put a claimed timer back to pending, to be tried again at `next_at`."""
        ...

    async def resolve_stale(self, claimed_before: datetime, *, now: datetime) -> int:
        """Claims older than `claimed_before` (a crash mid-send) become UNKNOWN: never resent."""
        ...

    async def stop_checkins(self, member: MemberRef, *, now: datetime) -> int:
        """Cancel the member's pending check-ins (their DMs are closed)."""
        ...

    async def save_soreness(
        self, member: MemberRef, day: date, soreness: int, *, now: datetime
    ) -> bool:
        """Keep the day's check-in answer; False when that day already has one (kept)."""
        ...

    async def soreness_on(self, member: MemberRef, day: date) -> CheckinAnswer | None: ...

    async def add_notice(
        self, member: MemberRef, kind: str, message: str, *, now: datetime
    ) -> None:
        """Something to tell the member on their next command; one per kind (the latest)."""
        ...

    async def take_notices(self, member: MemberRef) -> list[str]:
        """The member's notices, deleted as they are read."""
        ...


class Backups(Protocol):
    """File backups of a live store: a backend whose database is one file has them."""

    async def backup_to(self, dest: Path) -> None:
        """Copy the live database to `dest`, verified; `dest` is never left half written."""
        ...

    async def run_daily(self, backup_dir: Path, keep: int, now: datetime) -> Path | None:
        """Write today's (UTC) backup into `backup_dir` unless it exists, and keep the newest
        `keep`; returns the new file, or None when today's was already there."""
        ...


class Store(Protocol):
    """The repositories of one database. Close it (or use `async with`) when done."""

    @property
    def members(self) -> MembersRepository: ...
    @property
    def entries(self) -> EntriesRepository: ...
    @property
    def meta(self) -> MetaRepository: ...
    @property
    def privacy(self) -> PrivacyRepository: ...
    @property
    def clubs(self) -> ClubsRepository: ...
    @property
    def club_sessions(self) -> ClubSessionsRepository: ...
    @property
    def posts(self) -> PostsRepository: ...
    @property
    def training(self) -> TrainingRepository: ...
    @property
    def races(self) -> RacesRepository: ...
    @property
    def timers(self) -> TimersRepository: ...
    @property
    def backups(self) -> Backups | None:
        """File backups, or None for a backend that has none (use its own dump tool)."""
        ...

    async def close(self) -> None:
        """Release the connection(s); safe to call more than once."""
        ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


__all__ = [
    "UNSET",
    "Backups",
    "ClubSessionsRepository",
    "ClubsRepository",
    "EntriesRepository",
    "ExportRow",
    "ExportValue",
    "MemberExport",
    "MembersRepository",
    "MetaRepository",
    "PostClaim",
    "PostsRepository",
    "PrivacyRepository",
    "RacesRepository",
    "Store",
    "TimersRepository",
    "TrainingRepository",
    "Unset",
]
