"""End-to-end harness: the real bot and the real discord.py, with only the network replaced.

What is fake (see /work/shared/docs/testing-discord.md for why this is the seam):

* `FakeDiscord` answers HTTP at the aiohttp-session level, under both of discord.py's outbound
  paths (`HTTPClient.request` and `AsyncWebhookAdapter.request`). Every request is recorded
  with its method, path, query, parsed JSON body and uploaded files.
* `Harness` builds the bot with `create_bot`, swaps `static_login` for one that installs the
  fake session, runs the real `bot.login()` (so `setup_hook` opens the store, adds the cogs and
  syncs), feeds `GUILD_CREATE` for two guilds, and sends interactions through the gateway
  parser `INTERACTION_CREATE`, exactly as a shard would.

Everything between the gateway payload and the HTTP request is the product and discord.py,
unchanged. By default the harness refuses what a real Discord client never sends (options
outside the registered ranges or choices, missing required options, wrong types); pass
`raw=True` to send anything and test the bot's own guards.

One module per concern; import from the package (`from tests.discord.harness import Harness`):

* `payloads`: ids, the fake users and guilds, attached files (`FakeAttachment`),
  GUILD_CREATE / READY / INTERACTION_CREATE bodies
* `fake_http`: the aiohttp session and responses discord.py talks to
* `fake_discord`: `FakeDiscord`, the HTTP API behind that session, and the CDN that serves
  attached files (`fake.serve_file(url, data)`; an attachment option registers its own)
* `fake_events`: guild scheduled events (`fake.events`), their routes and state, every
  request checked against `event_schema`, the spec's request shapes written out by hand
* `capture`: recorded requests, `Capture` and `Result`, collecting a block's tasks and logs
* `options`: a command's `data` as a client builds it, and what a client would refuse
* `clock`: `FakeClock`
* `bot_harness`: `Harness`, which drives the bot through all of the above
"""

from tests.discord.harness.bot_harness import Harness
from tests.discord.harness.capture import Capture, RecordedRequest, Result, SentFile, discord_ts
from tests.discord.harness.clock import DEFAULT_START, FakeClock
from tests.discord.harness.errors import HarnessError
from tests.discord.harness.fake_discord import FakeDiscord
from tests.discord.harness.fake_http import API_PREFIX, FakeResponse, FakeSession
from tests.discord.harness.options import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
)
from tests.discord.harness.payloads import (
    ALICE,
    APP_ID,
    BOB,
    BOT_ID,
    BOT_PERMISSIONS,
    BOT_USER,
    CAROL,
    EPHEMERAL,
    GUILD_A,
    GUILD_B,
    LOADING,
    MEMBER_PERMISSIONS,
    NO_PINGS,
    OWNER_ID,
    TOKEN,
    FakeAttachment,
    FakeChannel,
    FakeGuild,
    FakeUser,
    guild_create_payload,
)

__all__ = [
    "ALICE",
    "API_PREFIX",
    "APP_ID",
    "ATTACHMENT",
    "BOB",
    "BOOLEAN",
    "BOT_ID",
    "BOT_PERMISSIONS",
    "BOT_USER",
    "CAROL",
    "CHANNEL",
    "DEFAULT_START",
    "EPHEMERAL",
    "GUILD_A",
    "GUILD_B",
    "INTEGER",
    "LOADING",
    "MEMBER_PERMISSIONS",
    "MENTIONABLE",
    "NO_PINGS",
    "NUMBER",
    "OWNER_ID",
    "ROLE",
    "STRING",
    "SUB_COMMAND",
    "SUB_COMMAND_GROUP",
    "TOKEN",
    "USER",
    "Capture",
    "FakeAttachment",
    "FakeChannel",
    "FakeClock",
    "FakeDiscord",
    "FakeGuild",
    "FakeResponse",
    "FakeSession",
    "FakeUser",
    "Harness",
    "HarnessError",
    "RecordedRequest",
    "Result",
    "SentFile",
    "discord_ts",
    "guild_create_payload",
]
