"""Guild scheduled events as Discord keeps them: `FakeEvents` answers the routes for
`FakeDiscord`, stateful, and checks every request against `event_schema` (the spec's request
shapes) and Discord's limitations on recurrence rules.

What a test can do besides: `mark_interested(event_id, *user_ids)` (members pressing
"Interested"), `delete_by_hand` / `edit_by_hand` (an admin in the Discord client),
`deny(guild_id)` (the bot lost Create Events and Manage Events there), `leave_server(guild_id,
user_id)` (a member left: their answers stay on the lists, without member data).

Time passes as on Discord (`advance`, before each answer): an external event is ACTIVE from its
start, and at its end a weekly one shows its next occurrence, a one-off is COMPLETED.

A request that breaks the spec gets Discord's 400 (50035) and is kept in `violations`, which
the harness asserts empty when it closes: such a test fails even if the bot copes with the 400.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import discord

from tests.discord.harness.capture import RecordedRequest
from tests.discord.harness.clock import FakeClock
from tests.discord.harness.event_schema import (
    EXCEPTION_CREATE,
    EXTERNAL_CREATE,
    EXTERNAL_PATCH,
    GET_EVENT_QUERY,
    LIST_EVENTS_QUERY,
    LIST_USERS_QUERY,
    query_violations,
    recurrence_limitations,
    violations,
)
from tests.discord.harness.fake_http import JSON_NULL
from tests.discord.harness.payloads import BOT_USER

Answer = tuple[int, Any]
Handler = Callable[..., Answer]

GUILD_EVENTS_MAX = 100
SCHEDULED, ACTIVE, COMPLETED = 1, 2, 3
WEEKLY = 2
UNKNOWN_EVENT = {"message": "Unknown Guild Scheduled Event", "code": 10070}
MISSING_PERMISSIONS = {"message": "Missing Permissions", "code": 50013}
# An exception needs at least one of these, or Discord refuses it with 180005 (the code is
# documented by discord-userdoccers' Create Guild Scheduled Event Exception, not the text).
EXCEPTION_CHANGES = ("is_canceled", "scheduled_start_time", "scheduled_end_time")
NOTHING_CHANGED = {"message": "Invalid Guild Scheduled Event Exception", "code": 180005}
RULE_KEYS = (
    "start",
    "end",
    "frequency",
    "interval",
    "by_weekday",
    "by_n_weekday",
    "by_month",
    "by_month_day",
    "by_year_day",
    "count",
)


def _invalid(errors: list[str]) -> Answer:
    return 400, {
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": {"_errors": [{"code": "INVALID", "message": e} for e in errors]},
    }


def _exception_id(original: datetime) -> str:
    """Discord's id of one occurrence: a snowflake made of its start by the rule."""
    return str(discord.utils.time_snowflake(original))


def _an_occurrence(event: dict[str, Any], original: datetime) -> bool:
    """Whether `original` is an occurrence of the event's weekly rule: its start, or a whole
    number of its weeks after it. (The fake keeps no other rules' occurrences.)"""
    rule = event["recurrence_rule"]
    if rule is None or rule.get("frequency") != WEEKLY:
        return False
    step = timedelta(weeks=rule.get("interval") or 1)
    since = original - datetime.fromisoformat(rule["start"])
    return since >= timedelta(0) and since % step == timedelta(0)


def _truthy(text: str | None) -> bool:
    return text in ("true", "True", "1")


class FakeEvents:
    def __init__(self, clock: FakeClock, snowflake: Callable[[], int]) -> None:
        self.clock = clock
        self._snowflake = snowflake
        self.events: dict[int, dict[str, Any]] = {}
        self.interested: dict[int, set[int]] = {}
        # A member's answer for one occurrence, by event: (user id, its start by the rule).
        self.answers: dict[int, dict[tuple[int, datetime], bool]] = {}
        self.denied: set[int] = set()
        # (guild, user) of members who left the server: Discord keeps their answers.
        self.left: set[tuple[int, int]] = set()
        # An empty page of an event's users answered `null`, as Discord's spec allows.
        self.empty_users_null = False
        self.violations: list[str] = []

    def routes(self) -> list[tuple[str, str, Handler]]:
        events = r"/guilds/(\d+)/scheduled-events"
        one = events + r"/(\d+)"
        handlers: list[tuple[str, str, Handler]] = [
            ("POST", events, self._create),
            ("GET", events, self._list),
            ("GET", one, self._get),
            ("PATCH", one, self._edit),
            ("DELETE", one, self._delete),
            ("POST", one + "/exceptions", self._except),
            ("GET", one + "/users", self._users),
        ]
        return [(method, path, self._on_time(handler)) for method, path, handler in handlers]

    def _on_time(self, handler: Handler) -> Handler:
        """`handler`, answering as Discord would at the clock's time (`advance`)."""

        def answer(request: RecordedRequest, *ids: str) -> Answer:
            self.advance()
            return handler(request, *ids)

        return answer

    def advance(self) -> None:
        """What Discord does on its own as time passes (its "Guild Scheduled Event Status Update
        Automation"): an external event becomes ACTIVE at its start and ends at its end, a
        one-off COMPLETED; a weekly series then shows its next occurrence's times (by the rule,
        every `interval` weeks), SCHEDULED again. Other rules are not stepped here."""
        now = self.clock.now()
        for event in self.events.values():
            if event["status"] not in (SCHEDULED, ACTIVE) or event["scheduled_end_time"] is None:
                continue
            start = datetime.fromisoformat(event["scheduled_start_time"])
            end = datetime.fromisoformat(event["scheduled_end_time"])
            rule = event["recurrence_rule"]
            if now >= end and (rule is None or rule.get("frequency") != WEEKLY):
                event["status"] = COMPLETED
                continue
            step = timedelta(weeks=(rule or {}).get("interval") or 1)
            while now >= end:
                start, end = start + step, end + step
            event["scheduled_start_time"] = start.isoformat()
            event["scheduled_end_time"] = end.isoformat()
            event["status"] = ACTIVE if now >= start else SCHEDULED

    # -- what happens in the Discord client -------------------------------------------------

    def mark_interested(self, event_id: int, *user_ids: int) -> None:
        self.interested.setdefault(event_id, set()).update(user_ids)

    def unmark_interested(self, event_id: int, *user_ids: int) -> None:
        self.interested.get(event_id, set()).difference_update(user_ids)

    def leave_server(self, guild_id: int, user_id: int) -> None:
        """A member leaves the server: Discord keeps them on its events' lists of users, and
        `with_member` gives them no member data ("if any")."""
        self.left.add((guild_id, user_id))

    def answer_occurrence(
        self, event_id: int, original: datetime, user_id: int, *, interested: bool
    ) -> None:
        """A member says "Interested" or not for the one occurrence starting by the rule at
        `original` (the series' answer stands for the others)."""
        self.answers.setdefault(event_id, {})[user_id, original] = interested

    def change_occurrence_by_hand(
        self,
        event_id: int,
        original: datetime,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        canceled: bool = False,
    ) -> None:
        """An admin cancels or moves the one occurrence starting by the rule at `original`
        (Discord's event exception, keyed by a snowflake of that start)."""
        self.events[event_id]["guild_scheduled_event_exceptions"].append(
            {
                "event_id": str(event_id),
                "event_exception_id": _exception_id(original),
                "scheduled_start_time": None if start is None else start.isoformat(),
                "scheduled_end_time": None if end is None else end.isoformat(),
                "is_canceled": canceled,
            }
        )

    def delete_by_hand(self, event_id: int) -> None:
        del self.events[event_id]
        self.interested.pop(event_id, None)

    def edit_by_hand(self, event_id: int, **changes: Any) -> None:
        self.events[event_id].update(changes)

    def deny(self, guild_id: int) -> None:
        """The bot has neither Create Events nor Manage Events in `guild_id` any more."""
        self.denied.add(guild_id)

    def in_guild(self, guild_id: int) -> list[dict[str, Any]]:
        """The guild's events as Discord has them at the clock's time, in every status."""
        self.advance()
        return [e for e in self.events.values() if e["guild_id"] == str(guild_id)]

    # -- checks ---------------------------------------------------------------------------

    def _check_body(self, request: RecordedRequest, *, create: bool) -> list[str]:
        body = request.json
        errors = violations(EXTERNAL_CREATE if create else EXTERNAL_PATCH, body)
        if isinstance(body, dict) and isinstance(body.get("recurrence_rule"), dict):
            start = body.get("scheduled_start_time")
            errors += recurrence_limitations(body["recurrence_rule"], start)
        if errors:
            self.violations += [f"{request.method} {request.path}: {e}" for e in errors]
        return errors

    def _check_query(self, request: RecordedRequest, shape: Any) -> list[str]:
        errors = query_violations(shape, request.params)
        self.violations += [f"{request.method} {request.path}: {e}" for e in errors]
        return errors

    def _found(self, guild_id: str, event_id: str) -> dict[str, Any] | None:
        event = self.events.get(int(event_id))
        return event if event is not None and event["guild_id"] == guild_id else None

    def _shown(self, event: dict[str, Any], *, with_count: bool) -> dict[str, Any]:
        shown = dict(event)
        if with_count:
            shown["user_count"] = len(self.interested.get(int(event["id"]), ()))
        return shown

    # -- routes ---------------------------------------------------------------------------

    def _create(self, request: RecordedRequest, guild_id: str) -> Answer:
        if int(guild_id) in self.denied:
            return 403, MISSING_PERMISSIONS
        errors = self._check_body(request, create=True)
        if errors:
            return _invalid(errors)
        body = request.json
        if body.get("scheduled_end_time") is None:
            # Discord's field requirements by entity type: an EXTERNAL event needs an end.
            self.violations.append(f"POST {request.path}: an external event without an end")
            return _invalid(["scheduled_end_time: required for an EXTERNAL event"])
        start = datetime.fromisoformat(body["scheduled_start_time"])
        if start <= self.clock.now():
            return _invalid(["scheduled_start_time: Cannot schedule event in the past."])
        live = [e for e in self.in_guild(int(guild_id)) if e["status"] in (SCHEDULED, ACTIVE)]
        if len(live) >= GUILD_EVENTS_MAX:
            return 400, {"message": "Maximum number of guild scheduled events reached"}
        event_id = self._snowflake()
        # "Creating an event will automatically add you as a subscriber" (discord-userdoccers).
        self.interested[event_id] = {BOT_USER.id}
        rule = body.get("recurrence_rule")
        self.events[event_id] = {
            "id": str(event_id),
            "guild_id": guild_id,
            "channel_id": None,
            "creator_id": str(BOT_USER.id),
            "creator": BOT_USER.payload(),
            "name": body["name"],
            "description": body.get("description"),
            "image": None,
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "status": SCHEDULED,
            "entity_type": body["entity_type"],
            "entity_id": None,
            "entity_metadata": body["entity_metadata"],
            "privacy_level": body["privacy_level"],
            "recurrence_rule": None if rule is None else {k: rule.get(k) for k in RULE_KEYS},
            "guild_scheduled_event_exceptions": [],
        }
        return 200, self._shown(self.events[event_id], with_count=False)

    def _list(self, request: RecordedRequest, guild_id: str) -> Answer:
        self._check_query(request, LIST_EVENTS_QUERY)
        with_count = _truthy(request.params.get("with_user_count"))
        # Discord lists the SCHEDULED and ACTIVE events only (discord-userdoccers).
        return 200, [
            self._shown(e, with_count=with_count)
            for e in self.in_guild(int(guild_id))
            if e["status"] in (SCHEDULED, ACTIVE)
        ]

    def _get(self, request: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        self._check_query(request, GET_EVENT_QUERY)
        event = self._found(guild_id, event_id)
        if event is None:
            return 404, UNKNOWN_EVENT
        return 200, self._shown(event, with_count=_truthy(request.params.get("with_user_count")))

    def _edit(self, request: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        if int(guild_id) in self.denied:
            return 403, MISSING_PERMISSIONS
        event = self._found(guild_id, event_id)
        if event is None:
            return 404, UNKNOWN_EVENT
        errors = self._check_body(request, create=False)
        if errors:
            return _invalid(errors)
        body = dict(request.json)
        if "recurrence_rule" in body:
            # Discord drops the changes to single occurrences with a new rule (its answer's
            # list comes back empty: discord/discord-api-docs issue #8420).
            event["guild_scheduled_event_exceptions"] = []
        rule = body.pop("recurrence_rule", event["recurrence_rule"])
        event.update(body)
        event["recurrence_rule"] = None if rule is None else {k: rule.get(k) for k in RULE_KEYS}
        return 200, self._shown(event, with_count=False)

    def _except(self, request: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        if int(guild_id) in self.denied:
            return 403, MISSING_PERMISSIONS
        event = self._found(guild_id, event_id)
        if event is None:
            return 404, UNKNOWN_EVENT
        errors = violations(EXCEPTION_CREATE, request.json)
        if errors:
            self.violations += [f"POST {request.path}: {e}" for e in errors]
            return _invalid(errors)
        body = request.json
        original = datetime.fromisoformat(body["original_scheduled_start_time"])
        if not _an_occurrence(event, original):
            # The spec: "the original start time of the occurrence to create an exception for".
            self.violations.append(f"POST {request.path}: {original} is no occurrence of the rule")
            return _invalid(["original_scheduled_start_time: not an occurrence of the event"])
        if all(body.get(key) is None for key in EXCEPTION_CHANGES):
            self.violations.append(f"POST {request.path}: an exception that changes nothing")
            return 400, NOTHING_CHANGED
        exception = {
            "event_id": event_id,
            "event_exception_id": _exception_id(original),
            "scheduled_start_time": body.get("scheduled_start_time"),
            "scheduled_end_time": body.get("scheduled_end_time"),
            "is_canceled": bool(body.get("is_canceled")),
        }
        # One for the same occurrence is overwritten whole.
        kept = [
            e
            for e in event["guild_scheduled_event_exceptions"]
            if e["event_exception_id"] != exception["event_exception_id"]
        ]
        event["guild_scheduled_event_exceptions"] = [*kept, exception]
        return 200, exception

    def _delete(self, request: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        if int(guild_id) in self.denied:
            return 403, MISSING_PERMISSIONS
        if self._found(guild_id, event_id) is None:
            return 404, UNKNOWN_EVENT
        self.delete_by_hand(int(event_id))
        return 204, None

    def _users(self, request: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        errors = self._check_query(request, LIST_USERS_QUERY)
        if errors:
            return _invalid(errors)
        if self._found(guild_id, event_id) is None:
            return 404, UNKNOWN_EVENT
        limit = int(request.params.get("limit", "100"))
        # Each member's answer for the series, then those for single occurrences; ascending by
        # user id, as Discord lists them (with both cursors only `before` counts).
        entries: list[tuple[int, datetime | None, bool]] = [
            (user_id, None, True) for user_id in self.interested.get(int(event_id), ())
        ]
        entries += [
            (user_id, original, interested)
            for (user_id, original), interested in self.answers.get(int(event_id), {}).items()
        ]
        entries.sort(key=lambda e: e[0])
        if "before" in request.params:
            before = int(request.params["before"])
            page = [e for e in entries if e[0] < before][-limit:]
        else:
            after = int(request.params.get("after", "0"))
            page = [e for e in entries if e[0] > after][:limit]
        with_member = _truthy(request.params.get("with_member"))
        if not page and self.empty_users_null:
            return 200, JSON_NULL
        return 200, [
            self._user_entry(
                event_id, *entry, with_member and (int(guild_id), entry[0]) not in self.left
            )
            for entry in page
        ]

    def _user_entry(
        self,
        event_id: str,
        user_id: int,
        original: datetime | None,
        interested: bool,
        with_member: bool,
    ) -> dict[str, Any]:
        user = {
            "id": str(user_id),
            "username": f"user{user_id}",
            "discriminator": "0",
            "avatar": None,
            "global_name": None,
        }
        if user_id == BOT_USER.id:
            user = BOT_USER.payload()
        entry: dict[str, Any] = {
            "guild_scheduled_event_id": event_id,
            "user_id": str(user_id),
            "user": user,
            "response": 1 if interested else 0,
        }
        if original is not None:
            entry["guild_scheduled_event_exception_id"] = _exception_id(original)
        if with_member:
            entry["member"] = {
                "user": user,
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        return entry
