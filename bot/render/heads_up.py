"""The heads-up DM before a club session: `/canirun`'s reply for the session's run at its
start (the same verdict, reasons, alternative and tips), with the session and its event."""

from __future__ import annotations

from datetime import datetime

from bot.core.advice import hard_running_fine_from
from bot.core.clubpost import ClubSession
from bot.core.models import Advice, AdviceRules, Verdict
from bot.core.rule_table import BEGINNER_MODERATE
from bot.core.wording import duration_words, plan_label
from bot.render import inline_text, ts, when_line
from bot.render.member import advice_reply
from bot.render.reminders import dm_refused_notice, remind_button
from bot.render.reply import Reply


def heads_up_reply(
    session: ClubSession,
    start: datetime,
    link: str | None,
    advice: Advice,
    *,
    rules: AdviceRules,
    now: datetime,
    remind_entry: int | None,
    checkin: str | None,
) -> Reply:
    """`link`: the event's, where there is one to follow; `remind_entry`: the hard leg day a
    WAIT's "Remind me when I'm clear" button is for; `checkin`: the line saying the day's
    check-in gave the soreness, as `/canirun` says it."""
    # Judged, and named, as `/canirun type:<its type> minutes:<its length>`.
    reply = advice_reply(
        advice, start, plan_label(session.run_type, minutes=session.minutes), now=now
    )
    lines = [_opening(session, start, link), reply.description or ""]
    if checkin is not None:
        lines.append(checkin)
    last_hard = advice.last_hard
    if (
        advice.verdict is Verdict.EASY_ONLY
        and advice.reasons[0].code == BEGINNER_MODERATE
        and last_hard is not None
    ):
        lines.append(
            f"Full effort OK from {when_line(hard_running_fine_from(last_hard, rules))},"
            f" {duration_words(int(rules.window.total_seconds() // 60))} after your last hard"
            " leg day."
        )
    buttons = () if remind_entry is None else (remind_button(remind_entry),)
    return reply.model_copy(
        update={
            "title": f"Heads-up · {reply.title}",
            "description": "\n".join(lines),
            "buttons": buttons,
            "ephemeral": False,
        }
    )


def _opening(session: ClubSession, start: datetime, link: str | None) -> str:
    return (
        f"Heads-up for {inline_text(session.label())}, {ts(start, 'F')}, which you're"
        f" interested in{'' if link is None else f': {link}'}"
    )


def heads_up_mark(session: ClubSession, start: datetime, link: str | None) -> Reply:
    """What every heads-up DM for this occurrence begins with, whatever its verdict: its
    whole first line, looked for in the member's DMs after a crash cut its send off. The
    event's link, which names the server and the event, tells it from another club's or
    another session's heads-up whose label and start are the same (a member's DMs with the bot
    are one channel, whatever the server)."""
    return Reply(description=f"{_opening(session, start, link)}\n")


def heads_up_notice(session: ClubSession, start: datetime) -> str:
    """Said on the member's next command when Discord refused the heads-up DM."""
    return dm_refused_notice(
        f"your heads-up for {inline_text(session.label())} ({ts(start, 'F')})",
        "or turn heads-ups off with `/profile heads_up:off`",
    )
