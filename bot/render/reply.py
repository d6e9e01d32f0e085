"""What the bot says, independent of where it is shown (a Discord embed or the console).

Limits are Discord's; clamping happens here so every front end gets a reply that fits.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from pydantic import BaseModel, ConfigDict

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_NAME_MAX = 256
CONTENT_MAX = 2000
EMBED_TOTAL_MAX = 6000
# How much of a long description survives before trailing fields are dropped instead.
DESCRIPTION_RESERVE = 2000


class Colour(IntEnum):
    GO = 0x2ECC71
    EASY_ONLY = 0xF1C40F
    WAIT = 0xE74C3C
    INFO = 0x3498DB
    HARD = 0xE67E22
    LIGHT = 0x1ABC9C
    ERROR = 0x992D22


class EmbedField(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    value: str
    inline: bool = False


class EmbedAuthor(BaseModel):
    """The line at an embed's top, linked: a DM's server (bot/discord/dm_club.py)."""

    model_config = ConfigDict(frozen=True)

    name: str
    url: str


class Attachment(BaseModel):
    model_config = ConfigDict(frozen=True)

    filename: str
    data: bytes
    description: str | None = None


class ButtonKind(StrEnum):
    """What a button does; each front end maps it to its own control (Discord: a DynamicItem
    whose custom id names the member; the console: a typed prompt)."""

    REMIND_READY = "remind_ready"  # ref: the hard leg day's id
    CHECKIN = "checkin"  # ref: "YYYY-MM-DD:soreness"


class ReplyButton(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ButtonKind
    label: str
    ref: str


class Reply(BaseModel):
    """One message. `ephemeral` decides who sees it; it cannot change after the first answer."""

    model_config = ConfigDict(frozen=True)

    content: str | None = None
    title: str | None = None
    description: str | None = None
    colour: int | None = None
    fields: tuple[EmbedField, ...] = ()
    footer: str | None = None
    author: EmbedAuthor | None = None
    files: tuple[Attachment, ...] = ()
    ephemeral: bool = True
    buttons: tuple[ReplyButton, ...] = ()

    @property
    def has_embed(self) -> bool:
        return bool(self.title or self.description or self.fields or self.footer)

    def clamped(self) -> Reply:
        """A copy that fits Discord's message and embed limits, cut with an ellipsis."""
        title = _cut(self.title, TITLE_MAX)
        description = _cut(self.description, DESCRIPTION_MAX)
        footer = _cut(self.footer, FOOTER_MAX)
        author = self.author
        if author is not None:
            author = author.model_copy(update={"name": _cut(author.name, AUTHOR_NAME_MAX)})
        fields = tuple(
            EmbedField(
                name=_cut(f.name, FIELD_NAME_MAX) or "\u200b",
                value=_cut(f.value, FIELD_VALUE_MAX) or "\u200b",
                inline=f.inline,
            )
            for f in self.fields[:FIELDS_MAX]
        )
        # The 6,000 total counts every text of the embed. The description carries the answer,
        # so trailing fields go first, as long as some of the description is left to keep.
        fixed = len(title or "") + len(footer or "") + len(author.name if author else "")
        reserve = min(len(description or ""), DESCRIPTION_RESERVE)
        fields_length = sum(len(f.name) + len(f.value) for f in fields)
        while fields and fixed + fields_length + reserve > EMBED_TOTAL_MAX:
            fields_length -= len(fields[-1].name) + len(fields[-1].value)
            fields = fields[:-1]
        description = _cut(description, max(EMBED_TOTAL_MAX - fixed - fields_length, 1))
        return self.model_copy(
            update={
                "content": _cut(self.content, CONTENT_MAX),
                "title": title,
                "description": description,
                "footer": footer,
                "author": author,
                "fields": fields,
            }
        )


def _cut(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
