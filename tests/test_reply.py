"""Reply.clamped(): whatever the content, the result fits Discord's limits."""

from __future__ import annotations

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
