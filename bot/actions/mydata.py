"""/mydata export and /mydata delete: everything the bot keeps about a member, handed back or
taken back. The confirmation button lives in the Discord layer; `delete_my_data` is what it
calls."""

from __future__ import annotations

import asyncio

from bot.actions.context import Context
from bot.actions.options import NoOptions
from bot.actions.spec import CommandSpec, Confirmation, GroupSpec
from bot.render.mydata import (
    CONFIRM_SECONDS,
    delete_cancelled_reply,
    delete_prompt_reply,
    delete_timed_out_reply,
    deleted_all_reply,
    export_reply,
)
from bot.render.reply import Reply


async def export_my_data(ctx: Context, opts: NoOptions) -> Reply:
    del opts
    tables = await ctx.store.privacy.export_member(ctx.member)
    # Years of entries make megabytes of JSON; writing them would hold up every other member.
    return await asyncio.to_thread(export_reply, ctx.member, tables, ctx.now)


async def ask_delete_my_data(ctx: Context, opts: NoOptions) -> Reply:
    """The question; nothing is deleted until the member confirms."""
    del opts
    return delete_prompt_reply(await ctx.store.privacy.export_member(ctx.member))


async def delete_my_data(ctx: Context) -> Reply:
    # Read first so the reply can say what went (a profile, leg days, runs), not a row count.
    tables = await ctx.store.privacy.export_member(ctx.member)
    await ctx.store.privacy.delete_member(ctx.member)
    return deleted_all_reply(tables)


MYDATA = GroupSpec("mydata", "What runclub-bot stores about you here: export it or delete it")
MYDATA_EXPORT = CommandSpec(
    "mydata export",
    "A JSON file of everything the bot stores about you in this server.",
    NoOptions,
    export_my_data,
    description="A JSON file of all your data here",
)
MYDATA_DELETE = CommandSpec(
    "mydata delete",
    "Delete everything the bot stores about you in this server (asks first).",
    NoOptions,
    ask_delete_my_data,
    Confirmation(
        delete_my_data,
        delete_cancelled_reply,
        delete_timed_out_reply,
        seconds=CONFIRM_SECONDS,
        forgets_member=True,
    ),
    description="Delete all your data here (asks first)",
)
