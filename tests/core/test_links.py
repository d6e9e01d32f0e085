"""The Discord links a member opens, in the web client's own form: a server is
`discord.com/channels/<guild>`, a message `discord.com/channels/<guild>/<channel>/<message>`
(Discord's "Copy Message Link"), a scheduled event `discord.com/events/<guild>/<event>`
(its "Copy Event Link")."""

from __future__ import annotations

from bot.core.links import event_link, message_link, server_link

GUILD = 111111111111111111
CHANNEL = 222222222222222222
MESSAGE = 333333333333333333
EVENT = 444444444444444444


def test_a_server_link() -> None:
    assert server_link(GUILD) == "https://discord.com/channels/111111111111111111"


def test_a_message_link_names_its_server_channel_and_message() -> None:
    assert message_link(GUILD, CHANNEL, MESSAGE) == (
        "https://discord.com/channels/111111111111111111/222222222222222222/333333333333333333"
    )


def test_an_event_link_names_its_server_and_event() -> None:
    assert event_link(GUILD, EVENT) == (
        "https://discord.com/events/111111111111111111/444444444444444444"
    )
