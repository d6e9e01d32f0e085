"""When the daily club post is due: a pure decision over the time, the schedule and the record.

The post for local date D is due at the club's wall-clock time on D (`at_local`, so a 02:30 post
on a spring-forward day resolves to one real instant). The store keeps one record per club and
local date; `due_post` reads the latest one and says what the loop should do now:

* POST the slot's date (no record for it yet, or a transient failure whose backoff is over:
  once Discord may have forgotten the failed attempt's nonce, only after looking in the
  channel, since a 5xx or a lost answer may come after Discord made the post);
* SKIP it (the bot was down at the slot for longer than the catch-up allowance);
* RESEND a claim that was never finished (the process died, or a stop ran out of time, while
  sending): at once while it is young enough for Discord to dedup its nonce (bot.core.resend);
  once older, while its day's post is still worth sending (as long as a retry would be),
  only after looking in the channel (`look`): an earlier attempt's post found there is
  recorded, not sent again;
* RESOLVE_UNKNOWN such a claim once its day is over, or one whose channel cannot be read: it
  becomes "sent, unknown" and is never sent again, because a second post is worse than a
  missing one;
* GIVE_UP retrying a transient failure once its day is over or a newer slot has come;
* NOTHING otherwise.

No clock, no I/O: the loop passes `now`, so tests choose the time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.core.models import FrozenModel, TipId, UtcDatetime
from bot.core.resend import POST_SEND_TIMEOUT, earliest_attempt, may_resend
from bot.core.when import at_local, local_date

# After this many days in a row whose post failed for good (403/404), the reminder pauses.
PAUSE_AFTER_FAILED_DAYS = 3
_FIRST_RETRY = timedelta(minutes=1)
_MAX_RETRY = timedelta(minutes=30)


class PostStatus(StrEnum):
    SENDING = "sending"  # claimed; the HTTP request may be in flight
    SENT = "sent"
    UNKNOWN = "unknown"  # a claim nobody finished: maybe sent, never repeated
    RETRY = "retry"  # a transient failure (429, 5xx, network); tried again at retry_at
    FAILED = "failed"  # failed for good that day (403/404, or retries ran out)
    SKIPPED = "skipped"  # the bot was down at the slot for longer than the catch-up allowance


class DailySchedule(FrozenModel):
    post_time: time
    timezone: ZoneInfo
    # Slots before this are not owed (the settings did not exist yet).
    effective_at: UtcDatetime


class ClubReminder(FrozenModel):
    """A club's daily-post settings as stored."""

    guild_id: int
    channel_id: int
    post_time: time
    # None: the club's time zone from the config (bot.actions.context.club_zone).
    timezone: ZoneInfo | None = None
    enabled: bool = True
    paused: bool = False
    failed_days: int = Field(default=0, ge=0)
    effective_at: UtcDatetime

    def schedule(self, zone: ZoneInfo) -> DailySchedule:
        """The schedule in `zone`, the reminder's resolved zone."""
        return DailySchedule(
            post_time=self.post_time, timezone=zone, effective_at=self.effective_at
        )

    @property
    def active(self) -> bool:
        return self.enabled and not self.paused


class PostRecord(FrozenModel):
    """What happened to one club's post for one local date."""

    guild_id: int
    local_date: date
    slot_at: UtcDatetime
    status: PostStatus
    attempts: int = Field(default=0, ge=0)
    updated_at: UtcDatetime
    retry_at: UtcDatetime | None = None
    channel_id: int | None = None
    message_id: int | None = None
    error: str | None = None
    tip_id: TipId | None = None
    # When the earliest attempt began that may have made the post and is not ruled out yet
    # (bot/store/schema/0011_attempted_at.sql).
    attempted_at: UtcDatetime | None = None

    @property
    def look_from(self) -> datetime:
        """When the earliest attempt began that may have made the post."""
        return earliest_attempt(
            attempted_at=self.attempted_at,
            attempts=self.attempts,
            waiting_to_retry=self.status is PostStatus.RETRY,
            updated_at=self.updated_at,
            first_possible=self.slot_at,
            send_timeout=POST_SEND_TIMEOUT,
        )


class Slot(FrozenModel):
    local_date: date
    at: UtcDatetime


class Action(StrEnum):
    NOTHING = "nothing"
    POST = "post"
    RESEND = "resend"  # the cut-off claim's date, with the same nonce
    SKIP = "skip"
    RESOLVE_UNKNOWN = "resolve_unknown"
    GIVE_UP = "give_up"


class Decision(FrozenModel):
    action: Action
    # The date the action is about: the slot's for POST/SKIP, the record's for the others.
    local_date: date | None = None
    slot: Slot | None = None
    why: str
    # RESEND, or POST of a retry: Discord may have forgotten the nonce of an attempt that may
    # have made the post, so the channel is read first.
    look: bool = False


def slot_on(day: date, schedule: DailySchedule) -> Slot:
    return Slot(local_date=day, at=at_local(day, schedule.post_time, schedule.timezone))


def latest_slot(now: datetime, schedule: DailySchedule) -> Slot:
    """The most recent slot at or before `now`."""
    today = local_date(now, schedule.timezone)
    # Usually today's or yesterday's; a slot pushed past midnight by a DST gap can make
    # yesterday's land after now, hence one more day back.
    for back in range(3):
        slot = slot_on(today - timedelta(days=back), schedule)
        if slot.at <= now:
            return slot
    raise AssertionError("a daily slot always exists within three local days")


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the `attempts`-th failed try: 1, 2, 4, 8, 16, then every 30 minutes."""
    doubled: timedelta = _FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16)
    return min(doubled, _MAX_RETRY)


def retry_deadline(
    slot_at: datetime, day: date, schedule: DailySchedule, catch_up: timedelta
) -> datetime:
    """Transient failures are retried until the local day ends, or at least for `catch_up`."""
    end_of_day = at_local(day + timedelta(days=1), time(0, 0), schedule.timezone)
    return max(end_of_day, slot_at + catch_up)


def retry_comes(last: PostRecord, schedule: DailySchedule, catch_up: timedelta) -> bool:
    """Whether a post waiting to be retried is tried again: a try that would come once its
    day's retries are over (`retry_deadline`) is given up instead (`due_post`)."""
    deadline = retry_deadline(last.slot_at, last.local_date, schedule, catch_up)
    return (
        last.status is PostStatus.RETRY and last.retry_at is not None and last.retry_at < deadline
    )


def due_post(
    now: datetime,
    schedule: DailySchedule,
    last: PostRecord | None,
    *,
    catch_up: timedelta,
) -> Decision:
    """What to do now for one club; `last` is its most recent record (by local date).

    A claim ("sending") was cut off: the runner never asks about a club whose post it is still
    sending (`DailyPostRunner.start`, `next_due_post`'s `in_flight`). Its `updated_at` is the
    claim's time, which a resend leaves as it is."""
    slot = latest_slot(now, schedule)
    if last is not None:
        if last.status is PostStatus.SENDING:
            fresh = may_resend(last.look_from, now)
            deadline = retry_deadline(last.slot_at, last.local_date, schedule, catch_up)
            if fresh or now < deadline:
                return Decision(
                    action=Action.RESEND,
                    local_date=last.local_date,
                    slot=Slot(local_date=last.local_date, at=last.slot_at),
                    why="a send was cut off; sent again with the same nonce"
                    + ("" if fresh else ", unless the channel shows it went out"),
                    look=not fresh,
                )
            return Decision(
                action=Action.RESOLVE_UNKNOWN,
                local_date=last.local_date,
                why="a claim was never finished; the post may have gone out",
            )
        if last.local_date > slot.local_date:
            # Only after the time zone changed: that later date is already handled.
            return Decision(action=Action.NOTHING, why="a later date is already handled")
        if last.status is PostStatus.RETRY:
            deadline = retry_deadline(last.slot_at, last.local_date, schedule, catch_up)
            if last.local_date < slot.local_date or now >= deadline:
                return Decision(
                    action=Action.GIVE_UP,
                    local_date=last.local_date,
                    why="retries ran out for that day",
                )
            if last.retry_at is not None and now < last.retry_at:
                return Decision(action=Action.NOTHING, why="waiting to retry")
            fresh = may_resend(last.look_from, now)
            return Decision(
                action=Action.POST,
                local_date=last.local_date,
                slot=Slot(local_date=last.local_date, at=last.slot_at),
                why="retrying after a transient failure"
                + ("" if fresh else ", unless the channel shows it went out"),
                look=not fresh,
            )
        if last.local_date == slot.local_date:
            return Decision(action=Action.NOTHING, why=f"already {last.status.value} today")
    if slot.at < schedule.effective_at:
        return Decision(action=Action.NOTHING, why="the post was set up after this slot")
    if now - slot.at > catch_up:
        return Decision(
            action=Action.SKIP,
            local_date=slot.local_date,
            slot=slot,
            why=f"missed by more than {catch_up}",
        )
    return Decision(action=Action.POST, local_date=slot.local_date, slot=slot, why="due")


def next_post(
    now: datetime,
    schedule: DailySchedule,
    last: PostRecord | None,
    *,
    catch_up: timedelta,
) -> datetime | None:
    """When the next post will go out (now, a retry, or a coming slot), for /club status."""
    # A claim left "sending" is the loop's to resend or resolve shortly: the next post is the
    # next slot owed after its date.
    decision = due_post(now, schedule, last, catch_up=catch_up)
    if decision.action is Action.POST:
        return now
    if (
        decision.action is Action.NOTHING
        and last is not None
        and last.retry_at is not None
        and retry_comes(last, schedule, catch_up)
    ):
        return last.retry_at
    today = local_date(now, schedule.timezone)
    for offset in range(-1, 4):
        slot = slot_on(today + timedelta(days=offset), schedule)
        owed = last is None or slot.local_date > last.local_date
        # A slot at this very moment is next where the decision now was another day's (a
        # retry given up at today's slot): today's post goes at once after it.
        if slot.at >= now and slot.at >= schedule.effective_at and owed:
            return slot.at
    return None


def next_due_post(
    now: datetime,
    schedule: DailySchedule,
    last: PostRecord | None,
    *,
    catch_up: timedelta,
    in_flight: bool = False,
) -> datetime | None:
    """The first moment from `now` on at which `due_post` has something to do for the club:
    `now` itself, a retry or its deadline, or the next owed slot. Never later than that moment
    (the scheduler sleeps until it); when unsure, earlier. A post this process is still
    sending (`in_flight`) has none, whatever its record (a post waits for its turn before it is
    claimed): the end of its tick's sends wakes the scheduler."""
    if in_flight:
        return None
    decision = due_post(now, schedule, last, catch_up=catch_up)
    if decision.action is not Action.NOTHING:
        return now
    moments: list[datetime] = []
    if last is not None and last.status is PostStatus.RETRY:
        moments.append(retry_deadline(last.slot_at, last.local_date, schedule, catch_up))
        # A retry already due waits for its date's slot when that date is ahead (a zone change).
        moments.append(max(slot_on(last.local_date, schedule).at, last.retry_at or now))
    today = local_date(now, schedule.timezone)
    for offset in range(-1, 4):
        slot = slot_on(today + timedelta(days=offset), schedule)
        owed = last is None or slot.local_date > last.local_date
        if slot.at > now and slot.at >= schedule.effective_at and owed:
            moments.append(slot.at)
            break
    return min((m for m in moments if m > now), default=None)
