"""Replies of `/club session`: the club's weekly sessions and their events on the server's
calendar. Texts an admin typed (names, places) are shown with `inline_text`, never as markup."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubSession, EventState
from bot.core.links import event_link
from bot.core.session_events import EventsForbidden, PublishedEvent
from bot.core.wording import plural
from bot.render import inline_text, spread_lines, ts
from bot.render.club import turn_on_command
from bot.render.reply import EMBED_TOTAL_MAX, Colour, Reply

PERMISSION = f"**{EventsForbidden.PERMISSION}**"
# What went wrong with Discord (actions/session_events.py): the bot lacks the permission,
# Discord did not answer (429, 5xx, the network), or it refused otherwise (a 400).
FORBIDDEN = "forbidden"
UNREACHABLE = "unreachable"
REFUSED = "refused"
NO_CALENDAR = "no calendar"
# A session id that is not one of the club's, whether removed or joined.
NO_SUCH_SESSION = (
    "`session`: no such session in this club. Pick one from the list"
    " (`/club session list` shows them all)."
)


# The offline console's calendar is a local stand-in: no Discord link to follow.
LOCAL_PUBLISHED = (
    " It is on the console's calendar as a weekly event; `/club session join` marks you"
    " interested in it."
)


def _published_line(
    session: ClubSession, guild_id: int, problem: str | None, *, local: bool
) -> str:
    if session.event_state is EventState.PUBLISHED and session.event_id is not None:
        if local:
            return LOCAL_PUBLISHED
        return (
            " It is on the server's calendar as a weekly event:"
            f" {event_link(guild_id, session.event_id)}"
        )
    if problem == FORBIDDEN:
        return (
            f" It is not on the server's calendar: the bot needs the {PERMISSION} permission"
            " to publish it. Once it has it, remove the session and add it again."
        )
    if problem == NO_CALENDAR:
        return " There is no Discord calendar here, so no event was published."
    if problem == REFUSED:
        return (
            " Discord refused its event, so it is not on the server's calendar: remove the"
            " session and add it again later."
        )
    return (
        " Discord did not answer, so it is not on the server's calendar yet: remove the"
        " session and add it again later."
    )


def session_added_reply(
    session: ClubSession,
    timezone: ZoneInfo,
    guild_id: int,
    problem: str | None,
    *,
    event: bool,
    posting: bool,
    local: bool = False,
) -> Reply:
    text = f"Added to the club's week: {inline_text(session.label())} ({timezone.key})."
    if posting:
        text += " It shows in the daily post on its day."
    else:
        # A new club's admin often adds the week's sessions before turning the post on.
        text += (
            " It will show in the daily post on its day once the post is on"
            f" ({turn_on_command(local)})."
        )
    if event:
        text += _published_line(session, guild_id, problem, local=local)
    return Reply(content=text)


def session_removed_reply(
    session: ClubSession, problem: str | None, *, local: bool = False
) -> Reply:
    text = f"Removed from the club's week: {inline_text(session.label())}."
    state = session.event_state
    if state is EventState.PUBLISHED and problem is None:
        where = "the console's" if local else "the server's"
        text += f" Its event was deleted from {where} calendar."
    elif state is EventState.PUBLISHED and problem == FORBIDDEN:
        text += (
            f" Its event is still on the server's calendar: the bot needs the {PERMISSION}"
            " permission to delete it. Delete it in Discord (Events)."
        )
    elif state is EventState.PUBLISHED:
        text += (
            " Discord did not answer, so its event is still on the server's calendar."
            " Delete it in Discord (Events)."
        )
    elif state is EventState.DELETED:
        text += " Its event had already been deleted in Discord."
    elif state is EventState.EDITED:
        text += (
            " Its event was edited by hand in Discord, so the bot left it; delete it there"
            " if it is no longer needed."
        )
    return Reply(content=text)


def _local_part(published: PublishedEvent | None) -> str:
    if published is None:
        return " · on the console's calendar"
    return (
        f" · on the console's calendar, next {ts(published.start, 'F')},"
        f" {published.interested or 0} interested"
    )


def _event_part(
    session: ClubSession, published: PublishedEvent | None, guild_id: int, *, local: bool
) -> str:
    state = session.event_state
    if state is None:
        return ""
    if state is EventState.UNPUBLISHED:
        return (
            f" · not on the calendar (the bot needed {PERMISSION}, or Discord was down or"
            " refused it)"
        )
    if state is EventState.DELETED:
        return " · its event was deleted in Discord; the bot leaves it so"
    if local:
        return _local_part(published)
    link = "" if session.event_id is None else event_link(guild_id, session.event_id)
    if state is EventState.EDITED:
        return f" · [its event]({link}) was edited in Discord; the bot leaves it as it is"
    if published is None or published.interested is None:
        return f" · [on the calendar]({link})"
    return f" · [on the calendar]({link}), {published.interested} interested"


def sessions_reply(
    listed: Sequence[tuple[ClubSession, PublishedEvent | None]],
    timezone: ZoneInfo,
    guild_id: int,
    *,
    local: bool = False,
    own_zone: bool = False,
) -> Reply:
    """`own_zone`: as for the daily post (bot.render.club.club_post_reply)."""
    title, footer = "The club's week", f"Times are the club's ({timezone.key})."
    if own_zone:
        footer = f"Times are the daily post's ({timezone.key}), set by `/club reminder set`."
    if not listed:
        description = "No weekly sessions yet. `/club session add` adds one."
        return Reply(title=title, description=description, colour=Colour.INFO, footer=footer)
    lines = []
    for session, published in listed:
        line = f"• {inline_text(session.label())}, {plural(session.minutes, 'minute')}"
        if session.place:
            line += f" at {inline_text(session.place)}"
        lines.append(line + _event_part(session, published, guild_id, local=local))
    # A full week of long names and places outgrows a description: its fields take the rest.
    budget = EMBED_TOTAL_MAX - len(title) - len(footer)
    description, fields = spread_lines(lines, budget, lambda more: f"…and {more} more")
    return Reply(
        title=title, description=description, fields=fields, colour=Colour.INFO, footer=footer
    )
