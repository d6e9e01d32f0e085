"""A `Reply` as terminal text: what the offline console prints instead of an embed.

Discord renders timestamps in each reader's zone and mentions as names; a terminal does
neither, so both are written out here for the one local member, in that member's time zone.
"""

from __future__ import annotations

import re
import textwrap
import types
import typing
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from zoneinfo import ZoneInfo

from pydantic.fields import FieldInfo

from bot.actions.option_base import Options, bounds, is_file
from bot.core.wording import MONTHS, WEEKDAYS
from bot.render.reply import Reply

_TIMESTAMP = re.compile(r"<t:(-?\d{1,12})(?::([tTdDfFR]))?>")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_UNDERLINE = re.compile(r"__(.+?)__", re.DOTALL)
_STRIKE = re.compile(r"~~(.+?)~~", re.DOTALL)
# Inline code: its text is shown as it is; nothing inside is markup.
_CODE = re.compile(r"(?<!\\)`([^`\n]+)`")
# "> quote" and ">>> quote to the end": indented in a terminal, the markers dropped.
_QUOTE_LINE = re.compile(r"^> ", re.MULTILINE)
_QUOTE_REST = re.compile(r"^>>> (.*)\Z", re.MULTILINE | re.DOTALL)
_BULLET = "• "
# Marks a code span set aside while the rest is converted: a Unicode noncharacter, which no
# reply or member text carries.
_HELD = "\ufdd0"
_HELD_SPAN = re.compile(rf"{_HELD}(\d+){_HELD}")
# Discord shows `\>` as `>`: a backslash only keeps a markdown character literal.
_ESCAPED = re.compile(r"\\([\\*_~`|>#<\[\]()-])")
_INVISIBLE = "\u200b"
_HANGING = re.compile(r" *(?:[•*-] )?")

# (limit in seconds, phrase): the first limit above the distance wins. moment.js's thresholds,
# which read like Discord's `<t:...:R>`: "in 2 days" covers 36 hours to 2.5 days.
_MINUTE, _HOUR, _DAY = 60, 3600, 86400
_RELATIVE: tuple[tuple[float, str | tuple[str, float]], ...] = (
    (90, "a minute"),
    (45 * _MINUTE, ("minutes", _MINUTE)),
    (90 * _MINUTE, "an hour"),
    (22 * _HOUR, ("hours", _HOUR)),
    (36 * _HOUR, "a day"),
    (26 * _DAY, ("days", _DAY)),
    (45 * _DAY, "a month"),
    (320 * _DAY, ("months", 30.44 * _DAY)),
    (548 * _DAY, "a year"),
)


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads the reply: their id (their mentions read "you"), zone and current time."""

    user_id: int
    tz: ZoneInfo
    now: datetime


# Under this distance a moment reads "now": something logged or planned for right now is not
# "in a few seconds".
_NOW_SECONDS = 45


def relative(at: datetime, now: datetime) -> str:
    seconds = (at - now).total_seconds()
    distance = abs(seconds)
    if distance < _NOW_SECONDS:
        return "now"
    phrase = f"{round(distance / (365.25 * _DAY))} years"
    for limit, words in _RELATIVE:
        if distance < limit:
            phrase = words if isinstance(words, str) else f"{round(distance / words[1])} {words[0]}"
            break
    return f"in {phrase}" if seconds >= 0 else f"{phrase} ago"


def moment(at: datetime, style: str, reader: Reader) -> str:
    """One Discord timestamp style, in the reader's zone, with the bot's locale-free names."""
    if style == "R":
        return relative(at, reader.now)
    local = at.astimezone(reader.tz)
    if style == "t":
        return f"{local:%H:%M}"
    if style == "T":
        return f"{local:%H:%M:%S}"
    if style == "d":
        return f"{local:%d/%m/%Y}"
    date_text = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    if style == "D":
        return date_text
    day = f"{WEEKDAYS[local.weekday()]} {date_text}" if style == "F" else date_text
    return f"{day} {local:%H:%M} {local.tzname()}"


def plain(text: str, reader: Reader) -> str:
    """Discord markup as terminal text: timestamps in the reader's zone, mentions as names,
    and bold, underline, strikethrough, `code`, quotes and escapes as the plain words."""

    def timestamp(match: re.Match[str]) -> str:
        try:
            at = datetime.fromtimestamp(int(match[1]), UTC)
        except (OverflowError, OSError, ValueError):
            return match[0]
        return moment(at, match[2] or "f", reader)

    def user(match: re.Match[str]) -> str:
        return "you" if int(match[1]) == reader.user_id else f"member {match[1]}"

    # Code spans first: their text is literal, so it is set aside and put back at the end.
    spans: list[str] = []

    def code(match: re.Match[str]) -> str:
        spans.append(match[1])
        return f"{_HELD}{len(spans) - 1}{_HELD}"

    text = _CODE.sub(code, text)
    text = _QUOTE_REST.sub(lambda m: "\n".join(f"  {line}" for line in m[1].split("\n")), text)
    text = _QUOTE_LINE.sub("  ", text)
    text = _TIMESTAMP.sub(timestamp, text)
    text = _USER.sub(user, text)
    text = _ROLE.sub(lambda m: f"role {m[1]}", text)
    text = _CHANNEL.sub(lambda m: f"channel {m[1]}", text)
    text = _EMOJI.sub(lambda m: f":{m[1]}:", text)
    text = _BOLD.sub(lambda m: m[1], text)
    text = _UNDERLINE.sub(lambda m: m[1], text)
    text = _STRIKE.sub(lambda m: m[1], text)
    text = _ESCAPED.sub(lambda m: m[1], text)
    text = _HELD_SPAN.sub(lambda m: spans[int(m[1])], text)
    # Last: the zero-width spaces that defuse member-typed "<@..." must not be converted above.
    return text.replace(_INVISIBLE, "")


def render_reply(reply: Reply, reader: Reader) -> str:
    """The reply as the lines a member reads, clamped exactly as Discord would get it."""
    reply = reply.clamped()
    lines: list[str] = []
    if reply.content:
        lines.append(plain(reply.content, reader))
    if reply.title:
        title = plain(reply.title, reader)
        lines += [title, "-" * len(title)]
    if reply.description:
        lines.append(plain(reply.description, reader))
    if reply.fields:
        lines.append("")
    for field in reply.fields:
        name, value = plain(field.name, reader), plain(field.value, reader)
        # A list (tips) is shown as a list even when it has one item: the same form always.
        if "\n" in value or value.startswith(_BULLET):
            lines.append(f"{name}:" if name else "")
            lines += [f"  {line}" for line in value.splitlines()]
        else:
            lines.append(f"{name}: {value}" if name else value)
    if reply.footer:
        lines.append(f"({plain(reply.footer, reader)})")
    return "\n".join(lines)


def wrap(text: str, width: int) -> str:
    """Lines longer than `width` folded at spaces, continuing under their own indentation
    (a bullet's text under its first word)."""
    lines = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        hanging = _HANGING.match(line)
        indent = " " * (hanging.end() if hanging else 0)
        lines += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False)
    return "\n".join(lines)


def option_lines(model: type[Options]) -> list[str]:
    """One line per option of a command: its name and what values it takes."""
    return [
        f"{name}:{_value_hint(field)}" + ("  (required)" if field.is_required() else "")
        for name, field in model.model_fields.items()
    ]


def _value_hint(field: FieldInfo) -> str:
    if is_file(field):
        return "path/to/file (.fit, .gpx or .tcx)"
    low, high, max_length = bounds(field)
    kind = field.annotation
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        # `X | None` reads as X.
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        kind = args[0] if len(args) == 1 else kind
    if typing.get_origin(kind) is typing.Literal:
        return "|".join(str(value) for value in typing.get_args(kind))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "|".join(str(member.value) for member in kind)
    if kind is bool:
        return "true|false"
    if kind in (int, float) and low is not None and high is not None:
        return f"{low:g}-{high:g}"
    if kind in (int, float):
        return "number"
    if max_length is not None:
        return f"text (up to {max_length} characters)"
    return "text"
