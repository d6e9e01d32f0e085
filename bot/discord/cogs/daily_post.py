"""The daily club post on Discord: its timed job, the sender and the post's persistent button.

The scheduler (bot/discord/cogs/schedule.py) runs the job when `next_due` says; `run` calls
`DailyPostRunner.start(now)` (bot/actions/daily_post.py), which holds all the logic and is what
tests drive with chosen times. The sender turns discord.py's errors into the two kinds the
reminders tell apart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import discord
from discord.ext import commands

from bot.actions.club import run_today
from bot.actions.daily_post import DailyPostRunner
from bot.actions.send_budget import SendBudget
from bot.actions.send_errors import ChannelGone, ChannelUnavailable, TemporaryFailure
from bot.core.errors import UserError
from bot.discord.buttons import send_with_buttons
from bot.discord.failures import describe, retried_later
from bot.discord.history import own_message_after
from bot.discord.reply import message_kwargs
from bot.discord.scheduled_events import DiscordCalendar
from bot.discord.services import Services, context_of
from bot.discord.tree import AnsweringView
from bot.render.club import BUTTON_LABEL, NOT_READY_MESSAGE
from bot.render.reply import Reply
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

# Versioned: a later, incompatible button gets a new id while old posts keep answering.
CANIRUN_CUSTOM_ID = "runclub:canirun:v1"
# What the bot needs in the post's channel, with the names Discord's settings show.
POST_PERMISSIONS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
)
# Not needed to post: to look for a post a crash cut off (DiscordPostSender.find).
HISTORY_PERMISSION = ("read_message_history", "Read Message History")


class ClubPostView(AnsweringView):
    """The post's "Can I run today?" button. Persistent (no timeout, a fixed custom id) and
    registered in setup_hook, so it answers on posts made before a restart."""

    error_source = f"the {BUTTON_LABEL!r} button"

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(
        label=BUTTON_LABEL, style=discord.ButtonStyle.primary, custom_id=CANIRUN_CUSTOM_ID
    )
    async def can_i_run(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ClubPostView]
    ) -> None:
        del button
        ctx = context_of(interaction)
        await send_with_buttons(interaction, await run_today(ctx), ctx.member)


def first_missing(
    permissions: discord.Permissions, wanted: Iterable[tuple[str, str]]
) -> str | None:
    """The first of `wanted` (attribute, name as Discord's settings show it) that
    `permissions` lacks."""
    return next((name for attr, name in wanted if not getattr(permissions, attr)), None)


def missing_post_permission(channel: discord.abc.GuildChannel) -> str | None:
    """The first permission the bot lacks to post in `channel`, as Discord names it.

    Only the first: without View Channel every other one reads as missing too, and without
    Send Messages so does Embed Links, so naming more would send the admin after non-problems.
    """
    me = channel.guild.me
    if me is None:
        # The guild's own member arrives with GUILD_CREATE; just after a restart it may not yet.
        raise UserError(NOT_READY_MESSAGE)
    return first_missing(channel.permissions_for(me), POST_PERMISSIONS)


class DiscordPostSender:
    """Sends the post with its button; every attempt at one date carries the same nonce. Each
    send waits for its turn in the process's send budget, so the shard processes together stay
    under Discord's global limit instead of drawing its 429s."""

    def __init__(self, client: discord.Client, budget: SendBudget) -> None:
        self._client = client
        self._budget = budget

    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        channel = self._client.get_partial_messageable(channel_id, guild_id=guild_id)
        view = ClubPostView()
        await self._budget.take()
        with retried_later(self._client.http), _channel_refusals():
            message = await channel.send(**message_kwargs(reply), view=view, nonce=nonce)
        # discord.py keeps a copy of the view per sent message, one per club per day for as
        # long as the process lives; the persistent one from setup_hook answers every post.
        view.stop()
        return message.id

    async def find(
        self, guild_id: int, channel_id: int, reply: Reply, *, after: datetime
    ) -> int | None:
        """The post an attempt cut off by a crash made, if any: the bot's own message titled
        as `reply`, made since `after` (bot.discord.history)."""
        title = reply.clamped().title
        me = _history_reader(self._client, guild_id, channel_id)
        channel = self._client.get_partial_messageable(channel_id, guild_id=guild_id)
        await self._budget.take()
        with retried_later(self._client.http), _channel_refusals():
            # By title alone: the date is in it, and the counts may differ by now.
            return await own_message_after(channel, me, after, lambda m: m.embeds[0].title == title)


@contextmanager
def _channel_refusals() -> Iterator[None]:
    """Discord refusing the channel for good: a 404 is a deleted channel (its messages gone
    with it), a 403 a permission taken away (its messages still there)."""
    try:
        yield
    except discord.NotFound as exc:
        raise ChannelGone(describe(exc)) from exc
    except discord.Forbidden as exc:
        raise ChannelUnavailable(describe(exc)) from exc


def _history_reader(client: discord.Client, guild_id: int, channel_id: int) -> discord.Member:
    """The bot's member in the guild, once it is sure it may read the channel's history:
    Discord answers a bot without Read Message History with no messages and no error, which
    would read as "not there"."""
    guild = client.get_guild(guild_id)
    if guild is None or guild.me is None:
        # Just after a start the server may not have arrived from the gateway yet.
        raise TemporaryFailure("the server is not loaded yet")
    channel = guild.get_channel(channel_id)
    if channel is None:
        raise ChannelGone("the channel is gone")
    # View Channel, then Read Message History.
    missing = first_missing(
        channel.permissions_for(guild.me), (POST_PERMISSIONS[0], HISTORY_PERMISSION)
    )
    if missing is not None:
        raise ChannelUnavailable(f"the bot lacks {missing} there")
    return guild.me


class DailyPost(commands.Cog):
    """The daily post as one of the scheduler's jobs. Only this process changes its clubs'
    post settings (Discord sends a guild's commands to the process that owns its shard), and
    each change wakes the scheduler, so it is not polled: idle, it reads nothing."""

    polled = False

    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services
        self._runner: DailyPostRunner | None = None
        # Sends of earlier ticks still going: the loop does not wait for them.
        self._sending: set[asyncio.Task[object]] = set()

    @property
    def runner(self) -> DailyPostRunner:
        if self._runner is None:
            raise RuntimeError("the daily post starts when its cog loads")
        return self._runner

    async def cog_load(self) -> None:
        self._runner = DailyPostRunner(
            self.services.store,
            self.services.settings,
            DiscordPostSender(self.client, self.services.send_budget),
            owns=self.services.shards.owns,
            calendar=DiscordCalendar(self.client.http, self.services.send_budget),
            clock=self.services.clock,
        )

    async def drain(self) -> None:
        """A graceful stop: no new tick or claim; the posts claimed go out and are recorded."""
        if self._runner is not None:
            self._runner.stop_claiming()
        while running := {task for task in self._sending if not task.done()}:
            await asyncio.wait(running)

    async def cog_unload(self) -> None:
        # The scheduler has stopped (its cog unloads first). What a stop's drain did not wait
        # for: cancelled sends leave their claims, which the next start resends with the same
        # nonce within SAME_NONCE_WINDOW, or looks for in the channel after: never posted twice.
        # What was sent by then is recorded.
        sending, self._sending = self._sending, set()
        for task in sending:
            task.cancel()
        for outcome in await asyncio.gather(*sending, return_exceptions=True):
            if isinstance(outcome, Exception):
                log.error("a daily post's send failed while stopping: %r", outcome)

    async def next_due(self, now: datetime) -> datetime | None:
        return await self.runner.next_due(now)

    async def run(self, now: datetime) -> None:
        """Post what is due at `now`; never raises.

        Returns once the tick's sends have started: a slow channel (up to POST_SEND_TIMEOUT) must
        not hold the next run, or a club whose time comes meanwhile would go out late. When
        the sends are over the scheduler is woken to read the next due time.
        """
        try:
            run = await self.runner.start(now)
        except StoreUnavailable as exc:
            # Every club's post is still owed; the next tick (and the rest of the day) catches up.
            log.warning("the daily post: %s; trying again shortly", exc)
            return
        except Exception:
            log.exception("the daily post failed; trying again shortly")
            return
        if run.sending is not None:
            self._sending.add(run.sending)
            run.sending.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[object]) -> None:
        self._sending.discard(task)
        # The records the sends wrote move the next due time (to tomorrow, or a retry).
        self.services.wake.due_changed()
        if not task.cancelled() and task.exception() is not None:
            log.error("the daily post's sends failed", exc_info=task.exception())
