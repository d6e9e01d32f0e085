"""Discord slash commands generated from the catalog: one `CommandSpec` and its options model
become an `app_commands.Command` whose parameters carry the model's ranges, lengths, choices,
descriptions and autocompletes.

discord.py reads a command's parameters from its callback's signature, so each generated
callback gets a `__signature__` built from the model, and the public `describe`, `choices` and
`autocomplete` decorators add the rest, exactly as they would on a hand-written callback.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from enum import Enum
from typing import Any, Optional

import discord
from discord import app_commands
from pydantic.fields import FieldInfo

from bot.actions.option_base import (
    Options,
    bounds,
    is_file,
    is_text_channel,
    parse_options,
    suggestion,
)
from bot.actions.spec import CommandSpec, GroupSpec
from bot.core.models import RunType, intensity_of
from bot.discord.buttons import send_with_buttons
from bot.discord.commands.admin import ADMIN, club_admin_check
from bot.discord.commands.files import DiscordFile
from bot.discord.commands.suggest import CHOICE_TEXT_MAX, autocomplete_for
from bot.discord.reply import message_kwargs
from bot.discord.services import context_of, member_of, services_of
from bot.discord.tree import ChangedCommand
from bot.render import error_reply

# How one command answers on Discord: given the parsed options and the values discord.py passed
# (a channel option arrives as a channel object there, as its id in the options).
Runner = Callable[
    [discord.Interaction[Any], CommandSpec, Options, Mapping[str, Any]], Awaitable[None]
]
AppCommand = app_commands.Command[Any, ..., None] | app_commands.Group


async def answer(
    interaction: discord.Interaction[Any],
    spec: CommandSpec,
    opts: Options,
    given: Mapping[str, Any],
) -> None:
    """The usual way: run the action, send its reply (with the buttons it offers)."""
    del given
    ctx = context_of(interaction)
    await send_with_buttons(interaction, await spec.action(ctx, opts), ctx.member)


async def show_notices(interaction: discord.Interaction[Any]) -> None:
    """What the bot could not tell the member by DM, once, after their next command."""
    if interaction.guild_id is None or not interaction.response.is_done():
        return
    services = services_of(interaction.client)
    notices = await services.store.notices.take(member_of(interaction), now=services.clock())
    for notice in notices:
        await interaction.followup.send(ephemeral=True, **message_kwargs(error_reply(notice)))


def choice_name(member: Enum) -> str:
    """A choice as the member sees it; a run type also says the intensity it counts as."""
    if isinstance(member, RunType):
        return f"{member.value} ({intensity_of(member).value.lower()} intensity)"
    # Lower-case values: discord.py would otherwise show the members' upper-case names.
    return str(member.value)


def _enum_of(field: FieldInfo) -> type[Enum] | None:
    kinds = [field.annotation, *getattr(field.annotation, "__args__", ())]
    return next((k for k in kinds if isinstance(k, type) and issubclass(k, Enum)), None)


def _base_type(field: FieldInfo) -> type:
    kinds = [field.annotation, *getattr(field.annotation, "__args__", ())]
    return next(k for k in kinds if isinstance(k, type) and k is not type(None))


def discord_annotation(field: FieldInfo) -> Any:
    """The parameter type discord.py turns into the option's JSON type and limits."""
    if is_text_channel(field):
        annotation: Any = discord.TextChannel
    elif is_file(field):
        annotation = discord.Attachment
    elif _enum_of(field) is not None:
        # `str`, not the enum or a Choice: an unknown value then reaches parse_options, which
        # names the option, instead of discord.py refusing it with a message that cannot.
        annotation = str
    else:
        kind = _base_type(field)
        low, high, max_length = bounds(field)
        if kind is str and max_length is None and suggestion(field) is not None:
            # Suggested values are choices, whose values Discord caps at 100 characters.
            max_length = CHOICE_TEXT_MAX
        if kind in (int, float) and low is not None and high is not None:
            annotation = app_commands.Range[kind, kind(low), kind(high)]
        elif kind is str and max_length is not None:
            # Discord sends no empty text: its options are at least one character long.
            low_length = next((m.min_length for m in field.metadata if hasattr(m, "min_length")), 1)
            annotation = app_commands.Range[str, low_length, max_length]
        else:
            annotation = kind
    return annotation if field.is_required() else Optional[annotation]  # noqa: UP045


def _parameters(model: type[Options]) -> list[inspect.Parameter]:
    return [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=discord_annotation(field),
            default=inspect.Parameter.empty if field.is_required() else None,
        )
        for name, field in model.model_fields.items()
    ]


def _plain(value: Any) -> Any:
    """What the options model takes: a channel object becomes its id, an attachment a file
    that is downloaded only when the action reads it."""
    if isinstance(value, discord.Attachment):
        return DiscordFile(value)
    return value.id if isinstance(value, discord.abc.GuildChannel) else value


def build_command(
    spec: CommandSpec, *, run: Runner = answer, parent: app_commands.Group | None = None
) -> app_commands.Command[Any, ..., None]:
    async def callback(interaction: discord.Interaction[Any], **given: Any) -> None:
        if spec.slow:
            # Slower than Discord's 3-second answer window on a busy host: say "thinking"
            # first, privately, then follow up.
            await interaction.response.defer(ephemeral=True, thinking=True)
        unknown = set(vars(interaction.namespace)) - set(spec.options.model_fields)
        if unknown:
            raise ChangedCommand(spec.name, unknown)
        plain = {name: _plain(value) for name, value in given.items()}
        await run(interaction, spec, parse_options(spec.options, plain), given)
        await show_notices(interaction)

    model = spec.options
    first = inspect.Parameter(
        "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
    )
    callback.__signature__ = inspect.Signature([first, *_parameters(model)])  # type: ignore[attr-defined]
    fields = model.model_fields.items()
    descriptions = {name: field.description for name, field in fields if field.description}
    choices = {
        name: [app_commands.Choice(name=choice_name(m), value=str(m.value)) for m in enum]
        for name, field in fields
        if (enum := _enum_of(field)) is not None
    }
    suggested = {
        name: autocomplete_for(kind)
        for name, field in fields
        if (kind := suggestion(field)) is not None
    }
    decorated = app_commands.autocomplete(**suggested)(
        app_commands.choices(**choices)(app_commands.describe(**descriptions)(callback))
    )
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=spec.name.rsplit(" ", 1)[-1],
        description=spec.short,
        callback=decorated,
        parent=parent,
    )
    return command


def needs_runner(spec: CommandSpec) -> bool:
    """Whether the usual answer would lose something the declaration asks for: a
    confirmation's buttons, a channel's permission check, a file's download."""
    fields = spec.options.model_fields.values()
    return spec.confirmation is not None or any(is_text_channel(f) or is_file(f) for f in fields)


def check_runners(specs: Iterable[CommandSpec], runners: Mapping[CommandSpec, Runner]) -> None:
    """Raises ValueError for a runner of a command the catalog does not list (a command
    renamed or dropped with its runner left behind), or a command that needs a runner and
    has none."""
    listed = set(specs)
    stray = sorted(f"/{spec.name}" for spec in runners if spec not in listed)
    if stray:
        raise ValueError(f"runners for commands the catalog does not list: {', '.join(stray)}")
    bare = sorted(f"/{s.name}" for s in listed if needs_runner(s) and s not in runners)
    if bare:
        raise ValueError(f"commands that need a Discord runner and have none: {', '.join(bare)}")


def build_tree(
    specs: Iterable[CommandSpec],
    groups: Iterable[GroupSpec],
    runners: Mapping[CommandSpec, Runner],
) -> list[AppCommand]:
    """The top-level commands and groups, subcommands attached to their groups."""
    specs = tuple(specs)
    check_runners(specs, runners)
    built: dict[str, app_commands.Group] = {}
    admin: set[str] = set()
    top: list[AppCommand] = []
    for group in groups:
        parent_name, _, name = group.name.rpartition(" ")
        parent = built.get(parent_name)
        top_level = parent is None
        built[group.name] = app_commands.Group(
            name=name,
            description=group.description,
            parent=parent,
            default_permissions=ADMIN if group.admin and top_level else None,
            guild_only=top_level,
        )
        if group.admin:
            admin.add(group.name)
    for spec in specs:
        parent_name = spec.name.rpartition(" ")[0]
        parent = built.get(parent_name) if parent_name else None
        if parent_name and parent is None:
            raise ValueError(f"/{spec.name}: no group {parent_name!r} in the catalog")
        command = build_command(spec, run=runners.get(spec, answer), parent=parent)
        if parent_name in admin:
            command.add_check(club_admin_check)
        if parent is None:
            top.append(command)
        else:
            parent.add_command(command)
            # A group takes the place of its first subcommand in the catalog's order.
            root = built[spec.name.split(" ", 1)[0]]
            if root not in top:
                top.append(root)
    return top
