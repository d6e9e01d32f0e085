"""The daily club post: what it says (gathered from the store) and when it goes out.

`Reminders.tick(now)` is the whole loop body: for every club whose post is on, it asks the pure
`due_post` what to do, claims the date in the store, sends through a `PostSender` and records
the outcome. Each club runs in its own try/except, so one broken club never stops the others,
and nothing here holds state between ticks: a restart is a new `Reminders` over the same store.

Why the claim comes first: a crash can always fall between an HTTP send and the write that
records it. Claiming the date ("sending", committed) before the send means such a crash leaves a
claim behind, which the next tick resolves as "sent, unknown" and never sends again: a missing
post is a smaller harm than a double one. Discord's message nonce (the same for every attempt at
one club's date) also stops a retry after an ambiguous network error from posting twice, within
the few minutes Discord remembers nonces.

No discord import: the Discord sender (bot/discord/cogs/daily_post.py) turns discord.py's
errors into
`ChannelUnavailable` (403/404: failed for that day, counted, pauses after three days in a row)
and `TemporaryFailure` (429, 5xx, network: retried the same day after a backoff).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.actions.context import club_zone
from bot.config import Settings
from bot.core.clubpost import ClubPost, build_club_post, data_window
from bot.core.clubweek import ClubWeek, build_club_week
from bot.core.leaderboard import week_of
from bot.core.models import Tip, Units
from bot.core.races import MemberRace
from bot.core.schedule import (
    Action,
    ClubReminder,
    DailySchedule,
    PostRecord,
    Slot,
    due_post,
    retry_delay,
)
from bot.core.shards import owns_everything
from bot.core.tips import tip_of_the_day
from bot.core.when import at_local
from bot.render.club import club_post_reply
from bot.render.reply import Reply
from bot.render.week import club_week_field, racing_field
from bot.store import Store, StoreUnavailable

log = logging.getLogger(__name__)

# Well below bot.core.schedule.CLAIM_STALE_AFTER, so a claim of this process is never taken
# for an abandoned one while its send is still running.
SEND_TIMEOUT = timedelta(seconds=90)
# A tick resolves at most this many record-only steps (stale claim, give up) before it posts.
_MAX_STEPS = 4
_NONCE_LENGTH = 25  # Discord's limit for a message nonce
# Posts in flight at once: enough that a slow channel holds nobody up, few enough to stay far
# below Discord's 50 requests a second.
CONCURRENT_CLUBS = 8


class ChannelUnavailable(Exception):
    """The channel refused the post for good: deleted (404) or permission removed (403)."""


class TemporaryFailure(Exception):
    """Worth another try later the same day: rate limited, a Discord outage, the network."""


class PostSender(Protocol):
    async def send(self, guild_id: int, channel_id: int, reply: Reply, *, nonce: str) -> int:
        """Send the post with its button; returns the message id."""
        ...


class Outcome(StrEnum):
    NOTHING = "nothing"
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"


def post_nonce(guild_id: int, day: date) -> str:
    """The same nonce for every attempt at one club's post for one date."""
    digest = hashlib.sha256(f"runclub-post:{guild_id}:{day.isoformat()}".encode()).hexdigest()
    return digest[:_NONCE_LENGTH]


async def todays_tip(store: Store, guild_id: int, day: date) -> Tip:
    """The tip for `day`: rotating, and never the one the club's previous post carried."""
    return tip_of_the_day(day, await store.posts.previous_tip(guild_id, day))


async def gather_club_post(
    store: Store,
    settings: Settings,
    guild_id: int,
    *,
    day: date,
    at: datetime,
    timezone: ZoneInfo,
    tip: Tip,
) -> ClubPost:
    """Everything the post for `day` says, as it reads at `at`: one sessions query, one
    club-wide leg-day query, and the pure core."""
    rules = settings.advice
    sessions = await store.club_sessions.for_club(guild_id)
    start, end = data_window(day, at, timezone, sessions, rules)
    return build_club_post(
        day=day,
        at=at,
        timezone=timezone,
        sessions=sessions,
        members=await store.clubs.member_leg_days(guild_id, start, end),
        rules=rules,
        tip=tip,
    )


# Issue 12: the post names listed members racing this soon (days after the post's date).
RACING_DAYS = 7


async def gather_week_extras(
    store: Store, settings: Settings, guild_id: int, *, day: date, timezone: ZoneInfo
) -> tuple[ClubWeek | None, list[MemberRace]]:
    """The post's training-week additions: on a Monday (the club's first post of its week, in
    the post's zone) last week's block, from one club-wide read of both kinds of entry; and
    the club's races of the next RACING_DAYS days, one query."""
    races = await store.races.club_between(guild_id, day, day + timedelta(days=RACING_DAYS))
    if day.weekday() != 0:
        return None, races
    rules = settings.advice
    last_week = week_of(at_local(day - timedelta(days=7), time(12), timezone), timezone)
    members = await store.training.club_entries_between(
        guild_id, last_week.start - rules.window, last_week.end
    )
    return build_club_week(members, last_week, timezone, rules), races


def with_week_extras(
    reply: Reply, club_week: ClubWeek | None, races: list[MemberRace], day: date
) -> Reply:
    fields = [racing_field(races, day)]
    if club_week is not None:
        # The post is public: distances in km, the bot's default.
        fields.append(club_week_field(club_week, Units.KM))
    return reply.model_copy(
        update={"fields": (*reply.fields, *(f for f in fields if f is not None))}
    )


class Reminders:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        sender: PostSender,
        *,
        owns: Callable[[int], bool] = owns_everything,
    ) -> None:
        self._store = store
        self._settings = settings
        self._sender = sender
        # Which guilds this process posts for (bot.core.shards): every one unless sharded.
        self._owns = owns
        self._catch_up = timedelta(hours=settings.reminders.catch_up_hours)

    async def tick(self, now: datetime) -> dict[int, Outcome]:
        """Do whatever is due at `now` for every club; returns each club's outcome.

        Clubs go out side by side (a few at a time), so one slow channel, which may take up to
        SEND_TIMEOUT, does not hold back every club after it.
        """
        limit = asyncio.Semaphore(CONCURRENT_CLUBS)

        async def one(reminder: ClubReminder, latest: PostRecord | None) -> tuple[int, Outcome]:
            async with limit:
                try:
                    return reminder.guild_id, await self._run(reminder, latest, now)
                except StoreUnavailable as exc:
                    # Nothing was claimed (or it was, and the post is out): a later tick
                    # carries on from what the database holds.
                    log.warning(
                        "daily post for guild %s: %s; trying again on a later tick",
                        reminder.guild_id,
                        exc,
                    )
                    return reminder.guild_id, Outcome.ERROR
                except Exception:
                    log.exception(
                        "daily post for guild %s failed; the other clubs go on",
                        reminder.guild_id,
                    )
                    return reminder.guild_id, Outcome.ERROR

        work = [
            (reminder, latest)
            for reminder, latest in await self._store.clubs.active_with_latest_post()
            if self._owns(reminder.guild_id)
        ]
        return dict(await asyncio.gather(*(one(reminder, latest) for reminder, latest in work)))

    async def _run(self, reminder: ClubReminder, last: PostRecord | None, now: datetime) -> Outcome:
        guild_id = reminder.guild_id
        posts = self._store.posts
        schedule = reminder.schedule(club_zone(self._settings, reminder))
        for step in range(_MAX_STEPS):
            if step:
                # A record-only step changed the latest record; read it again.
                last = await posts.latest(guild_id)
            decision = due_post(now, schedule, last, catch_up=self._catch_up)
            day = decision.local_date
            if decision.action is Action.POST and decision.slot is not None:
                return await self._post(reminder, schedule, decision.slot, now)
            if decision.action is Action.SKIP and decision.slot is not None:
                await posts.skip(guild_id, decision.slot, reason=decision.why, now=now)
                log.warning(
                    "daily post for guild %s on %s skipped: the bot was down at its time"
                    " (%s) and is back more than %s later",
                    guild_id,
                    decision.slot.local_date,
                    decision.slot.at.isoformat(),
                    self._catch_up,
                )
                return Outcome.SKIPPED
            if decision.action is Action.RESOLVE_UNKNOWN and day is not None:
                await posts.resolve_unknown(guild_id, day, now=now)
                log.warning(
                    "daily post for guild %s on %s: a send was cut off (restart?); it may have"
                    " gone out, so it is not sent again",
                    guild_id,
                    day,
                )
                continue
            if decision.action is Action.GIVE_UP and day is not None:
                await posts.give_up(guild_id, day, now=now)
                log.warning("daily post for guild %s on %s: gave up retrying", guild_id, day)
                continue
            return Outcome.NOTHING
        return Outcome.NOTHING

    async def _post(
        self, reminder: ClubReminder, schedule: DailySchedule, slot: Slot, now: datetime
    ) -> Outcome:
        guild_id, day = reminder.guild_id, slot.local_date
        posts = self._store.posts
        tip = await todays_tip(self._store, guild_id, day)
        # Read everything before the claim: between the claim and the send nothing touches the
        # database, so losing it there cannot leave a claim for a post that never went out
        # (which would count as "sent, unknown" and lose the day). Before the claim, a lost
        # database just means the next tick tries again.
        post = await gather_club_post(
            self._store,
            self._settings,
            guild_id,
            day=day,
            at=now,
            timezone=schedule.timezone,
            tip=tip,
        )
        club_week, races = await gather_week_extras(
            self._store, self._settings, guild_id, day=day, timezone=schedule.timezone
        )
        attempt = await posts.claim(
            guild_id, slot, channel_id=reminder.channel_id, tip_id=tip.id, now=now
        )
        if attempt is None:
            return Outcome.NOTHING
        try:
            reply = with_week_extras(club_post_reply(post), club_week, races, day)
            async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                message_id = await self._sender.send(
                    guild_id, reminder.channel_id, reply, nonce=post_nonce(guild_id, day)
                )
        except ChannelUnavailable as exc:
            failed_days, paused = await posts.mark_failed(guild_id, day, error=str(exc), now=now)
            log.warning(
                "daily post for guild %s on %s refused by channel %s: %s (%d failed day(s) in"
                " a row)%s",
                guild_id,
                day,
                reminder.channel_id,
                exc,
                failed_days,
                "; the reminder is paused until an admin sets it again" if paused else "",
            )
            return Outcome.FAILED
        except (TemporaryFailure, TimeoutError) as exc:
            error = str(exc) or type(exc).__name__
            await self._retry_later(guild_id, day, attempt, error, now)
            log.warning(
                "daily post for guild %s on %s failed for now (%s); retrying later",
                guild_id,
                day,
                error,
            )
            return Outcome.RETRY
        except Exception as exc:
            # A bug, or an error nobody classified: logged in full, retried with the same
            # backoff so it is neither lost nor repeated every tick.
            log.exception("daily post for guild %s on %s failed unexpectedly", guild_id, day)
            await self._retry_later(guild_id, day, attempt, f"internal error ({exc!r})", now)
            return Outcome.RETRY
        await posts.mark_sent(guild_id, day, message_id=message_id, now=now)
        log.info("daily post for guild %s on %s sent (message %s)", guild_id, day, message_id)
        return Outcome.SENT

    async def _retry_later(
        self, guild_id: int, day: date, attempt: int, error: str, now: datetime
    ) -> None:
        await self._store.posts.mark_retry(
            guild_id, day, error=error[:200], retry_at=now + retry_delay(attempt), now=now
        )
