"""A member in two clubs (guilds) whose reminders fall at the same minute, end to end: her DMs
with the bot are one channel whatever the server, and the two "You're clear for hard running"
DMs have the same text, so a reminder looked for after a crash or a failure for now must not
take the other club's DM for its own. Each DM names its club at its top (the embed's author:
the server's name, linked to the server), and the look tells them apart by that link's guild
id, so a club renamed between attempts is neither sent twice nor taken for another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import discord

from bot.actions.send_budget import SendBudget
from bot.actions.timers import Fired
from bot.core.models import MemberRef
from bot.core.reminders import Timer
from bot.core.resend import dm_nonce
from bot.discord.cogs.reminders import DiscordDmSender
from bot.discord.reply import message_kwargs
from bot.render.reminders import ready_dm_reply
from tests.discord.harness import (
    ALICE,
    CAROL,
    GUILD_A,
    GUILD_B,
    NO_PINGS,
    FakeClock,
    FakeGuild,
    Harness,
)
from tests.discord.harness.event_schema import EMBED_AUTHOR, violations
from tests.discord.test_reminders import READY_TEXT, button_ids
from tests.discord.test_reminders_delivery import DM_PATH, M, timer_rows, wake


def in_both_clubs(h: Harness) -> Harness:
    """Alice is a member of guild B too (before the harness starts: its GUILD_CREATE)."""
    h.members[GUILD_B.id] = [CAROL, ALICE]
    return h


def server_link(guild: FakeGuild) -> str:
    """Where Discord's client opens a server, as its own links to one read."""
    return f"https://discord.com/channels/{guild.id}"


def club_of(dm: dict[str, Any]) -> tuple[str, str]:
    """The (name, link) a DM shows at its top."""
    author = dm["embeds"][0]["author"]
    return author["name"], author["url"]


async def remind_in(h: Harness, guild: FakeGuild) -> Timer:
    """Alice's hard leg day now in `guild`, /canirun's WAIT there, its button pressed."""
    await h.invoke("legday", {"exercises": 4}, guild=guild)
    result = await h.invoke("canirun", {"type": "tempo"}, guild=guild)
    message = result.created_message
    assert message is not None
    await h.click(message, button_ids(message)["Remind me when I'm clear"], guild=guild)
    [timer] = await h.store.timers.pending(MemberRef(guild_id=guild.id, user_id=ALICE.id))
    return timer


async def test_a_cut_off_reminder_is_not_taken_for_another_clubs_at_the_same_minute(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """Both reminders claimed at their minute; guild B's DM made, then the crash, before guild
    A's reached Discord. Back after 2 minutes (Discord may have forgotten the nonces), each is
    looked for: B's is found (though B was renamed meanwhile) and A's, not there, is sent."""
    async with in_both_clubs(make_harness()) as first:
        a = await remind_in(first, GUILD_A)
        b = await remind_in(first, GUILD_B)
    assert a.due_at == b.due_at  # the same minute: the same text
    clock.set(a.due_at)
    crashed = in_both_clubs(make_harness())
    async with crashed:
        assert await crashed.store.timers.claim(a.id, now=clock.now()) is not None
        assert await crashed.store.timers.claim(b.id, now=clock.now()) is not None
        sender = DiscordDmSender(crashed.bot, SendBudget(50))
        nonce = dm_nonce(b.id, b.due_at)
        await sender.send_dm(GUILD_B.id, ALICE.id, ready_dm_reply(b.due_at), nonce=nonce)
    clock.advance(2 * M)
    second = in_both_clubs(make_harness())
    second.fake = crashed.fake
    async with second:
        # Admins rename both servers meanwhile (admin-typed text that would ping, were it
        # parsed): the names on the DMs change, the servers do not.
        renamed_a = replace(GUILD_A, name="@everyone Riverside Runners")
        second.add_guild(renamed_a)
        second.add_guild(replace(GUILD_B, name=f"Hill Harriers <@&{GUILD_B.bot_role_id}>"))
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {a.id: Fired.SENT, b.id: Fired.SENT}
        assert len(back.cap.to("GET", DM_PATH)) == 2
        (sent,) = back.sent
        [embed] = sent.json["embeds"]
        assert embed["title"] == READY_TEXT
        assert embed["author"] == {"name": renamed_a.name, "url": server_link(GUILD_A)}
        assert violations(EMBED_AUTHOR, embed["author"]) == []
        assert sent.json["allowed_mentions"] == NO_PINGS
        assert sent.json["nonce"] == dm_nonce(a.id, a.due_at)
        assert await timer_rows(second) == [("ready", "sent", 2), ("ready", "sent", 2)]
    dms = second.fake.dm_messages(ALICE.id)
    assert [club_of(dm) for dm in dms] == [
        (GUILD_B.name, server_link(GUILD_B)),
        (renamed_a.name, server_link(GUILD_A)),
    ]
    assert all(dm["embeds"][0]["title"] == READY_TEXT for dm in dms)


async def test_a_reminder_that_failed_for_now_is_not_taken_for_another_clubs_sent_with_it(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """The two reminders go out in one wake-up; Discord answers the first DM with a 503 (not
    made), the second goes out. The failed one's retry, run 2 minutes later, reads Alice's DMs
    first: the other club's DM there is not its own, so it sends it."""
    async with in_both_clubs(make_harness()) as h:
        a = await remind_in(h, GUILD_A)
        b = await remind_in(h, GUILD_B)
        assert a.due_at == b.due_at
        clock.set(a.due_at)
        h.fake.script("POST", DM_PATH, 503, times=1)  # whichever of the two is first
        first = await wake(h, expect_errors=True)
        assert sorted(first.outcomes.values()) == sorted([Fired.SENT, Fired.RETRY])
        [failed] = [t for t, fired in first.outcomes.items() if fired is Fired.RETRY]
        clock.advance(2 * M)
        second = await wake(h, expect_errors=True)
        assert second.outcomes == {failed: Fired.SENT}
        assert len(second.cap.to("GET", DM_PATH)) == 1
        (sent,) = second.sent
        guild = GUILD_A if failed == a.id else GUILD_B
        assert sent.json["embeds"][0]["author"] == {"name": guild.name, "url": server_link(guild)}
        assert violations(EMBED_AUTHOR, sent.json["embeds"][0]["author"]) == []
        assert sorted(await timer_rows(h)) == [("ready", "sent", 1), ("ready", "sent", 2)]
        clock.advance(60 * M)
        assert (await wake(h)).sent == []  # once each
    dms = h.fake.dm_messages(ALICE.id)
    assert sorted(club_of(dm) for dm in dms) == sorted(
        (g.name, server_link(g)) for g in (GUILD_A, GUILD_B)
    )


async def test_a_cut_off_reminders_dm_made_before_dms_named_their_server_is_still_found(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    """The previous version made the DM (no server at its top), then crashed; this version,
    back after 2 minutes, finds it and does not send a second."""
    async with make_harness() as first:
        a = await remind_in(first, GUILD_A)
    clock.set(a.due_at)
    crashed = make_harness()
    async with crashed:
        assert await crashed.store.timers.claim(a.id, now=clock.now()) is not None
        channel = await crashed.bot.create_dm(discord.Object(ALICE.id))
        kwargs = message_kwargs(ready_dm_reply(a.due_at))
        await channel.send(**kwargs, nonce=dm_nonce(a.id, a.due_at))
    clock.advance(2 * M)
    second = make_harness()
    second.fake = crashed.fake
    async with second:
        back = await wake(second, expect_errors=True)
        assert back.outcomes == {a.id: Fired.SENT}
        assert len(back.cap.to("GET", DM_PATH)) == 1 and back.sent == []
    [dm] = second.fake.dm_messages(ALICE.id)
    assert dm["embeds"][0]["title"] == READY_TEXT and "author" not in dm["embeds"][0]
