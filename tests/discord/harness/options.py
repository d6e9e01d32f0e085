"""The `data` of a command or autocomplete interaction, built from the registered command JSON
the way a Discord client builds it, refusing what a real client would never send: unknown or
missing options, wrong types, values outside the registered ranges, lengths or choices.

`raw=True` skips the refusals so a test can reach the bot's own guards. `check_choices` holds
an autocomplete answer to Discord's limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from tests.discord.harness.capture import Result
from tests.discord.harness.clock import FakeClock
from tests.discord.harness.errors import HarnessError
from tests.discord.harness.fake_discord import FakeDiscord
from tests.discord.harness.payloads import (
    MEMBER_PERMISSIONS,
    FakeAttachment,
    FakeChannel,
    FakeGuild,
    FakeUser,
    iso,
)

# Option types of the application-command JSON.
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
_MAX_SAFE_INT = 2**53


def command_data(
    command: str,
    options: Mapping[str, Any],
    *,
    spec: Mapping[str, Any],
    command_id: int,
    scope: int | None,
    raw: bool,
    focused: str | None,
    guild: FakeGuild | None,
    members: Mapping[int, Sequence[FakeUser]],
    clock: FakeClock,
    cdn: FakeDiscord | None = None,
) -> dict[str, Any]:
    """`data` for `command` ("club reminder set" for subcommands) with `options`.

    `spec` is the registered JSON of the top-level command, `command_id` its id as synced,
    `scope` the guild it was synced to (None: global); `members` and `clock` resolve user
    options to guild members."""
    path = command.split()
    if not raw and guild is not None and 0 not in (spec.get("contexts") or [0, 1, 2]):
        raise HarnessError(f"/{path[0]} is not offered in guilds")
    data: dict[str, Any] = {
        "id": str(command_id),
        "name": path[0],
        "type": 1,
    }
    if scope is not None:
        data["guild_id"] = str(scope)
    resolved: dict[str, dict[str, Any]] = {}
    container = data
    for depth, name in enumerate(path[1:], start=1):
        sub = next((o for o in spec.get("options", []) if o["name"] == name), None)
        if sub is None or sub["type"] not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            raise HarnessError(f"/{' '.join(path[:depth])} has no subcommand {name!r}")
        node: dict[str, Any] = {"name": name, "type": sub["type"], "options": []}
        container.setdefault("options", []).append(node)
        container, spec = node, sub
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in spec.get("options", [])):
        raise HarnessError(f"/{command} needs a subcommand")
    built = _build_options(
        spec,
        options,
        raw=raw,
        focused=focused,
        resolved=resolved,
        guild=guild,
        members=members,
        clock=clock,
        cdn=cdn,
    )
    if built or "options" in container or container is data:
        container["options"] = built
    if resolved:
        data["resolved"] = resolved
    return data


def _build_options(
    spec: Mapping[str, Any],
    given: Mapping[str, Any],
    *,
    raw: bool,
    focused: str | None,
    resolved: dict[str, dict[str, Any]],
    guild: FakeGuild | None,
    members: Mapping[int, Sequence[FakeUser]],
    clock: FakeClock,
    cdn: FakeDiscord | None,
) -> list[dict[str, Any]]:
    known = {o["name"]: o for o in spec.get("options", [])}
    out: list[dict[str, Any]] = []
    if not raw:
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise HarnessError(
                f"/{spec['name']} has no option(s) {unknown}; it has {sorted(known)}"
            )
        if focused is None:
            missing = [n for n, o in known.items() if o.get("required") and n not in given]
            if missing:
                raise HarnessError(f"/{spec['name']}: required option(s) {missing} missing")
        elif focused not in given:
            raise HarnessError(f"focused option {focused!r} not given")
        elif not known[focused].get("autocomplete"):
            raise HarnessError(f"option {focused!r} of /{spec['name']} has no autocomplete")
    # Options in registration order, then unknown ones (raw) in the order given.
    names = [n for n in known if n in given] + [n for n in given if n not in known]
    for name in names:
        value = given[name]
        option_spec = known.get(name, {"type": STRING, "name": name})
        kind = option_spec["type"]
        is_focused = name == focused
        if is_focused:
            # The client sends whatever has been typed so far, as text.
            entry = {"name": name, "type": kind, "value": str(value), "focused": True}
        else:
            if not raw:
                _validate(option_spec, value)
            entry = {
                "name": name,
                "type": kind,
                "value": _wire_value(kind, value, resolved, guild, members, clock, cdn),
            }
        out.append(entry)
    return out


def _validate(spec: Mapping[str, Any], value: Any) -> None:
    name, kind = spec["name"], spec["type"]

    def refuse(why: str) -> HarnessError:
        return HarnessError(f"Discord would refuse option {name!r}={value!r}: {why}")

    if kind == STRING:
        if not isinstance(value, str):
            raise refuse("not a string")
        if "min_length" in spec and len(value) < spec["min_length"]:
            raise refuse(f"shorter than {spec['min_length']}")
        if "max_length" in spec and len(value) > spec["max_length"]:
            raise refuse(f"longer than {spec['max_length']}")
    elif kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse("not an integer")
        if abs(value) > _MAX_SAFE_INT:
            raise refuse("outside the safe integer range")
    elif kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise refuse("not a number")
    elif kind == BOOLEAN:
        if not isinstance(value, bool):
            raise refuse("not a boolean")
    elif kind in (USER, MENTIONABLE):
        if not isinstance(value, FakeUser):
            raise refuse("pass a FakeUser")
    elif kind == CHANNEL:
        if not isinstance(value, FakeChannel):
            raise refuse("pass a FakeChannel")
    elif kind == ATTACHMENT:
        if not isinstance(value, FakeAttachment):
            raise refuse("pass a FakeAttachment")
    elif kind == ROLE:
        raise HarnessError(f"option type {kind} is not supported by the harness yet")
    if kind in (INTEGER, NUMBER):
        if spec.get("min_value") is not None and value < spec["min_value"]:
            raise refuse(f"below min_value {spec['min_value']}")
        if spec.get("max_value") is not None and value > spec["max_value"]:
            raise refuse(f"above max_value {spec['max_value']}")
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise refuse(f"not one of the choices {[c['value'] for c in choices]}")


def _wire_value(
    kind: int,
    value: Any,
    resolved: dict[str, dict[str, Any]],
    guild: FakeGuild | None,
    members: Mapping[int, Sequence[FakeUser]],
    clock: FakeClock,
    cdn: FakeDiscord | None = None,
) -> Any:
    if isinstance(value, FakeUser):
        resolved.setdefault("users", {})[str(value.id)] = value.payload()
        if guild is not None and value in members.get(guild.id, []):
            resolved.setdefault("members", {})[str(value.id)] = {
                "roles": [],
                "joined_at": iso(clock.now() - timedelta(days=30)),
                "flags": 0,
                "permissions": str(MEMBER_PERMISSIONS.value),
                "nick": None,
                "avatar": None,
                "premium_since": None,
                "pending": False,
            }
        return str(value.id)
    if isinstance(value, FakeAttachment):
        # The option's value is the attachment's id; its metadata sits in `resolved`, its
        # bytes on the CDN (registered by the harness from `resolved`).
        if cdn is None:
            raise HarnessError("an attachment option needs the fake CDN to serve its bytes")
        attachment_id = cdn.snowflake()
        channel_id = guild.channel.id if guild is not None else 0
        payload = value.payload(attachment_id, channel_id)
        resolved.setdefault("attachments", {})[str(attachment_id)] = payload
        cdn.serve_file(payload["url"], value.data)
        return str(attachment_id)
    if isinstance(value, FakeChannel) and guild is not None:
        resolved.setdefault("channels", {})[str(value.id)] = {
            "id": str(value.id),
            "name": value.name,
            "type": value.type,
            "permissions": str(MEMBER_PERMISSIONS.value),
        }
        return str(value.id)
    return value


def check_choices(result: Result) -> None:
    choices = result.choices
    if len(choices) > 25:
        raise HarnessError(f"{len(choices)} autocomplete choices; Discord allows 25")
    for choice in choices:
        name, value = choice.get("name", ""), choice.get("value")
        if not 1 <= len(name) <= 100:
            raise HarnessError(f"autocomplete choice name of {len(name)} characters: {name!r}")
        if isinstance(value, str) and len(value) > 100:
            raise HarnessError(f"autocomplete choice value over 100 characters: {value!r}")
