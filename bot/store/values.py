"""Stored values read back into core types, the same way for every backend."""

from __future__ import annotations

from bot.core.models import TipId


def stored_tip(value: str | None) -> TipId | None:
    """A post's tip as stored. A tip a later version dropped must not make every club's
    record unreadable: the loop reads all clubs' latest records in one go."""
    try:
        return None if value is None else TipId(value)
    except ValueError:
        return None
