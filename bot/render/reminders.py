"""Texts of the reminders and check-ins: the reminder button and its DM, the morning check-in,
/remind, /checkin, and the notice after a DM that could not be delivered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.advice import soreness_set_aside
from bot.core.models import SORENESS_MAX, Advice
from bot.core.reminders import (
    CheckinAnswer,
    ReminderFollow,
    Timer,
    TimerKind,
    TimerState,
    clock_of,
)
from bot.core.wording import day_label, local_label, typed_inline
from bot.render import moved_wall_line, ts, when_line
from bot.render.reply import ButtonKind, Colour, Reply, ReplyButton

REMIND_LABEL = "Remind me when I'm clear"
NOT_YOUR_BUTTON = "Only the member this was meant for can press this button."
DM_NOTICE_KIND = "dm"
SORENESS_VALUES = range(SORENESS_MAX + 1)
CHECKIN_TITLE = "Morning check-in: how sore are your legs?"


def remind_button(entry_id: int) -> ReplyButton:
    return ReplyButton(kind=ButtonKind.REMIND_READY, label=REMIND_LABEL, ref=str(entry_id))


def checkin_buttons(day: date) -> tuple[ReplyButton, ...]:
    return tuple(
        ReplyButton(kind=ButtonKind.CHECKIN, label=str(n), ref=f"{day.isoformat()}:{n}")
        for n in SORENESS_VALUES
    )


def checkin_answer(button: ReplyButton) -> tuple[date, int]:
    """The day and the soreness a check-in button (`checkin_buttons`) answers."""
    day, soreness = button.ref.split(":")
    return date.fromisoformat(day), int(soreness)


def reminder_set_reply(timer: Timer, *, replaced: bool) -> Reply:
    verb = "Moved: I'll" if replaced else "I'll"
    return Reply(
        content=(
            f"{verb} send you one direct message at {when_line(timer.due_at)}, when you are"
            f" clear for hard running. `/remind list` shows it; `/remind cancel` takes it back."
        ),
        ephemeral=True,
    )


def already_clear_reply(since: datetime) -> Reply:
    return Reply(
        content=f"No need: you are already clear for hard running, since {when_line(since)}.",
        ephemeral=True,
    )


def no_hard_leg_day_reply() -> Reply:
    # The button's leg day may be deleted, undone or edited to LIGHT: either way none is left
    # to hold hard running back.
    return Reply(
        content=(
            "No need: you are already clear for hard running. No hard leg day of yours holds"
            " it back now (the one this was for was deleted, undone or changed to LIGHT)."
        ),
        ephemeral=True,
    )


def ready_dm_reply(ready_at: datetime) -> Reply:
    # No hour count: the time was fixed when the button was pressed, under the window the
    # club had then, and the DM's first line must read the same at every attempt (a DM sent
    # before a crash is found by it, DmSender.find_dm) whatever `[advice] window_hours` says
    # by then.
    return Reply(
        title="You're clear for hard running",
        description=(
            f"Since {when_line(ready_at)}, your last hard leg day no longer holds hard running"
            " back: tempo, intervals, hills, sprints, HIIT and races are fine again."
        ),
        colour=Colour.GO,
        ephemeral=False,
    )


def checkin_dm_mark() -> Reply:
    """What every check-in DM begins with, whatever its day: a member has one check-in a day,
    so the title alone tells it among the DMs since its claim, also once the member's time zone
    (and with it the day the DM names) has changed."""
    return Reply(title=CHECKIN_TITLE)


def checkin_dm_reply(day: date) -> Reply:
    return Reply(
        title=CHECKIN_TITLE,
        description=(
            f"For {day_label(day)}: 0 is not at all, {SORENESS_MAX} is very. Your answer counts"
            " for `/canirun` that day unless you type a soreness there."
        ),
        colour=Colour.INFO,
        ephemeral=False,
        buttons=checkin_buttons(day),
    )


def checkin_saved_reply(day: date, soreness: int, *, today: date) -> Reply:
    """`today`: the member's date now; a check-in for their next day (sent just before a move
    west) counts from then."""
    when = "today" if day <= today else f"on {day_label(day)}"
    return Reply(
        content=(
            f"Got it: soreness {soreness} for {day_label(day)}. `/canirun` uses it {when}"
            " unless you type a soreness there."
        ),
        ephemeral=True,
    )


def checkin_already_reply(day: date, soreness: int) -> Reply:
    return Reply(
        content=f"You already answered the check-in for {day_label(day)}: {soreness}. It stays.",
        ephemeral=True,
    )


def checkin_gone_reply(day: date) -> Reply:
    """A press on a check-in DM whose record is gone: the member's data was deleted, or the
    bot left the server."""
    return Reply(
        content=(
            f"This check-in for {day_label(day)} is no longer on record (your data here was"
            " deleted, or the bot left the server); nothing was saved."
        ),
        ephemeral=True,
    )


def checkin_expired_reply(day: date) -> Reply:
    return Reply(
        content=(
            f"This check-in was for {day_label(day)} and has expired; nothing was saved."
            " The next one comes as usual."
        ),
        ephemeral=True,
    )


def checkin_set_reply(
    minute: int,
    zone: ZoneInfo,
    first: datetime,
    *,
    own_zone: bool,
    retry_at: datetime | None = None,
) -> Reply:
    """`retry_at`: today's check-in, whose DM failed for now, is tried again then (it stays).
    `own_zone`: the member set `zone` with /profile; else it is the club's, which /profile
    calls so, and a member elsewhere learns here how to have their own clock."""
    first_line = f"the first at {when_line(first)}."
    if retry_at is not None:
        first_line = (
            f"from {when_line(first)}. Today's, which Discord has not taken yet, is tried again"
            f" {ts(retry_at, 'R')}."
        )
    whose = "" if own_zone else ", the club's: `/profile timezone` sets yours"
    content = (
        f"Every day at {clock_of(minute):%H:%M} ({zone.key}{whose}) I'll DM you a check-in"
        f" asking how sore your legs are; {first_line} `/checkin time:off` stops it."
    )
    # The first day's time skipped by the clocks: "every day at 02:30 … the first at 03:30".
    skipped = moved_wall_line(first, clock_of(minute), zone)
    if skipped is not None:
        content += f"\n{skipped}"
    return Reply(content=content, ephemeral=True)


def checkin_off_reply(had: bool) -> Reply:
    text = "Morning check-ins are off." if had else "Morning check-ins were already off."
    return Reply(content=text, ephemeral=True)


def checkin_used_line(answer: CheckinAnswer | None, zone: ZoneInfo, advice: Advice) -> str | None:
    """Where a soreness not typed came from, `answer` (None: nowhere). When the plan is past
    the soreness's hours, the advice already says the number does not count: it was not used."""
    if answer is None:
        return None
    clock = f"{answer.answered_at.astimezone(zone):%H:%M}"
    if soreness_set_aside(advice):
        return f"Your {clock} check-in said {answer.soreness}."
    return f"Using your {clock} check-in: {answer.soreness}."


def timer_line(timer: Timer) -> str:
    if timer.kind is TimerKind.READY:
        when = ts(timer.due_at, "F")
        return f"`#{timer.id}` clear for hard running: {when} (leg day L{timer.entry_id})"
    if timer.retrying:
        return f"`#{timer.id}` check-in, being retried: next try {ts(timer.next_at, 'F')}"
    minute = timer.minute or 0
    return (
        f"`#{timer.id}` check-in, daily at {clock_of(minute):%H:%M}: next {ts(timer.due_at, 'F')}"
    )


def timer_choice(timer: Timer, zone: ZoneInfo) -> str:
    """An autocomplete label: no Discord timestamps there, so the member's own clock."""
    what = "clear for hard running" if timer.kind is TimerKind.READY else "check-in"
    return f"#{timer.id} · {what} · {local_label(timer.due_at, zone)}"


def reminders_reply(timers: Sequence[Timer]) -> Reply:
    if not timers:
        return Reply(
            content=(
                "You have no reminders. A WAIT from `/canirun` offers one; `/checkin` sets the"
                " morning check-in."
            ),
            ephemeral=True,
        )
    return Reply(
        title="Your reminders",
        description="\n".join(timer_line(t) for t in timers),
        colour=Colour.INFO,
        footer="/remind cancel takes one back",
        ephemeral=True,
    )


def reminder_cancelled_reply(timer: Timer) -> Reply:
    """`timer` as the cancel found it: cancelled, or a check-in tried already (the one tried
    last, whose id stops the check-ins too), which is not taken back."""
    if timer.state is TimerState.CANCELLED:
        content = f"Cancelled: {timer_line(timer)}"
    elif timer.state is TimerState.SENDING:
        content = f"Check-in `#{timer.id}` was being sent as you cancelled it: it may still arrive."
    else:
        done = "sent" if timer.state is TimerState.SENT else "tried"
        content = f"Check-in `#{timer.id}` had been {done} already."
    if timer.kind is TimerKind.CHECKIN:
        content += "\nYour daily check-ins have stopped; `/checkin time:HH:MM` starts them again."
    return Reply(content=content, ephemeral=True)


def reminder_follow_lines(followed: Sequence[ReminderFollow]) -> list[str]:
    """What a deleted or edited leg day did to the member's reminder: moved or cancelled."""
    lines = []
    for change in followed:
        timer = change.timer
        if change.cancelled:
            lines.append(
                f"Your reminder `#{timer.id}` is cancelled: no hard leg day holds hard running"
                " back any more."
            )
        elif change.moved:
            lines.append(
                f"Your reminder `#{timer.id}` moved to {when_line(timer.due_at)}: leg day"
                f" L{timer.entry_id} holds hard running back until then."
            )
    return lines


def no_such_reminder_message(typed: str, limit: int) -> str:
    """`typed` quoted whole up to `limit`, the option's own length limit; text of nothing
    visible as `?`, as an entry's id is."""
    shown = typed_inline(typed, limit) or "?"
    return f"No pending reminder “{shown}” of yours; `/remind list` shows them."


def dm_closed_notice(kind: TimerKind, due_at: datetime, *, checkins_paused: bool) -> str:
    """Said on the member's next command when Discord refused a reminder's or a check-in's DM;
    `checkins_paused`: the member had check-ins, which the refusal stopped."""
    what = (
        f"your reminder for {ts(due_at, 'F')} (clear for hard running)"
        if kind is TimerKind.READY
        else f"your check-in of {ts(due_at, 'F')}"
    )
    remedy = (
        "then run `/checkin` again to restart your check-ins; they are paused until then"
        if checkins_paused
        else "or the next reminder will not reach you either"
    )
    return dm_refused_notice(what, remedy)


def dm_refused_notice(what: str, remedy: str) -> str:
    """Said on the member's next command when Discord refused the DM of `what`."""
    return (
        f"I couldn't DM you: Discord refused a direct message to you, so {what} was not"
        " delivered. Allow direct messages from this server's members (Privacy Settings),"
        f" {remedy}."
    )
