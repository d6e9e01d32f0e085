"""Buttons that outlive a restart: discord.py `DynamicItem`s whose custom id carries the member
(and the leg day, the day, or the expiry) they were made for.

Registered once in setup_hook (`bot.add_dynamic_items(*DYNAMIC_ITEMS)`), so a press on a message
sent before a restart reaches the same code. Every press is checked against the member in the
custom id: anyone else is refused, privately. Component presses skip the command tree, so each
answers its own failures through `report_error`, as commands do.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date
from typing import Any, Self

import discord

from bot.actions.context import Context
from bot.actions.mydata import delete_my_data
from bot.actions.reminders import answer_checkin, remind_when_clear
from bot.core.models import SORENESS_MAX, MemberRef
from bot.discord.reply import message_kwargs, send_reply
from bot.discord.services import services_of
from bot.discord.tree import in_a_guild, report_error
from bot.render import error_reply
from bot.render.mydata import NOT_YOUR_BUTTON as NOT_YOUR_CONFIRMATION
from bot.render.mydata import delete_cancelled_reply
from bot.render.reminders import NOT_YOUR_BUTTON, checkin_answer
from bot.render.reply import ButtonKind, Reply, ReplyButton

CONFIRMATION_EXPIRED = "This confirmation expired; run `/mydata delete` again."
UNREADABLE_BUTTON = "This button is not one runclub-bot can answer; run the command again."
LEFT_SERVER_BUTTON = (
    "runclub-bot is not in the server this button is for any more, so it keeps nothing for it:"
    " nothing was saved."
)
# Discord's ids are 64-bit; a custom id naming a bigger one is forged (the database refuses it).
SNOWFLAKE_MAX = 2**63 - 1

Button = discord.ui.Button[discord.ui.View]


def context_for(interaction: discord.Interaction[Any], member: MemberRef) -> Context:
    """The context of a press: the member the button was made for (a DM has no guild)."""
    services = services_of(interaction.client)
    return Context(
        store=services.store,
        settings=services.settings,
        member=member,
        now=services.clock(),
        charts=services.charts,
        due_changed=services.wake.due_changed,
    )


async def _left_server(interaction: discord.Interaction[Any], guild_id: int) -> bool:
    """Whether the bot has left the server a DM's button is for. Discord sends every DM to
    shard 0, so on sharded processes the server may be another process's, cached there and
    not here; or this process's, on a shard still waiting its turn to connect (shard 0
    answers meanwhile), not cached yet. Either way its removal is read from the store, where
    the process serving it recorded it. This process's cache answers for its own servers
    when it has one shard (cached whole from READY on, before any press), or once all its
    shards are ready."""
    client = interaction.client
    if client.get_guild(guild_id) is not None:
        return False
    services = services_of(client)
    shards = services.shards
    if shards.owns(guild_id) and (shards.shard_count is None or client.is_ready()):
        return True
    return guild_id in await services.store.privacy.removed_guilds()


class MemberButton(discord.ui.DynamicItem[Button], template=r"runclub:never:(?P<x>x)"):
    """A button for one member of one guild; subclasses set the template and `answer`."""

    refusal = NOT_YOUR_BUTTON
    source = "a button"

    def __init__(self, item: Button, member: MemberRef, *, readable: bool = True) -> None:
        super().__init__(item)
        self.member = member
        # False for a custom id that fits the template but names what no button of the bot's
        # carries (a day that does not exist, an id past 64 bits): a forged press, answered.
        self.readable = readable and max(member.guild_id, member.user_id) <= SNOWFLAKE_MAX

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        # In a server the guild must match too; a DM (check-ins) has none to compare.
        same_guild = interaction.guild_id in (None, self.member.guild_id)
        if interaction.user.id != self.member.user_id or not same_guild:
            refusal = self.refusal
        elif interaction.guild_id is not None:
            # A press in a server the bot has left is refused as its commands are there.
            return await in_a_guild(interaction)
        else:
            return True  # a DM's: whether the bot left its server is the callback's to ask
        with suppress(discord.HTTPException):
            await send_reply(interaction, error_reply(refusal))
        return False

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # Here, not in interaction_check: `_left_server` may read the database, and only the
        # callback answers an outage (discord.py logs a check's error, and answers nothing).
        try:
            if not self.readable:
                await send_reply(interaction, error_reply(UNREADABLE_BUTTON))
                return
            if interaction.guild_id is None and await _left_server(
                interaction, self.member.guild_id
            ):
                # A DM's (a heads-up's, a check-in's) for a server the bot has left: it
                # could not send a reminder there, and keeps nothing for a club it is not in.
                await send_reply(interaction, error_reply(LEFT_SERVER_BUTTON))
                return
            await self.answer(interaction, context_for(interaction, self.member))
        except Exception as exc:
            await report_error(interaction, exc, source=self.source)

    async def answer(self, interaction: discord.Interaction[Any], ctx: Context) -> None:
        raise NotImplementedError


class RemindButton(
    MemberButton,
    template=r"runclub:ready:v1:(?P<guild>[0-9]{1,20}):(?P<user>[0-9]{1,20}):(?P<entry>[0-9]{1,18})",
):
    source = "the remind-me button"

    def __init__(self, member: MemberRef, entry_id: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                custom_id=f"runclub:ready:v1:{member.guild_id}:{member.user_id}:{entry_id}",
            ),
            member,
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        member = MemberRef(guild_id=int(match["guild"]), user_id=int(match["user"]))
        return cls(member, int(match["entry"]), getattr(item, "label", None) or "Remind me")

    async def answer(self, interaction: discord.Interaction[Any], ctx: Context) -> None:
        reply = await remind_when_clear(ctx, self.entry_id)
        await send_reply(interaction, reply)


class CheckinButton(
    MemberButton,
    template=(
        r"runclub:sore:v1:(?P<guild>[0-9]{1,20}):(?P<user>[0-9]{1,20}):"
        r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2}):(?P<value>[0-9]{1,2})"
    ),
):
    source = "a check-in button"

    def __init__(self, member: MemberRef, day: date, value: int, *, readable: bool = True) -> None:
        super().__init__(
            discord.ui.Button(
                label=str(value),
                style=discord.ButtonStyle.secondary,
                custom_id=(
                    f"runclub:sore:v1:{member.guild_id}:{member.user_id}:{day.isoformat()}:{value}"
                ),
            ),
            member,
            readable=readable,
        )
        self.day = day
        self.value = value

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        member = MemberRef(guild_id=int(match["guild"]), user_id=int(match["user"]))
        value = int(match["value"])
        # The buttons go 0-10: 11 is no answer the member was offered, not a 10.
        readable = value <= SORENESS_MAX
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:  # 2026-02-30: discord.py would log it and leave the press unanswered
            return cls(member, date.min, value, readable=False)
        return cls(member, day, value, readable=readable)

    async def answer(self, interaction: discord.Interaction[Any], ctx: Context) -> None:
        await send_reply(interaction, await answer_checkin(ctx, self.day, self.value))


class ConfirmDeleteButton(
    MemberButton,
    template=(
        r"runclub:mydata:v1:(?P<guild>[0-9]{1,20}):(?P<user>[0-9]{1,20}):"
        r"(?P<expires>[0-9]{1,12}):(?P<choice>delete|cancel)"
    ),
):
    """/mydata delete's two buttons; the custom id carries when they stop working."""

    refusal = NOT_YOUR_CONFIRMATION
    source = "the /mydata delete button"

    def __init__(self, member: MemberRef, expires: int, choice: str) -> None:
        delete = choice == "delete"
        super().__init__(
            discord.ui.Button(
                label="Delete all my data" if delete else "Cancel",
                style=discord.ButtonStyle.danger if delete else discord.ButtonStyle.secondary,
                custom_id=(
                    f"runclub:mydata:v1:{member.guild_id}:{member.user_id}:{expires}:{choice}"
                ),
            ),
            member,
        )
        self.expires = expires
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        member = MemberRef(guild_id=int(match["guild"]), user_id=int(match["user"]))
        return cls(member, int(match["expires"]), match["choice"])

    async def answer(self, interaction: discord.Interaction[Any], ctx: Context) -> None:
        # The first press of a question wins; one dispatched before its answer landed (a double
        # click) is acknowledged and changes nothing. No await between the check and the add.
        answered = services_of(interaction.client).answered_confirmations
        key = interaction.message.id if interaction.message is not None else interaction.id
        if key in answered:
            await interaction.response.defer()
            return
        answered.add(key)
        try:
            # Compared as numbers: an expiry past year 9999 (forged) is no datetime.
            if ctx.now.timestamp() >= self.expires:
                reply = Reply(content=CONFIRMATION_EXPIRED, ephemeral=True)
            elif self.choice == "delete":
                reply = await delete_my_data(ctx)
            else:
                reply = delete_cancelled_reply()
        except BaseException:
            # Not answered after all (the database unreachable, say): the member is told to try
            # again, and the next press must do what this one could not.
            answered.discard(key)
            raise
        await interaction.response.edit_message(view=None, **message_kwargs(reply))


DYNAMIC_ITEMS: tuple[type[MemberButton], ...] = (RemindButton, CheckinButton, ConfirmDeleteButton)


def view_for(reply: Reply, member: MemberRef) -> discord.ui.View | None:
    """The buttons a reply offers, made for `member`; None when it offers none."""
    if not reply.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in reply.buttons:
        view.add_item(_item(button, member))
    return view


def made_for_guild(message: discord.Message, guild_id: int) -> bool:
    """Whether none of the message's buttons is for a member of another guild: a member's DMs
    with the bot are one channel whatever the server, and a check-in's buttons name its club
    where its text does not."""
    for row in message.components:
        for item in getattr(row, "children", ()):
            custom_id = getattr(item, "custom_id", None) or ""
            # Read as discord.py dispatches a press: by each button's own template.
            for button in DYNAMIC_ITEMS:
                found = button.__discord_ui_compiled_template__.fullmatch(custom_id)
                if found is not None and int(found["guild"]) != guild_id:
                    return False
    return True


def _item(button: ReplyButton, member: MemberRef) -> MemberButton:
    match button.kind:
        case ButtonKind.REMIND_READY:
            return RemindButton(member, int(button.ref), button.label)
        case ButtonKind.CHECKIN:
            day, value = checkin_answer(button)
            return CheckinButton(member, day, value)


async def send_with_buttons(
    interaction: discord.Interaction[Any], reply: Reply, member: MemberRef
) -> None:
    await send_reply(interaction, reply, view=view_for(reply, member))
