"""What Discord sends the bot: ids, the users and guilds of the fake world, and the gateway
payloads built from them (GUILD_CREATE, READY, INTERACTION_CREATE for commands, autocomplete
and components, in a guild or a DM).

Interaction ids are snowflakes made by `FakeDiscord.snowflake()` from the fake clock, so
`interaction.created_at` is the test's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

TOKEN = "test-token"
APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID  # a bot user shares its application's id
OWNER_ID = 900_000_000_000_000_099
EPHEMERAL = 64
# The allowed_mentions of every message the bot sends: no text it posts may ping anyone.
NO_PINGS: dict[str, list[str]] = {"parse": []}
LOADING = 128
# Interaction callback types.
CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE = range(4, 9)

MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    add_reactions=True,
    use_application_commands=True,
    embed_links=True,
    attach_files=True,
)
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
)


# --------------------------------------------------------------------------------------------
# The world: users, guilds, channels


@dataclass(frozen=True)
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "avatar": None,
            "global_name": self.global_name,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass(frozen=True)
class FakeChannel:
    id: int
    name: str
    type: int = 0  # 0 = text
    # Extra permissions denied to the bot in this channel (a role overwrite).
    bot_denied: discord.Permissions = field(default_factory=discord.Permissions.none)


@dataclass(frozen=True)
class FakeGuild:
    id: int
    name: str
    channels: tuple[FakeChannel, ...]
    owner_id: int
    bot_role_id: int

    @property
    def channel(self) -> FakeChannel:
        """The first (default) text channel, where interactions happen unless told otherwise."""
        return self.channels[0]

    def channel_named(self, name: str) -> FakeChannel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(name)


@dataclass(frozen=True)
class FakeAttachment:
    """A file a member attaches to a command option, as Discord hands it over: its metadata in
    the interaction's `data.resolved.attachments`, its bytes on the CDN at `url` (served by
    FakeDiscord). `size` defaults to the data's length; set it to claim another size without
    building the bytes (Discord reports the size; the bot checks it before downloading)."""

    filename: str
    data: bytes
    size: int | None = None
    content_type: str | None = "application/octet-stream"

    def payload(self, attachment_id: int, channel_id: int) -> dict[str, Any]:
        url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{self.filename}"
        return {
            "id": str(attachment_id),
            "filename": self.filename,
            "size": len(self.data) if self.size is None else self.size,
            "url": url,
            "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
            "content_type": self.content_type,
            "ephemeral": True,
        }


BOT_USER = FakeUser(BOT_ID, "runclub-bot", "RunClub", bot=True)
ALICE = FakeUser(920_000_000_000_000_001, "alice", "Alice")
BOB = FakeUser(920_000_000_000_000_002, "bob", "Bob")
CAROL = FakeUser(920_000_000_000_000_003, "carol", "Carol")
GUILD_A = FakeGuild(
    id=910_000_000_000_000_001,
    name="Riverside Runners",
    channels=(
        FakeChannel(911_000_000_000_000_001, "general"),
        FakeChannel(911_000_000_000_000_002, "training"),
        FakeChannel(
            911_000_000_000_000_003,
            "announcements",
            bot_denied=discord.Permissions(send_messages=True),
        ),
    ),
    owner_id=ALICE.id,
    bot_role_id=912_000_000_000_000_001,
)
GUILD_B = FakeGuild(
    id=910_000_000_000_000_002,
    name="Hill Harriers",
    channels=(FakeChannel(911_000_000_000_000_101, "general"),),
    owner_id=CAROL.id,
    bot_role_id=912_000_000_000_000_002,
)


# --------------------------------------------------------------------------------------------
# GUILD_CREATE, READY, and what the HTTP API says about the bot itself


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def guild_create_payload(
    guild: FakeGuild, members: Sequence[FakeUser], joined: datetime
) -> dict[str, Any]:
    """A GUILD_CREATE payload: roles, channels, and the bot's own member so permissions resolve."""
    channels = []
    for position, channel in enumerate(guild.channels):
        overwrites = []
        if channel.bot_denied.value:
            overwrites.append(
                {
                    "id": str(guild.bot_role_id),
                    "type": 0,  # role
                    "allow": "0",
                    "deny": str(channel.bot_denied.value),
                }
            )
        channels.append(channel_payload(guild, channel, position, overwrites))
    member_payloads = [
        {
            "user": BOT_USER.payload(),
            "roles": [str(guild.bot_role_id)],
            "joined_at": iso(joined),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "premium_since": None,
            "pending": False,
        }
    ]
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "owner_id": str(guild.owner_id),
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "system_channel_id": str(guild.channel.id),
        "system_channel_flags": 0,
        "features": [],
        "roles": [
            {
                "id": str(guild.id),  # @everyone shares the guild's id
                "name": "@everyone",
                "permissions": str(MEMBER_PERMISSIONS.value),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            },
            {
                "id": str(guild.bot_role_id),
                "name": BOT_USER.username,
                "permissions": str(BOT_PERMISSIONS.value),
                "position": 1,
                "color": 0,
                "hoist": False,
                "managed": True,
                "mentionable": False,
                "flags": 0,
                "tags": {"bot_id": str(BOT_ID)},
            },
        ],
        "emojis": [],
        "stickers": [],
        "channels": channels,
        "threads": [],
        "members": member_payloads,
        "member_count": len(members) + 1,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "joined_at": iso(joined),
    }


def channel_payload(
    guild: FakeGuild,
    channel: FakeChannel,
    position: int = 0,
    overwrites: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(guild.id),
        "name": channel.name,
        "position": position,
        "permission_overwrites": overwrites or [],
        "parent_id": None,
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def me_payload() -> dict[str, Any]:
    """`GET /users/@me`: the bot's own user."""
    return {**BOT_USER.payload(), "verified": True, "mfa_enabled": False, "flags": 0}


def application_payload() -> dict[str, Any]:
    """`GET /oauth2/applications/@me`."""
    return {
        "id": str(APP_ID),
        "name": "runclub-bot",
        "description": "Can I run today, and how hard?",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": FakeUser(OWNER_ID, "owner").payload(),
        "verify_key": "0" * 64,
        "flags": 0,
        "team": None,
        "guild_id": None,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "approximate_guild_count": 2,
        "bot": BOT_USER.payload(),
    }


def ready_payload(guilds: Sequence[FakeGuild]) -> dict[str, Any]:
    """READY of a fresh connection: every guild unavailable until its GUILD_CREATE."""
    return {
        "v": 10,
        "user": {**BOT_USER.payload(), "verified": True, "mfa_enabled": False},
        "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
        "session_id": "fake-session",
        "resume_gateway_url": "wss://gateway.invalid",
        "application": {"id": str(APP_ID), "flags": 0},
        "private_channels": [],
        "relationships": [],
    }


# --------------------------------------------------------------------------------------------
# INTERACTION_CREATE


def interaction_payload(
    interaction_id: int, kind: int, data: dict[str, Any], locale: str
) -> dict[str, Any]:
    """The keys every interaction has; `kind` is 2 (command), 3 (component), 4 (autocomplete)."""
    return {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"itoken-{interaction_id}",
        "version": 1,
        "data": data,
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }


def guild_interaction_payload(
    interaction_id: int,
    kind: int,
    data: dict[str, Any],
    user: FakeUser,
    guild: FakeGuild,
    channel: FakeChannel | None,
    permissions: discord.Permissions | int | None,
    locale: str,
    *,
    now: datetime,
) -> dict[str, Any]:
    """An interaction from `user` in `channel` (default: the guild's first) of `guild`.

    The member has MEMBER_PERMISSIONS unless `permissions` says otherwise; the guild's owner
    has them all. The bot's permissions lose what the channel denies it."""
    channel = channel or guild.channel
    if isinstance(permissions, discord.Permissions):
        permissions = permissions.value
    member_permissions = MEMBER_PERMISSIONS.value if permissions is None else permissions
    if user.id == guild.owner_id:
        member_permissions = discord.Permissions.all().value
    bot_permissions = BOT_PERMISSIONS.value & ~channel.bot_denied.value
    return {
        **interaction_payload(interaction_id, kind, data, locale),
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "guild_locale": "en-US",
        "channel_id": str(channel.id),
        "channel": {
            **channel_payload(guild, channel),
            "permissions": str(member_permissions),
        },
        "member": {
            "user": user.payload(),
            "roles": [],
            "flags": 0,
            "joined_at": iso(now - timedelta(days=30)),
            "permissions": str(member_permissions),
            "deaf": False,
            "mute": False,
            "nick": None,
            "avatar": None,
            "premium_since": None,
            "pending": False,
            "communication_disabled_until": None,
        },
        "app_permissions": str(bot_permissions),
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
    }


def dm_channel_id(user_id: int) -> int:
    """The one DM channel of a user with the bot, as interactions and the fake API name it."""
    return 940_000_000_000_000_000 + user_id % 1_000_000


def dm_interaction_payload(
    interaction_id: int, kind: int, data: dict[str, Any], user: FakeUser
) -> dict[str, Any]:
    """An interaction from `user` in their DM with the bot."""
    # One DM channel per user, as on Discord.
    dm_channel = dm_channel_id(user.id)
    return {
        **interaction_payload(interaction_id, kind, data, "en-US"),
        "user": user.payload(),
        "channel_id": str(dm_channel),
        "channel": {"id": str(dm_channel), "type": 1, "recipients": [user.payload()]},
        "app_permissions": str(BOT_PERMISSIONS.value),
        "authorizing_integration_owners": {"0": str(user.id)},
        "context": 1,
    }
