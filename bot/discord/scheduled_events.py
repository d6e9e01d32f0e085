"""Guild scheduled events over discord.py's own HTTP client, where discord.py 2.7 falls short.

Every request goes through `HTTPClient.request` with a `discord.http.Route`, so rate limits,
retries and errors are handled as for every other request the bot sends. What 2.7 lacks:

* `Guild.create_scheduled_event` / `ScheduledEvent.edit` cannot carry a recurrence rule:
  `HTTPClient.create_guild_scheduled_event` and `edit_scheduled_event` keep only the keys
  they know and silently drop `recurrence_rule`. Upstream: Rapptz/discord.py PR #9685
  ("Guild Scheduled Event Recurrence", open; it resolves issue #10114); this module's create
  and edit can go once a release has it.
* `ScheduledEvent.users()` pages the wrong way past 100 users: Discord lists interested users
  in ascending user id, but its `after` strategy continues from the page's *first* id and its
  `before` strategy from the page's *last* one, so the second page repeats the first. No
  upstream issue was found for it.
* `on_scheduled_event_user_add` is dispatched only for a user already in the client's cache
  (state.py discards the event otherwise), which needs the privileged members intent.

So interested users are read with the REST list, paged by `after` from the last member a
page holds whole (see `interested_user_ids`), at the heads-up moment and again until the
start: no privileged intent, nothing cached, and the same answer after a restart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord.http import HTTPClient, Route

from bot.core.session_events import (
    EventGone,
    EventsForbidden,
    Frequency,
    Interest,
    OccurrenceChange,
    PublishedEvent,
    SessionEvent,
    WeeklyRule,
    interested_in,
)
from bot.discord.failures import retried_later

if TYPE_CHECKING:
    from bot.actions.send_budget import SendBudget

Turn = Callable[[], Awaitable[None]]


async def _at_once() -> None:
    """No wait: a command's own requests are not paced."""


# Discord's GuildScheduledEventPrivacyLevels and GuildScheduledEventEntityTypes.
PRIVACY_GUILD_ONLY = 2
ENTITY_EXTERNAL = 3
# The users list's largest page.
USERS_PAGE = 100
UNKNOWN_EVENT = 10070
MISSING_PERMISSIONS = 50013

EVENTS = "/guilds/{guild_id}/scheduled-events"
EVENT = "/guilds/{guild_id}/scheduled-events/{event_id}"
USERS = "/guilds/{guild_id}/scheduled-events/{event_id}/users"
EXCEPTIONS = "/guilds/{guild_id}/scheduled-events/{event_id}/exceptions"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def rule_body(rule: WeeklyRule) -> dict[str, Any]:
    return {
        "start": _iso(rule.start),
        "frequency": int(rule.frequency),
        "interval": rule.interval,
        "by_weekday": [rule.weekday],
    }


def event_body(event: SessionEvent) -> dict[str, Any]:
    """The JSON of an external, guild-only, weekly event."""
    return {
        "name": event.name,
        "description": event.description,
        "privacy_level": PRIVACY_GUILD_ONLY,
        "entity_type": ENTITY_EXTERNAL,
        "entity_metadata": {"location": event.location},
        **move_body(event),
    }


def move_body(event: SessionEvent) -> dict[str, Any]:
    """The JSON of a move to `event`'s times: only they change, so whatever else an admin
    set by hand that the bot does not compare (the description, a cover image) stays."""
    return {
        "scheduled_start_time": _iso(event.start),
        "scheduled_end_time": _iso(event.end),
        "recurrence_rule": rule_body(event.rule),
    }


def _published(data: dict[str, Any]) -> PublishedEvent:
    metadata = data.get("entity_metadata") or {}
    rule = data.get("recurrence_rule") or {}
    return PublishedEvent(
        id=int(data["id"]),
        name=data["name"],
        location=metadata.get("location"),
        start=datetime.fromisoformat(data["scheduled_start_time"]),
        end=_moment(data.get("scheduled_end_time")),
        rule_start=_moment(rule.get("start")),
        status=int(data["status"]),
        interested=data.get("user_count"),
        changes=_changes(data.get("guild_scheduled_event_exceptions") or ()),
        weekly=_weekly(data.get("recurrence_rule")),
    )


# The fields of a recurrence rule that the bot's weekly rule leaves out (Discord answers them
# as null; an empty list would say the same).
_OTHER_RULE_FIELDS = ("end", "by_n_weekday", "by_month", "by_month_day", "by_year_day", "count")


def _weekly(rule: dict[str, Any] | None) -> bool:
    """Whether Discord's recurrence rule is the shape of the bot's (`rule_body`): weekly, every
    week, on one day. A change of its day moves the event's start, which `_by_hand` sees."""
    return (
        rule is not None
        and rule.get("frequency") == int(Frequency.WEEKLY)
        and rule.get("interval") in (1, None)
        and len(rule.get("by_weekday") or ()) == 1
        and not any(rule.get(key) for key in _OTHER_RULE_FIELDS)
    )


def _occurrence(exception_id: str | int) -> datetime:
    """The occurrence's start by the rule that an exception's id (an occurrence's answer's
    too) stands for: the id is a snowflake made of that start."""
    return discord.utils.snowflake_time(int(exception_id))


def _changes(exceptions: Iterable[dict[str, Any]]) -> tuple[OccurrenceChange, ...]:
    """The event's changes to single occurrences, less those that change nothing (Discord
    keeps the exception of an occurrence cancelled and then restored in its client): such a
    one shows the occurrence as the rule has it, and Discord refuses to create it again after
    the bot's move (180005: it needs `is_canceled` or a time)."""
    changes = (_change(exception) for exception in exceptions)
    return tuple(c for c in changes if c.canceled or c.start is not None or c.end is not None)


def _change(data: dict[str, Any]) -> OccurrenceChange:
    return OccurrenceChange(
        original=_occurrence(data["event_exception_id"]),
        start=_moment(data.get("scheduled_start_time")),
        end=_moment(data.get("scheduled_end_time")),
        canceled=bool(data.get("is_canceled")),
    )


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


async def _send(http: HTTPClient, route: Route, **kwargs: Any) -> Any:
    """One request; Discord's refusals become the errors the callers know."""
    with retried_later(http):
        try:
            return await http.request(route, **kwargs)
        except discord.Forbidden as exc:
            if exc.code == MISSING_PERMISSIONS:
                raise EventsForbidden(exc.text) from exc
            raise
        except discord.NotFound as exc:
            if exc.code == UNKNOWN_EVENT:
                raise EventGone(exc.text) from exc
            raise


async def create_event(
    http: HTTPClient, guild_id: int, event: SessionEvent, *, reason: str | None = None
) -> int:
    """Publish `event`; returns its id."""
    route = Route("POST", EVENTS, guild_id=guild_id)
    data = await _send(http, route, json=event_body(event), reason=reason)
    return int(data["id"])


async def move_event(
    http: HTTPClient, guild_id: int, event_id: int, event: SessionEvent
) -> PublishedEvent:
    """Move the event to `event`'s start, end and weekly rule (the session's next local start)."""
    route = Route("PATCH", EVENT, guild_id=guild_id, event_id=event_id)
    return _published(await _send(http, route, json=move_body(event)))


async def create_exception(
    http: HTTPClient, guild_id: int, event_id: int, change: OccurrenceChange
) -> None:
    """Cancel or move one occurrence of the event (Discord's event exception, keyed by the
    occurrence's start by the rule; one already there for it is overwritten)."""
    route = Route("POST", EXCEPTIONS, guild_id=guild_id, event_id=event_id)
    body: dict[str, Any] = {"original_scheduled_start_time": _iso(change.original)}
    if change.canceled:
        body["is_canceled"] = True
    if change.start is not None:
        body["scheduled_start_time"] = _iso(change.start)
    if change.end is not None:
        body["scheduled_end_time"] = _iso(change.end)
    await _send(http, route, json=body)


async def delete_event(http: HTTPClient, guild_id: int, event_id: int) -> None:
    """Delete the event; one already gone counts as deleted."""
    try:
        await _send(http, Route("DELETE", EVENT, guild_id=guild_id, event_id=event_id))
    except EventGone:
        return


async def get_event(http: HTTPClient, guild_id: int, event_id: int) -> PublishedEvent:
    """The event as Discord has it now, with its interested count; `EventGone` after a 404."""
    route = Route("GET", EVENT, guild_id=guild_id, event_id=event_id)
    return _published(await _send(http, route, params={"with_user_count": "true"}))


async def count_events(http: HTTPClient, guild_id: int) -> int:
    """How many events the guild holds now (Discord lists the scheduled and active ones)."""
    data = await _send(http, Route("GET", EVENTS, guild_id=guild_id))
    return len(data)


async def interested_user_ids(
    http: HTTPClient,
    guild_id: int,
    event_id: int,
    occurrence: datetime,
    *,
    turn: Turn = _at_once,
) -> list[int]:
    """Everyone interested in the occurrence starting by the event's rule at `occurrence`,
    ascending by id, bots left out (`interested_in`: an answer for that one occurrence wins
    over one for the series; answers for other occurrences do not count), and those who
    left the server since they answered left out too (no `member` with `with_member`).

    Discord returns the list in ascending user id, a member's answers for the series and for
    single occurrences side by side; each page asks for the users `after` the last member it
    holds whole, until a page comes back short: the page's highest id may have answers that
    go on in the next page, so that member is read again (their answer for the occurrence
    past a page of 100 would be lost), unless the page holds nobody else. (discord.py's
    `users()` continues from the wrong end of the page; see the module's docstring.) Each
    page waits for `turn`.
    """
    route = Route("GET", USERS, guild_id=guild_id, event_id=event_id)
    answers: list[Interest] = []
    after = 0
    while True:
        params = {"limit": USERS_PAGE, "with_member": "true", "after": str(after)}
        await turn()
        # Discord's spec allows null for a list with nobody on it.
        page = await _send(http, route, params=params) or []
        answers.extend(_answer(entry) for entry in page if _a_member(entry))
        if len(page) < USERS_PAGE:
            return interested_in(answers, occurrence)
        ids = {_user_id(entry) for entry in page}
        after = max(ids - {max(ids)}, default=max(ids))


def _answer(entry: dict[str, Any]) -> Interest:
    # Discord's GuildScheduledEventUserResponses: 1 interested, 0 not (for one occurrence).
    occurrence = entry.get("guild_scheduled_event_exception_id")
    return Interest(
        user_id=_user_id(entry),
        interested=entry.get("response", 1) == 1,
        occurrence=None if occurrence is None else _occurrence(occurrence),
    )


def _user_id(entry: dict[str, Any]) -> int:
    # `user_id` is always there; `user` is optional in Discord's description of the list.
    return int(entry.get("user_id") or entry["user"]["id"])


def _a_member(entry: dict[str, Any]) -> bool:
    """Whether the answer is a member's: not a bot's, nor a user's who left the server since
    (Discord keeps their answer, and gives `member` only for a member of the server)."""
    return entry.get("member") is not None and not (entry.get("user") or {}).get("bot")


class DiscordCalendar:
    """The server's scheduled events, as the actions' `Calendar`. With a `budget` (the timed
    work's: the daily post, heads-up reads) each request waits its turn in the process's share
    of Discord's global limit, as the posts and DMs do; a command's requests do not wait."""

    links = True

    def __init__(self, http: HTTPClient, budget: SendBudget | None = None) -> None:
        self._http = http
        self._turn: Turn = _at_once if budget is None else budget.take

    async def count(self, guild_id: int) -> int:
        await self._turn()
        return await count_events(self._http, guild_id)

    async def publish(self, guild_id: int, event: SessionEvent) -> int:
        await self._turn()
        return await create_event(self._http, guild_id, event, reason="/club session add")

    async def move(self, guild_id: int, event_id: int, event: SessionEvent) -> None:
        await self._turn()
        await move_event(self._http, guild_id, event_id, event)

    async def keep_change(self, guild_id: int, event_id: int, change: OccurrenceChange) -> None:
        await self._turn()
        await create_exception(self._http, guild_id, event_id, change)

    async def remove(self, guild_id: int, event_id: int) -> None:
        await self._turn()
        await delete_event(self._http, guild_id, event_id)

    async def read(self, guild_id: int, event_id: int) -> PublishedEvent:
        await self._turn()
        return await get_event(self._http, guild_id, event_id)

    async def interested(self, guild_id: int, event_id: int, occurrence: datetime) -> list[int]:
        return await interested_user_ids(
            self._http, guild_id, event_id, occurrence, turn=self._turn
        )
