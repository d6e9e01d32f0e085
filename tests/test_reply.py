"""Reply.clamped(): whatever the content, the result fits Discord's limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.reply import (
    AUTHOR_NAME_MAX,
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    TITLE_MAX,
    EmbedAuthor,
    EmbedField,
    Reply,
)


def embed_length(reply: Reply) -> int:
    return (
        len(reply.title or "")
        + len(reply.description or "")
        + len(reply.footer or "")
        + len(reply.author.name if reply.author else "")
        + sum(len(f.name) + len(f.value) for f in reply.fields)
    )


def test_a_short_reply_is_unchanged() -> None:
    reply = Reply(title="GO", description="fine", fields=(EmbedField(name="a", value="b"),))
    assert reply.clamped() == reply


def test_each_part_is_cut_with_an_ellipsis() -> None:
    reply = Reply(
        content="c" * 2500,
        title="t" * 300,
        description="d" * 5000,
        fields=tuple(EmbedField(name="n" * 300, value="v" * 2000) for _ in range(40)),
    ).clamped()
    assert reply.content is not None and len(reply.content) == CONTENT_MAX
    assert reply.content.endswith("…")
    assert reply.title is not None and len(reply.title) == TITLE_MAX
    assert len(reply.fields) <= FIELDS_MAX
    assert all(len(f.name) <= FIELD_NAME_MAX for f in reply.fields)
    assert all(len(f.value) <= FIELD_VALUE_MAX for f in reply.fields)
    assert embed_length(reply) <= EMBED_TOTAL_MAX


def test_the_description_shrinks_before_fields_are_dropped() -> None:
    fields = tuple(EmbedField(name=f"f{i:02}", value="v" * 150) for i in range(15))
    reply = Reply(title="T", description="d" * 4096, fields=fields).clamped()
    assert reply.fields == fields
    assert reply.description is not None and len(reply.description) < 4096
    assert embed_length(reply) <= EMBED_TOTAL_MAX


def test_a_dms_server_name_counts_towards_the_total() -> None:
    author = EmbedAuthor(name="a" * 300, url="https://discord.com/channels/1")
    reply = Reply(
        title="t" * 256, description="d" * 4096, footer="f" * 2048, author=author
    ).clamped()
    assert reply.author is not None and len(reply.author.name) == AUTHOR_NAME_MAX
    assert reply.author.name.endswith("…") and reply.author.url == author.url
    assert embed_length(reply) == EMBED_TOTAL_MAX


@given(
    title=st.text(max_size=400),
    description=st.text(max_size=6000),
    footer=st.text(max_size=2500),
    author=st.none() | st.text(max_size=300),
    fields=st.lists(st.tuples(st.text(max_size=300), st.text(max_size=1200)), max_size=30),
)
def test_clamped_always_fits(
    title: str,
    description: str,
    footer: str,
    author: str | None,
    fields: list[tuple[str, str]],
) -> None:
    reply = Reply(
        title=title,
        description=description,
        footer=footer,
        author=None if author is None else EmbedAuthor(name=author, url="https://example.org"),
        fields=tuple(EmbedField(name=n, value=v) for n, v in fields),
    ).clamped()
    assert len(reply.title or "") <= TITLE_MAX
    assert len(reply.author.name if reply.author else "") <= AUTHOR_NAME_MAX
    assert len(reply.description or "") <= DESCRIPTION_MAX
    assert len(reply.fields) <= FIELDS_MAX
    for field in reply.fields:
        assert 1 <= len(field.name) <= FIELD_NAME_MAX
        assert 1 <= len(field.value) <= FIELD_VALUE_MAX
    assert embed_length(reply) <= EMBED_TOTAL_MAX


# -- Discord's limits, from its documentation (shared docs, discord-platform.md: "Content at most
# 2,000 characters. Embed: title 256, description 4,096, at most 25 fields (name 256, value
# 1,024), footer 2,048, and 6,000 characters across all embeds"; an author's name, 256), written
# here as numbers, not read from the bot's constants, so a wrong constant fails.


URL = "https://discord.com/channels/1"

# Each text of a message: its limit, a reply holding `s` there, and that text read back.
TEXTS: dict[str, tuple[int, Callable[[str], Reply], Callable[[Reply], str | None]]] = {
    "content": (2000, lambda s: Reply(content=s), lambda r: r.content),
    "title": (256, lambda s: Reply(title=s), lambda r: r.title),
    "description": (4096, lambda s: Reply(description=s), lambda r: r.description),
    "footer": (2048, lambda s: Reply(footer=s), lambda r: r.footer),
    "author name": (
        256,
        lambda s: Reply(description="d", author=EmbedAuthor(name=s, url=URL)),
        lambda r: r.author.name if r.author else None,
    ),
    "field name": (
        256,
        lambda s: Reply(fields=(EmbedField(name=s, value="v"),)),
        lambda r: r.fields[0].name,
    ),
    "field value": (
        1024,
        lambda s: Reply(fields=(EmbedField(name="n", value=s),)),
        lambda r: r.fields[0].value,
    ),
}


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_is_kept_at_discords_limit_and_cut_with_an_ellipsis_past_it(text: str) -> None:
    limit, make, read = TEXTS[text]
    assert read(make("a" * limit).clamped()) == "a" * limit
    assert read(make("b" * (limit + 1)).clamped()) == "b" * (limit - 1) + "…"


def test_25_fields_are_kept_and_a_26th_is_dropped() -> None:
    fields = tuple(EmbedField(name=f"f{i}", value="v") for i in range(26))
    assert Reply(fields=fields[:25]).clamped().fields == fields[:25]
    assert Reply(fields=fields).clamped().fields == fields[:25]


def test_an_empty_field_name_or_value_becomes_a_zero_width_space() -> None:
    # Discord refuses an embed field with an empty name or value; a zero-width space shows as
    # nothing. The field keeps its inline flag.
    field = Reply(fields=(EmbedField(name="", value="", inline=True),)).clamped().fields[0]
    assert field == EmbedField(name="\u200b", value="\u200b", inline=True)


def test_fields_go_once_they_would_leave_the_description_less_than_2000_characters() -> None:
    # Title "T" (1) and a full description (4,096). Four fields of a 1-character name: three of
    # 999 characters and one of 998 are 3 x 1,000 + 999 = 3,999 characters, so 1 + 3,999 leaves
    # 2,000 of the 6,000 to the description: every field stays, the description is cut to
    # 2,000 (1,999 and "…"). One character more in the last field (4,000) would leave 1,999:
    # that field goes, and the description keeps 6,000 - 1 - 3,000 = 2,999.
    def fields(last: int) -> tuple[EmbedField, ...]:
        return (
            *(EmbedField(name="n", value="v" * 999) for _ in range(3)),
            EmbedField(name="n", value="w" * last),
        )

    kept = Reply(title="T", description="d" * 4096, fields=fields(998)).clamped()
    assert kept.fields == fields(998)
    assert kept.description == "d" * 1999 + "…"
    dropped = Reply(title="T", description="d" * 4096, fields=fields(999)).clamped()
    assert dropped.fields == fields(999)[:3]
    assert dropped.description == "d" * 2998 + "…"


def test_a_short_description_is_kept_whole_and_fields_go_to_make_room() -> None:
    # A description of 100 characters is all kept: fields give way to it. Title 256 and footer
    # 2,048; six fields of 1 + 599 = 600 characters: 256 + 2,048 + 100 = 2,404, leaving 3,596,
    # room for five whole fields (3,000) but not six (3,600).
    six = tuple(EmbedField(name=str(i), value="v" * 599) for i in range(6))
    reply = Reply(title="t" * 256, description="d" * 100, footer="f" * 2048, fields=six)
    clamped = reply.clamped()
    assert clamped.description == "d" * 100
    assert clamped.fields == six[:5]
