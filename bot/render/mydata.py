"""Replies of /mydata export and /mydata delete, and the export file itself."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.core.models import MemberRef
from bot.render.reply import Attachment, Colour, Reply

# Raised when a field's type or meaning changes, for whatever reads the file: 2, the bot's own
# numbers (`entry_id`, `session_id`) are numbers, only Discord's ids strings.
EXPORT_FORMAT = 2
EXPORT_FILENAME = "runclub-mydata.json"
# The least any server lets a bot attach: 10 MiB, Discord's default (discord.py's
# DEFAULT_FILE_SIZE_LIMIT_BYTES; only servers with two boosts or more allow more). An export
# over it goes gzipped, which every system opens and which shrinks this JSON about tenfold,
# rather than failing to send; one still over it once gzipped is not sent at all.
UPLOAD_MAX_BYTES = 10 * 2**20
UPLOAD_MAX = f"{UPLOAD_MAX_BYTES // 2**20} MiB"
CONFIRM_SECONDS = 60

# Table name -> key in the export document, for the tables members know by another name.
_SECTION = {"members": "profile"}
# Yes/no columns. A backend may store them as 0/1 (SQLite has no boolean type); the export
# says true/false whatever the backend.
_BOOLEAN_COLUMNS = frozenset({"listed", "hard_given", "is_hard"})
# Entries carry the short id members see in replies ("L3", "R8") beside the number.
_SHORT_ID_PREFIX = {"leg_days": "L", "runs": "R"}


def iso_utc(moment: datetime) -> str:
    """ "2026-03-10T09:00:00Z": stored moments are whole seconds, UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The columns that hold a Discord snowflake.
_DISCORD_IDS = frozenset({"guild_id", "user_id", "channel_id", "message_id", "event_id"})


def _value(key: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if key in _BOOLEAN_COLUMNS and isinstance(value, int):
        return bool(value)
    # A distance typed in miles is stored in km with float noise (4.988966400000001); a metre
    # is finer than anyone measures a run.
    if key.endswith("_km") and isinstance(value, float):
        return round(value, 3)
    # Discord ids are strings in Discord's own JSON: JavaScript numbers cannot hold them. The
    # bot's own numbers (an entry's, a session's) stay numbers, as the rows' own `id` does.
    if key in _DISCORD_IDS and isinstance(value, int):
        return str(value)
    return value


def _row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    prefix = _SHORT_ID_PREFIX.get(table)
    for key, value in row.items():
        converted[key] = _value(key, value)
        if key == "id" and prefix is not None:
            converted["entry"] = f"{prefix}{value}"
    return converted


def export_document(
    member: MemberRef, tables: Mapping[str, Sequence[Mapping[str, Any]]], now: datetime
) -> dict[str, Any]:
    """Everything stored about `member` in one guild: every row of every member table,
    every column, moments as ISO 8601 UTC."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "about": "Everything runclub-bot stores about you in this server.",
        "exported_at": iso_utc(now),
        "guild_id": str(member.guild_id),
        "user_id": str(member.user_id),
    }
    for table, rows in tables.items():
        section = _SECTION.get(table, table)
        converted = [_row(table, row) for row in rows]
        if table == "members":
            # One row per member and guild, or none for a member who never used the bot.
            document[section] = converted[0] if converted else None
        else:
            document[section] = converted
    return document


# What a member logged, counted in the replies; every other table of theirs (reminders,
# check-ins and their answers, a notice waiting, heads-ups, "Interested" marks) is named as one.
_COUNTED = frozenset({"members", "leg_days", "runs", "races"})
_THE_REST = "the record of your reminders, check-ins and heads-ups"


def _counts(tables: Mapping[str, Sequence[object]]) -> str:
    leg_days = len(tables.get("leg_days", ()))
    runs = len(tables.get("runs", ()))
    races = len(tables.get("races", ()))
    profile = "your profile" if tables.get("members") else "no profile"
    parts = [
        profile,
        f"{leg_days} leg {'day' if leg_days == 1 else 'days'}",
        f"{runs} {'run' if runs == 1 else 'runs'}",
    ]
    if races:
        parts.append(f"{races} {'race' if races == 1 else 'races'}")
    if any(rows for table, rows in tables.items() if table not in _COUNTED):
        parts.append(_THE_REST)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def export_reply(
    member: MemberRef, tables: Mapping[str, Sequence[Mapping[str, Any]]], now: datetime
) -> Reply:
    """Builds the whole file in memory: callers with a loop to keep free run it in a thread."""
    document = export_document(member, tables, now)
    data = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    filename, form = EXPORT_FILENAME, "as JSON"
    if not _attachable(data):
        # mtime=0: the same data gives the same file.
        data = gzip.compress(data, mtime=0)
        if not _attachable(data):
            # Discord would refuse the whole message (413): say so rather than try.
            return _too_big_reply(tables)
        filename += ".gz"
        form = f"as JSON compressed with gzip (it is over the {UPLOAD_MAX} a bot may attach)"
    return Reply(
        title="Your data in this server",
        description=(
            f"Attached: {_counts(tables)}, {form}. Times are UTC (ISO 8601); distances "
            "are in km, as stored.\n`/mydata delete` removes all of it."
        ),
        colour=Colour.INFO,
        files=(
            Attachment(
                filename=filename,
                data=data,
                description="Everything runclub-bot stores about you in this server",
            ),
        ),
        ephemeral=True,
    )


def _attachable(data: bytes) -> bool:
    """Whether a bot may attach `data` in any server: up to the limit, the limit included."""
    return len(data) <= UPLOAD_MAX_BYTES


def _too_big_reply(tables: Mapping[str, Sequence[object]]) -> Reply:
    return Reply(
        title="Your data is too big to attach",
        description=(
            f"Your data in this server ({_counts(tables)}) is over the {UPLOAD_MAX} a bot may "
            "attach on Discord even compressed with gzip, so nothing was sent. Whoever runs "
            "runclub-bot for your club can copy it from the bot's database for you."
        ),
        colour=Colour.WAIT,
        ephemeral=True,
    )


def delete_prompt_reply(tables: Mapping[str, Sequence[object]]) -> Reply:
    return Reply(
        title="Delete all your data in this server?",
        description=(
            f"This deletes {_counts(tables)} for good; it cannot be undone. Want a copy first? "
            f"Use `/mydata export`.\nThe buttons work for {CONFIRM_SECONDS} seconds."
        ),
        colour=Colour.WAIT,
        ephemeral=True,
    )


def deleted_all_reply(tables: Mapping[str, Sequence[object]]) -> Reply:
    """After /mydata delete; `tables` is what was stored just before."""
    return Reply(
        title="Deleted",
        description=(
            f"All your data in this server is gone: {_counts(tables)}. "
            "If you use runclub-bot again, it starts from scratch."
        ),
        colour=Colour.INFO,
        ephemeral=True,
    )


def delete_cancelled_reply() -> Reply:
    return Reply(title="Nothing was deleted", description="You cancelled.", ephemeral=True)


def delete_timed_out_reply() -> Reply:
    return Reply(
        title="Nothing was deleted",
        description=(
            f"No answer within {CONFIRM_SECONDS} seconds. Run `/mydata delete` again if you "
            "still want to."
        ),
        ephemeral=True,
    )


NOT_YOUR_BUTTON = "Only the member who asked can answer this; nothing was changed."
