"""The one error boundary: every failure of a command becomes a short ephemeral answer."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.actions.option_base import range_rule
from bot.core.errors import UserError
from bot.discord.reply import send_reply
from bot.render import error_reply, safe_text
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

GUILD_ONLY_MESSAGE = "runclub-bot works inside your club's server: use its commands there."
NOT_IN_SERVER_MESSAGE = (
    "runclub-bot itself is not in this server, only its commands are, so it keeps nothing here."
    " Ask a server admin to add the bot, then try again."
)
FAILED_MESSAGE = "Sorry, that failed on our side. It has been logged; please try again shortly."
STALE_COMMAND_MESSAGE = (
    "That command is not one of runclub-bot's any more: your Discord app has an old command"
    " list. Restart Discord (or press Ctrl+R) and pick the command again."
)
CHANGED_COMMAND_MESSAGE = "This command changed; reload Discord (Ctrl+R) and try again."
CHANNEL_OPTION_MESSAGE = "Pick a text channel of this server from the list."
UNAVAILABLE_MESSAGE = "Couldn't reach the database; try again in a minute."


class ChangedCommand(app_commands.AppCommandError):
    """The member's client sent a command's old shape: an option the command no longer has.

    discord.py drops such an option silently; the generated callbacks notice it and raise
    this, so the member hears what they would have heard for a missing one.
    """

    def __init__(self, command: str, unknown: Iterable[str]) -> None:
        self.unknown = tuple(sorted(unknown))
        super().__init__(f"/{command} sent unknown options {', '.join(self.unknown)}")


def _sent_options(options: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The leaf options of an interaction's data, below any subcommand and group."""
    for option in options:
        if option.get("type") in (1, 2):  # subcommand, subcommand group
            yield from _sent_options(option.get("options") or ())
        else:
            yield option


def _sent_in_another_type(interaction: discord.Interaction[Any]) -> bool:
    """True when an option arrived with another type than the command now declares (text
    where a channel is expected): the client holds the command's older registration."""
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return False
    declared = {parameter.name: parameter.type.value for parameter in command.parameters}
    data: Mapping[str, Any] = interaction.data or {}
    options: Iterable[Mapping[str, Any]] = data.get("options") or ()
    return any(
        option.get("name") in declared and option.get("type") != declared[option["name"]]
        for option in _sent_options(options)
    )


_OptionType = discord.AppCommandOptionType
# What discord.py converts itself, before any check or error handler of a command runs: a number
# (to a float) and the ids of users, channels, roles, mentionables and attachments (to an int).
_IDS = frozenset(
    kind.value
    for kind in (
        _OptionType.user,
        _OptionType.channel,
        _OptionType.role,
        _OptionType.mentionable,
        _OptionType.attachment,
    )
)


_NUMBERS = frozenset((_OptionType.integer.value, _OptionType.number.value))


def _unreadable(option: Mapping[str, Any], resolved: Mapping[str, Any] | None) -> bool:
    """Whether discord.py cannot read `option`: no value, a number that is no number (true
    included), an id that is no id, or an attachment the interaction does not describe
    (`resolved`; None while typing, when Discord sends none). Only a forged client sends one:
    discord.py raised on most outside every error handler, leaving the member unanswered, read
    true as 1, and passed an attachment it knew nothing of on as a bare id."""
    if "value" not in option:
        return True
    value, kind = option["value"], option.get("type")
    if isinstance(value, bool) and kind in _NUMBERS:
        return True
    # discord.py reads a number of None or "" as NaN, and passes one being typed on as typed.
    number = kind == _OptionType.number.value and not option.get("focused")
    try:
        if number and value not in (None, ""):
            float(value)
        elif kind in _IDS:
            int(value)
    except (TypeError, ValueError, OverflowError):
        return True
    if kind != _OptionType.attachment.value or resolved is None:
        return False
    return str(value) not in (resolved.get("attachments") or {})


def _unreadable_answer(
    command: app_commands.Command[Any, ..., Any], option: Mapping[str, Any]
) -> str:
    """What the member is told of an option discord.py cannot read, named as declared."""
    parameter = command.get_parameter(option["name"])
    if parameter is None:
        return CHANGED_COMMAND_MESSAGE  # an option the command does not have: an old client's
    kind, name = parameter.type, parameter.name
    if kind is _OptionType.channel:
        return CHANNEL_OPTION_MESSAGE
    if kind is _OptionType.attachment:
        return f"`{name}`: no file came with it; attach the file again."
    low, high = parameter.min_value, parameter.max_value
    if kind in (_OptionType.integer, _OptionType.number) and low is not None and high is not None:
        return f"`{name}`: {range_rule(low, high, whole=kind is _OptionType.integer)}"
    return f"`{name}`: no value came with it; give it again."


def malformed_options(interaction: discord.Interaction[Any]) -> str | None:
    """What to answer options of a shape no Discord client sends, or None for any other.

    Such options never reach the command: discord.py fails on them first, leaving the member
    unanswered (a value it cannot read; typing in no option, or in one without suggestions),
    or hands the suggestions typed text that is no text, which fail with an error logged."""
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return None  # an unknown command: the tree answers it
    data: Mapping[str, Any] = interaction.data or {}
    sent = _sent_options(data.get("options") or ())
    options = [o for o in sent if isinstance(o.get("name"), str)]
    typing = interaction.type is discord.InteractionType.autocomplete
    resolved = None if typing else data.get("resolved") or {}
    for option in options:
        if _unreadable(option, resolved):
            return _unreadable_answer(command, option)
    if not typing:
        return None
    focused = next((o for o in options if o.get("focused")), None)
    if focused is None:
        return "typing in no option"
    parameter = command.get_parameter(focused["name"])
    if parameter is None or not parameter.autocomplete:
        return "typing in an option without suggestions"
    if not isinstance(focused["value"], str):
        return "typing that is no text"
    return None


def _is_changed_command(error: BaseException, interaction: discord.Interaction[Any]) -> bool:
    # A required option missing (or an option the tree cannot find) is discord.py's
    # CommandSignatureMismatch: a client still holding the command's older registration.
    if isinstance(error, (app_commands.CommandSignatureMismatch, ChangedCommand)):
        return True
    # A value discord.py could not convert because it came as another type of option.
    return isinstance(error, app_commands.TransformerError) and _sent_in_another_type(interaction)


async def answer_refusal(interaction: discord.Interaction[Any], message: str) -> None:
    """Tell the member no: as a private message, or, to typing, with no choices (Discord takes
    only choices in answer to an autocomplete)."""
    if interaction.type is discord.InteractionType.autocomplete:
        if not interaction.response.is_done():
            await interaction.response.autocomplete([])
    else:
        await send_reply(interaction, error_reply(message))


async def in_a_guild(interaction: discord.Interaction[Any]) -> bool:
    """True inside a server the bot is in; otherwise the member is told why not, and False."""
    # Discord hides guild-only commands in DMs, but an old client, a stale command list or a
    # forged button press can still send one; refuse it with an answer rather than silence.
    if interaction.guild_id is None:
        await answer_refusal(interaction, GUILD_ONLY_MESSAGE)
        return False
    # A server that added the commands alone (`applications.commands` without `bot`), or one
    # that removed the bot, still sends its members' commands. The bot can post, DM and publish
    # nothing there, and the purge deletes a club it is not in: keep nothing, and say why.
    # Every server the bot is in is cached from READY on, unavailable ones included.
    if interaction.client.get_guild(interaction.guild_id) is None:
        await answer_refusal(interaction, NOT_IN_SERVER_MESSAGE)
        return False
    return True


class RunClubTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if not await in_a_guild(interaction):
            return False
        refusal = malformed_options(interaction)
        if refusal is None:
            return True
        # A client that does not follow Discord's shapes, not a bug of the bot's.
        log.info(
            "options no Discord client sends (guild %s, user %s), answered: %s",
            interaction.guild_id,
            interaction.user.id,
            refusal,
        )
        await answer_refusal(interaction, refusal)
        return False

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        if isinstance(error, app_commands.CommandNotFound):
            # A client that loaded the command list before the commands changed; not a bug.
            log.info(
                "unknown command %r (guild %s): a stale client", error.name, interaction.guild_id
            )
        elif _is_changed_command(error, interaction):
            # An old command list in the member's client, not a bug in the bot.
            log.info(
                "/%s sent in an older shape (guild %s): a stale client: %s",
                command,
                interaction.guild_id,
                error,
            )
        await report_error(interaction, error, source=f"command /{command}")


async def report_error(
    interaction: discord.Interaction[Any], error: BaseException, *, source: str
) -> None:
    """Answer the member for any failure: commands here, and buttons (views call it too)."""
    message = CHANGED_COMMAND_MESSAGE if _is_changed_command(error, interaction) else None
    message = message or explain(error)
    unavailable = store_unavailable(error)
    if unavailable is not None:
        # An outage, not a bug: one line each time, no traceback (the database says enough).
        log.warning(
            "%s (guild %s, user %s): %s",
            source,
            interaction.guild_id,
            interaction.user.id,
            unavailable,
        )
        message = UNAVAILABLE_MESSAGE
    elif message is None:
        log.error(
            "%s failed (guild %s, user %s)",
            source,
            interaction.guild_id,
            interaction.user.id,
            exc_info=error,
        )
        message = FAILED_MESSAGE
    try:
        await answer_refusal(interaction, message)
    except discord.HTTPException:
        # The token may have expired or the answer was already sent; nothing more to do.
        log.warning("could not send the error reply for interaction %s", interaction.id)


class AnsweringView(discord.ui.View):
    """A view whose failures get the same answers as commands'.

    Components do not pass through the command tree's error boundary.
    """

    error_source = "a button"

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        # Components skip the tree's guild-only check.
        return await in_a_guild(interaction)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        del item
        await report_error(interaction, error, source=self.error_source)


# discord.py's attribute names where Discord's own menus say something else.
_PERMISSION_NAMES = {"manage_guild": "Manage Server", "administrator": "Administrator"}


def permission_name(attribute: str) -> str:
    """A permission as members see it in Discord's settings."""
    return _PERMISSION_NAMES.get(attribute, attribute.replace("_", " ").title())


def store_unavailable(error: BaseException) -> StoreUnavailable | None:
    """The database outage behind `error` (as raised, or wrapped by discord.py), if any."""
    seen: BaseException | None = error
    for _ in range(4):  # CommandInvokeError -> the original -> what that was raised from
        if seen is None:
            return None
        if isinstance(seen, StoreUnavailable):
            return seen
        seen = (
            seen.original if isinstance(seen, app_commands.CommandInvokeError) else (seen.__cause__)
        )
    return None


def explain(error: BaseException) -> str | None:
    """The member-facing text for an error, or None when it is a bug to log."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, UserError):
        return original.message
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(permission_name(p) for p in error.missing_permissions)
        return f"This command needs the {needed} permission."
    if isinstance(error, app_commands.NoPrivateMessage):
        return GUILD_ONLY_MESSAGE
    if isinstance(error, app_commands.CommandNotFound):
        return STALE_COMMAND_MESSAGE
    if isinstance(error, (app_commands.CommandSignatureMismatch, ChangedCommand)):
        return CHANGED_COMMAND_MESSAGE
    if isinstance(error, app_commands.TransformerError):
        if error.type is discord.AppCommandOptionType.channel:
            # The value is discord.py's channel object: its repr means nothing to a member.
            return CHANNEL_OPTION_MESSAGE
        allowed = ""
        choices = getattr(error.transformer, "choices", None)
        if choices:
            allowed = " Choose one of: " + ", ".join(str(c.value) for c in choices) + "."
        return f"{_quoted(error.value)} is not a valid value here.{allowed}"
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here."
    return None


def _quoted(value: object) -> str:
    """What the member sent, quoted back short, on one line and unable to ping."""
    text = " ".join(str(value).split()).replace("`", "'")
    return f"'{safe_text(text[:40])}'"
