"""What a storage backend provides: repositories over core models, and nothing of its driver.

Every signature here speaks core models and plain Python values, so the actions and the front
ends work on any backend, and a new backend is checked by the same contract tests
(tests/storage). Times go in and come out as aware UTC datetimes; a backend may store them
rounded down to the second.
"""

from __future__ import annotations

from bot.store.protocols.clubs import (
    ClubSessionsRepository,
    ClubsRepository,
    PostsRepository,
)
from bot.store.protocols.entries import EntriesRepository, RacesRepository, TrainingRepository
from bot.store.protocols.members import UNSET, AdviceInputs, MembersRepository, Unset
from bot.store.protocols.store import (
    Backups,
    ExportRow,
    ExportValue,
    MemberExport,
    MetaRepository,
    PrivacyRepository,
    Store,
)
from bot.store.protocols.timers import TimersRepository

__all__ = [
    "UNSET",
    "AdviceInputs",
    "Backups",
    "ClubSessionsRepository",
    "ClubsRepository",
    "EntriesRepository",
    "ExportRow",
    "ExportValue",
    "MemberExport",
    "MembersRepository",
    "MetaRepository",
    "PostsRepository",
    "PrivacyRepository",
    "RacesRepository",
    "Store",
    "TimersRepository",
    "TrainingRepository",
    "Unset",
]
