"""The whole store, its settings and privacy repositories, and backups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self, TypeAlias

from bot.core.models import MemberRef
from bot.core.shards import owns_everything
from bot.store.protocols.clubs import ClubSessionsRepository, ClubsRepository, PostsRepository
from bot.store.protocols.entries import EntriesRepository, RacesRepository, TrainingRepository
from bot.store.protocols.heads_ups import HeadsUpsRepository
from bot.store.protocols.members import MembersRepository
from bot.store.protocols.timers import TimersRepository

# One exported value: a stored column as a plain value, moments as aware UTC datetimes.
ExportValue: TypeAlias = int | float | str | bytes | datetime | None
ExportRow: TypeAlias = dict[str, ExportValue]
# Per table (or collection) of the member's data, every row of theirs.
MemberExport: TypeAlias = dict[str, list[ExportRow]]


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
    def heads_ups(self) -> HeadsUpsRepository: ...
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
