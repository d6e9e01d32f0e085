"""The bot under test: `Harness` builds it with `create_bot`, puts it on the fake network,
logs it in with the real `bot.login()` (so `setup_hook` opens the store, adds the cogs and
syncs), feeds GUILD_CREATE for two guilds, and sends interactions through the gateway parser
`INTERACTION_CREATE`, exactly as a shard would. Every call awaits what it started and returns
what the bot sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import discord

from bot.actions.file_reader import ActivityFiles
from bot.actions.send_budget import SendBudget
from bot.config import Settings, settings_from_mapping
from bot.discord.bot import RunClubBot, create_bot
from bot.render.chart_pool import ChartPool
from bot.store import Store
from tests.discord.harness.capture import Capture, RecordedRequest, Result, capture_block
from tests.discord.harness.clock import FakeClock, PacedTime
from tests.discord.harness.errors import HarnessError
from tests.discord.harness.fake_discord import FakeDiscord
from tests.discord.harness.fake_http import FakeSession
from tests.discord.harness.options import check_choices, command_data
from tests.discord.harness.payloads import (
    ALICE,
    BOB,
    BOT_USER,
    CAROL,
    GUILD_A,
    GUILD_B,
    TOKEN,
    FakeChannel,
    FakeGuild,
    FakeUser,
    dm_interaction_payload,
    guild_create_payload,
    guild_interaction_payload,
    ready_payload,
)


class Harness:
    """The bot, logged in against `FakeDiscord`, with guild A (alice, bob) and guild B (carol).

    Use as `async with Harness(tmp_path) as h:` or through the `harness` fixture.
    """

    alice = ALICE
    bob = BOB
    carol = CAROL
    guild_a = GUILD_A
    guild_b = GUILD_B
    bot_user = BOT_USER

    def __init__(
        self,
        tmp_path: Path,
        *,
        config: Mapping[str, Any] | None = None,
        clock: FakeClock | None = None,
        db_path: Path | None = None,
        database_url: str | None = None,
        sync_on_start: bool = True,
        guilds: bool = True,
        # A hang guard, never a timing: a loaded CI machine once took over 10 s to read a
        # watch file with too many points.
        timeout: float = 30.0,
        charts: ChartPool | None = None,
        files: ActivityFiles | None = None,
    ) -> None:
        self.db_path = db_path or tmp_path / "bot.sqlite3"
        self.charts = charts or ChartPool.in_threads()
        # Watch files are read in a thread unless a test passes the helper process.
        self.files = files or ActivityFiles.in_threads()
        data: dict[str, Any] = {key: dict(value) for key, value in (config or {}).items()}
        # The backend: a SQLite file in tmp_path, or the database a `database_url` names
        # (tests/discord/conftest.py runs the end-to-end tests on both).
        database = data.setdefault("database", {})
        if database_url is not None and "path" not in database:
            database.setdefault("url", database_url)
        elif "url" not in database:
            database.setdefault("path", str(self.db_path))
        # The heartbeat loop writes once the bot is ready; keep it out of the working directory.
        data.setdefault("health", {}).setdefault("heartbeat_path", str(tmp_path / "heartbeat"))
        data.setdefault("discord", {}).setdefault("token", TOKEN)
        self.settings: Settings = settings_from_mapping(data, env={})
        self.clock = clock or FakeClock()
        self.fake = FakeDiscord(self.clock)
        # The send budget's time: no real waiting; each paced request records its turn.
        self.paced = PacedTime(self.clock)
        self.sync_on_start = sync_on_start
        self.send_guilds = guilds
        self.timeout = timeout
        self.members: dict[int, list[FakeUser]] = {
            GUILD_A.id: [ALICE, BOB],
            GUILD_B.id: [CAROL],
        }
        self.login_capture = Capture()
        self._bot: RunClubBot | None = None
        self._store: Store | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def bot(self) -> RunClubBot:
        if self._bot is None:
            raise HarnessError("the harness has not started")
        return self._bot

    @property
    def store(self) -> Store:
        return self.bot.store

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.fake.requests

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close(check=exc_type is None)

    async def start(self) -> None:
        async with self.capture() as cap:
            bot = create_bot(
                self.settings,
                clock=self.clock.now,
                sync_on_start=self.sync_on_start,
                # The chart code is the same; a worker process per test would only add start-up.
                charts=self.charts,
                files=self.files,
                send_budget=SendBudget.for_settings(
                    self.settings, monotonic=self.paced.monotonic, sleep=self.paced.sleep
                ),
            )
            self.adopt(bot)
            await bot.login(TOKEN)
            self._store = bot.store
            if self.send_guilds:
                for guild in (GUILD_A, GUILD_B):
                    self.add_guild(guild)
        self.login_capture = cap

    def adopt(self, bot: RunClubBot) -> None:
        """Put `bot` on the fake network without logging it in: for a test that runs the
        product's own start-up (tests/ops/fake_discord_serve.py runs `run_until_stopped`)."""
        self._bot = bot
        self._install_fake(bot)

    def _install_fake(self, bot: RunClubBot) -> None:
        http = bot.http
        session = FakeSession(self.fake)

        async def static_login(token: str) -> Any:
            http._HTTPClient__session = session  # type: ignore[attr-defined]
            http._global_over = asyncio.Event()
            http._global_over.set()
            http.token = token
            # The real GET /users/@me, through the fake session: recorded like any request.
            return await http.request(discord.http.Route("GET", "/users/@me"))

        http.static_login = static_login  # type: ignore[method-assign]

    async def ready(self) -> None:
        """Feed READY (guilds unavailable) and then their GUILD_CREATEs, as a fresh connection
        does, and wait until discord.py dispatches `on_ready`. Only code that waits for
        readiness needs this; `start()` already cached the guilds."""
        state = self.bot._connection
        state.guild_ready_timeout = 0.01
        guilds = [GUILD_A, GUILD_B]
        async with self.capture():
            state.parsers["READY"](ready_payload(guilds))
            for guild in guilds:
                self.add_guild(guild)
            await asyncio.wait_for(self.bot.wait_until_ready(), self.timeout)

    def add_guild(self, guild: FakeGuild) -> None:
        """Feed GUILD_CREATE for `guild` through the real gateway parser."""
        for channel in guild.channels:
            self.fake.channels[channel.id] = (guild, channel)
        payload = guild_create_payload(guild, self.members.get(guild.id, []), self.clock.now())
        self.bot._connection.parsers["GUILD_CREATE"](payload)

    def deny_bot(
        self, guild: FakeGuild, channel: FakeChannel, denied: discord.Permissions
    ) -> FakeGuild:
        """Take `denied` from the bot in `channel` (a role overwrite), as an admin would: the
        fake Discord and the bot's cache (a fresh GUILD_CREATE) both see it. Returns the
        guild as it is now."""
        changed = replace(
            channel, bot_denied=discord.Permissions(channel.bot_denied.value | denied.value)
        )
        now = replace(
            guild, channels=tuple(changed if c.id == channel.id else c for c in guild.channels)
        )
        self.add_guild(now)
        return now

    async def close(self, *, check: bool = True) -> None:
        if self._bot is None:
            return
        store = self._store
        await self._bot.close()
        if check:
            assert store is None or store.db.closed, "bot.close() left the database open"
            assert self._bot._store is None, "bot.close() kept a reference to the store"
            assert not self.fake.unhandled, f"requests to unknown routes: {self.fake.unhandled}"
            assert not self.fake.events.violations, (
                f"scheduled-event requests outside Discord's spec: {self.fake.events.violations}"
            )

    # -- capturing -----------------------------------------------------------------------------

    @asynccontextmanager
    async def capture(self, *, expect_errors: bool = False) -> AsyncIterator[Capture]:
        """Record requests, WARNING+ logs and task failures of the block, including every task
        it creates (awaited before the block ends). Unexpected logs fail the test unless
        `expect_errors`."""
        async with capture_block(
            self.fake.requests, wait_limit=self.timeout, expect_errors=expect_errors
        ) as cap:
            yield cap

    # -- inbound interactions ------------------------------------------------------------------

    def home_guild(self, user: FakeUser) -> FakeGuild:
        for guild in (GUILD_A, GUILD_B):
            if user in self.members.get(guild.id, []):
                return guild
        raise HarnessError(f"{user.username} is in no guild; pass guild=")

    def command_json(self, name: str) -> dict[str, Any]:
        """The registered JSON of a top-level command, as the sync sent it."""
        command = self.bot.tree.get_command(name)
        if command is None and self.settings.discord.dev_guild_id:
            command = self.bot.tree.get_command(
                name, guild=discord.Object(self.settings.discord.dev_guild_id)
            )
        if command is None:
            raise HarnessError(f"no command /{name} is registered")
        return command.to_dict(self.bot.tree)

    def _command_id(self, name: str, guild_id: int | None) -> int:
        for scope in (guild_id, None):
            for command in self.fake.commands.get(scope, []):
                if command["name"] == name:
                    return int(command["id"])
        # Not synced in this run (unchanged tree): any stable id will do for discord.py.
        return 930_000_000_000_000_000 + sum(map(ord, name))

    async def invoke(
        self,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser = ALICE,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        permissions: discord.Permissions | int | None = None,
        raw: bool = False,
        expect_errors: bool = False,
        locale: str = "en-US",
    ) -> Result:
        """Run `/command` ("club reminder set" for subcommands) as `user` in `guild`.

        `options` maps option names to values as a member would pick them. Unless `raw`,
        anything the Discord client would refuse raises HarnessError in the test.
        """
        guild = guild or self.home_guild(user)
        data = self._command_data(command, options or {}, raw=raw, focused=None, guild=guild)
        payload = self._guild_payload(2, data, user, guild, channel, permissions, locale)
        return await self.dispatch(payload, expect_errors=expect_errors)

    async def autocomplete(
        self,
        command: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        user: FakeUser = ALICE,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        dm: bool = False,
        expect_errors: bool = False,
    ) -> Result:
        """What the member sees while typing `options[focused]` (type 4 interaction).

        `dm=True` types in a DM with the bot (only a stale client offers a guild-only command
        there)."""
        if focused is None:
            if len(options) != 1:
                raise HarnessError("name the focused option when several are given")
            focused = next(iter(options))
        if dm:
            data = self._command_data(command, options, raw=False, focused=focused, guild=None)
            payload = self._dm_payload(4, data, user)
        else:
            guild = guild or self.home_guild(user)
            data = self._command_data(command, options, raw=False, focused=focused, guild=guild)
            payload = self._guild_payload(4, data, user, guild, channel, None, "en-US")
        result = await self.dispatch(payload, expect_errors=expect_errors)
        if not expect_errors:
            check_choices(result)
        return result

    async def invoke_dm(
        self,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser = ALICE,
        raw: bool = False,
        stale_command_list: bool = False,
        expect_errors: bool = False,
    ) -> Result:
        """Run `/command` in a DM with the bot. A command registered for guilds only is refused
        unless `stale_command_list` (an old client that still lists it)."""
        json_ = self.command_json(command.split(maxsplit=1)[0])
        if not raw and not stale_command_list and 1 not in (json_.get("contexts") or [0, 1, 2]):
            raise HarnessError(f"/{command} is not offered in DMs (contexts {json_['contexts']})")
        data = self._command_data(command, options or {}, raw=raw, focused=None, guild=None)
        return await self.dispatch(self._dm_payload(2, data, user), expect_errors=expect_errors)

    async def click(
        self,
        message: Mapping[str, Any],
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: FakeUser = ALICE,
        guild: FakeGuild | None = None,
        expect_errors: bool = False,
    ) -> Result:
        """Press a button (or pick from a select, with `values`) on `message`, a message object
        as the fake created it (e.g. `result.created_message`)."""
        guild = guild or self.home_guild(user)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        channel = next(
            (c for c in guild.channels if str(c.id) == str(message.get("channel_id"))), None
        )
        payload = self._guild_payload(3, data, user, guild, channel, None, "en-US")
        payload["message"] = dict(message)
        return await self.dispatch(payload, expect_errors=expect_errors)

    async def click_dm(
        self,
        message: Mapping[str, Any],
        custom_id: str,
        *,
        user: FakeUser = ALICE,
        expect_errors: bool = False,
    ) -> Result:
        """Press a button on `message`, a message the bot sent to `user`'s DMs."""
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        payload = self._dm_payload(3, data, user)
        payload["message"] = dict(message)
        return await self.dispatch(payload, expect_errors=expect_errors)

    async def dispatch(self, payload: dict[str, Any], *, expect_errors: bool = False) -> Result:
        """Feed a raw INTERACTION_CREATE payload to the gateway parser; await what it starts."""
        self.fake.interactions[int(payload["id"])] = payload
        result = Result(payload=payload)
        async with self.capture(expect_errors=expect_errors) as cap:
            self.bot._connection.parsers["INTERACTION_CREATE"](payload)
        result.requests, result.logs, result.exceptions = cap.requests, cap.logs, cap.exceptions
        if payload["type"] in (2, 3, 4) and result.callback_request is None and not expect_errors:
            raise HarnessError(
                "the bot never answered the interaction (Discord would show 'The application"
                f" did not respond'); requests: {result.requests}"
            )
        return result

    # -- payloads, built without sending them (tests that send several at once use these) ------

    def _dm_payload(self, kind: int, data: dict[str, Any], user: FakeUser) -> dict[str, Any]:
        return dm_interaction_payload(self.fake.snowflake(), kind, data, user)

    def _guild_payload(
        self,
        kind: int,
        data: dict[str, Any],
        user: FakeUser,
        guild: FakeGuild,
        channel: FakeChannel | None,
        permissions: discord.Permissions | int | None,
        locale: str,
    ) -> dict[str, Any]:
        return guild_interaction_payload(
            self.fake.snowflake(),
            kind,
            data,
            user,
            guild,
            channel,
            permissions,
            locale,
            now=self.clock.now(),
        )

    def _command_data(
        self,
        command: str,
        options: Mapping[str, Any],
        *,
        raw: bool,
        focused: str | None,
        guild: FakeGuild | None,
    ) -> dict[str, Any]:
        name = command.split(maxsplit=1)[0]
        dev_guild = self.settings.discord.dev_guild_id
        scope = guild.id if guild is not None and guild.id == dev_guild else None
        return command_data(
            command,
            options,
            spec=self.command_json(name),
            command_id=self._command_id(name, scope),
            scope=scope,
            raw=raw,
            focused=focused,
            guild=guild,
            members=self.members,
            clock=self.clock,
            cdn=self.fake,
        )
