"""Replies of the club: the daily post, the "Can I run today?" answer and /club's replies.

The post is fitted to Discord's limits here, line by line, so a long list is cut between
members ("…and 480 more") and never inside a mention; `Reply.clamped()` stays the last guard.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubPost, SessionOutlook, long_date
from bot.core.links import message_link
from bot.core.schedule import PAUSE_AFTER_FAILED_DAYS, ClubReminder, PostRecord, PostStatus
from bot.core.session_events import ZoneFollowed
from bot.core.wording import plural, run_label
from bot.render import (
    clock_or_day,
    fit_lines,
    fit_lines_of,
    inline_text,
    mention,
    moved_wall_line,
    safe_text,
    ts,
    when_line,
)
from bot.render.reply import DESCRIPTION_MAX, FIELD_VALUE_MAX, Colour, EmbedField, Reply

# The sessions part of the post's description; the recovering list gets the rest.
SESSIONS_MAX = 1500
BUTTON_LABEL = "Can I run today?"


def _more(count: int) -> str:
    return f"…and {count} more"


def _session_line(outlook: SessionOutlook, post: ClubPost) -> str:
    session = outlook.session
    starts = clock_or_day(outlook.starts_at, post.local_date, post.timezone)
    head = f"• {starts} **{run_label(session.run_type)}**"
    if session.name:
        head += f" · {inline_text(session.name)}"
    advice = []
    if outlook.skip_hard:
        advice.append(
            f"{plural(outlook.skip_hard, 'member')} should skip the hard part and run easy"
        )
    if outlook.keep_easy:
        advice.append(f"{plural(outlook.keep_easy, 'member')} should keep it easy")
    if outlook.interested is not None:
        # The counts are of those who pressed "Interested" on its event.
        if not outlook.interested:
            return f"{head}: nobody interested yet"
        if not advice:
            return f"{head}: {outlook.interested} interested, all clear"
        return f"{head}: {outlook.interested} interested; of them {', '.join(advice)}"
    return f"{head}: {', '.join(advice) if advice else 'everyone is clear'}"


def _sessions_block(post: ClubPost) -> str:
    lines = [_session_line(outlook, post) for outlook in post.sessions]
    body = fit_lines(lines, SESSIONS_MAX, _more) if lines else "No club sessions today."
    return f"**Today's sessions**\n{body}"


def _recovering_block(post: ClubPost, limit: int) -> str:
    heading = f"**Still recovering from a hard leg day ({post.recovering_total})**"
    if post.recovering_total == 0:
        return f"{heading}\nNobody: hard running is fine for everyone."
    unnamed = (
        f"{plural(post.unlisted_recovering, 'member')} not named (by their choice)."
        if post.unlisted_recovering
        else ""
    )

    def line(index: int) -> str:
        r = post.recovering[index]
        return (
            f"{mention(r.user_id)}: hard running OK"
            f" {clock_or_day(r.ready_at, post.local_date, post.timezone)} ({ts(r.ready_at, 'R')})"
        )

    named = fit_lines_of(len(post.recovering), line, limit - len(heading) - len(unnamed) - 2, _more)
    return "\n".join(part for part in (heading, named, unnamed) if part)


def club_post_reply(post: ClubPost, *, own_zone: bool = False) -> Reply:
    """The daily post: public, names rendered as mentions (the message allows no pings).

    `own_zone`: the post's zone is one `/club reminder set` named, not `[club] timezone`,
    which members' replies call the club's: the footer then calls it the post's."""
    sessions = _sessions_block(post)
    recovering = _recovering_block(post, DESCRIPTION_MAX - len(sessions) - 2)
    return Reply(
        title=f"Run club · {long_date(post.local_date)}",
        description=f"{sessions}\n\n{recovering}",
        colour=Colour.INFO,
        fields=(EmbedField(name="Tip of the day", value=post.tip.text),),
        footer=(
            f"{'Post' if own_zone else 'Club'} time zone: {post.timezone.key}. Times show in yours."
            f" Press “{BUTTON_LABEL}” for your own answer."
        ),
        ephemeral=False,
    )


def run_today_reply(easy: Reply, hard: Reply) -> Reply:
    """The button's answer: the /canirun replies for an easy and a hard run, side by side.

    What both replies say alike (the pain warning, the next race) is about the member, not the
    run: it is said once, after the two verdicts, as the tips are; and so are the lines both
    descriptions end with alike (the check-in a soreness came from), under the title."""
    fields: list[EmbedField] = []
    shared = [f for f in hard.fields if f.name != "Tips" and f in easy.fields]
    tips: EmbedField | None = None
    lines = [(reply.description or "").split("\n") for reply in (easy, hard)]
    tail: list[str] = []
    # Never a whole description: each keeps at least its first line, the run and its time.
    while all(len(own) > 1 for own in lines) and lines[0][-1] == lines[1][-1]:
        tail.insert(0, lines[0].pop())
        lines[1].pop()
    for reply, own in zip((easy, hard), lines, strict=True):
        parts = ["\n".join(own)]
        for field in reply.fields:
            if field.name == "Tips":
                tips = field
            elif field not in shared:
                parts.append(f"**{field.name}:** {field.value}")
        fields.append(EmbedField(name=reply.title or "", value="\n".join(p for p in parts if p)))
    fields += shared
    if tips is not None:
        fields.append(tips)
    return Reply(
        title=BUTTON_LABEL,
        description="\n".join(
            ["Your verdicts for right now, from your own log and profile.", *tail]
        ),
        colour=hard.colour,
        fields=tuple(fields),
        ephemeral=True,
        # A WAIT for the hard run offers its "remind me" button here too.
        buttons=hard.buttons,
    )


def _zone_text(reminder: ClubReminder, club_zone: ZoneInfo) -> str:
    if reminder.timezone is None:
        return f"{club_zone.key} (the club's)"
    return reminder.timezone.key


def _followed_lines(followed: ZoneFollowed) -> list[str]:
    """What a new club zone did to the sessions' events."""
    lines = []
    if followed.moved:
        events = plural(followed.moved, "session event")
        lines.append(f"{events} moved to {followed.zone.key} time.")
    if followed.edited == 1:
        lines.append("1 session event edited by hand in Discord was left as it is.")
    elif followed.edited:
        lines.append(
            f"{followed.edited} session events edited by hand in Discord were left as they are."
        )
    if followed.stuck:
        events = plural(followed.stuck, "session event")
        lines.append(
            f"{events} could not be moved yet (Discord refused or did not answer);"
            " `/club session list` tries again."
        )
    return lines


def _today_done_line(today: PostRecord) -> str:
    """Why the first post is tomorrow's: today's date has its record already."""
    error = safe_text(today.error or "unknown error")
    done = {
        PostStatus.SENT: "went out already",
        PostStatus.FAILED: f"failed ({error}) and is not sent again",
        PostStatus.RETRY: f"failed ({error}) and its retries for the day are over",
        PostStatus.SKIPPED: "was skipped (the bot was offline at its time)",
        PostStatus.UNKNOWN: "may have gone out (the bot could not confirm it)",
        PostStatus.SENDING: "is being sent",
    }
    return (
        f"Today's post {done[today.status]}: a day gets one post, so the first at this time is"
        " tomorrow's."
    )


def reminder_set_reply(
    reminder: ClubReminder,
    club_zone: ZoneInfo,
    first_post: datetime | None,
    followed: ZoneFollowed | None = None,
    *,
    today_done: PostRecord | None = None,
) -> Reply:
    """`today_done`: today's record, when it is why the first post is a later day's."""
    lines = [
        f"The daily club post is on: every day at {reminder.post_time:%H:%M}"
        f" {_zone_text(reminder, club_zone)} in <#{reminder.channel_id}>.",
    ]
    if first_post is not None:
        lines.append(f"First post: {when_line(first_post)}.")
        if today_done is not None:
            lines.append(_today_done_line(today_done))
        # Its day's time skipped by the clocks: "every day at 01:30 … first post 02:30".
        zone = reminder.timezone or club_zone
        skipped = moved_wall_line(first_post, reminder.post_time, zone)
        if skipped is not None:
            lines.append(skipped)
    if followed is not None:
        lines += _followed_lines(followed)
    lines.append("`/club preview` shows what it will say; `/club status` how it went.")
    return Reply(title="Daily post set", description="\n".join(lines), colour=Colour.GO)


def with_history_tip(reply: Reply, channel_id: int, permission: str) -> Reply:
    """`/club reminder set`'s reply, when the bot may post in the channel but not read it."""
    tip = (
        f"Tip: give the bot **{permission}** in <#{channel_id}> too. If a restart cuts a post"
        " off, it then looks in the channel before sending it again, instead of leaving that"
        " day's post unsure."
    )
    return reply.model_copy(update={"description": f"{reply.description}\n{tip}"})


def channel_refused_message(channel_id: int, missing: str) -> str:
    return (
        f"I cannot post in <#{channel_id}>: I am missing the {missing} permission there."
        " Give the bot's role that permission in the channel settings, or pick another channel."
    )


NOT_READY_MESSAGE = "I cannot see my own permissions in this server yet; try again in a minute."


def reminder_off_reply(was_on: bool) -> Reply:
    text = (
        "The daily club post is off. `/club reminder set` turns it on again."
        if was_on
        else "The daily club post was not on; nothing changed."
    )
    return Reply(content=text)


def _post_result(record: PostRecord, guild_id: int, *, retries_over: bool = False) -> str:
    """`retries_over`: a RETRY record whose next try would come after its day's retries end,
    so is given up instead (bot.core.schedule.retry_comes)."""
    day = long_date(record.local_date)
    status = record.status
    if status is PostStatus.SENT and record.message_id and record.channel_id:
        link = message_link(guild_id, record.channel_id, record.message_id)
        return f"{day}: sent ([open]({link}))"
    if status is PostStatus.RETRY and retries_over:
        return (
            f"{day}: failed ({safe_text(record.error or 'unknown error')});"
            " its retries for that day are over"
        )
    if status is PostStatus.RETRY and record.retry_at is not None:
        return (
            f"{day}: failed for now ({safe_text(record.error or 'unknown error')});"
            f" retrying {ts(record.retry_at, 'R')}"
        )
    texts = {
        PostStatus.SENT: "sent",
        PostStatus.SENDING: "being sent",
        PostStatus.UNKNOWN: (
            "the bot could not confirm a send (cut off, or its channel unreadable since); it may"
            " have gone out and is not sent again"
        ),
        PostStatus.FAILED: f"failed ({safe_text(record.error or 'unknown error')})",
        PostStatus.SKIPPED: "skipped: the bot was offline at the time and for too long after",
        PostStatus.RETRY: "failed for now; retrying",
    }
    return f"{day}: {texts[status]}"


def turn_on_command(local: bool) -> str:
    """The command that turns the daily post on, as a reply names it: the console cannot pick
    a channel, so it cannot turn the post on, and says where to."""
    return "`/club reminder set`" + (" in the club's Discord server" if local else "")


def status_reply(
    guild_id: int,
    reminder: ClubReminder | None,
    club_zone: ZoneInfo,
    *,
    next_post: datetime | None,
    last: PostRecord | None,
    last_failure: PostRecord | None,
    retries_over: bool = False,
    local: bool = False,
) -> Reply:
    turn_on = turn_on_command(local)
    if reminder is None:
        return Reply(
            title="Daily club post",
            description=f"Not set up yet. {turn_on} turns it on.",
            colour=Colour.INFO,
        )
    # Off wins: `/club reminder off` on a paused post leaves its pause recorded.
    if not reminder.enabled:
        state = f"Off ({turn_on} turns it on)"
    elif reminder.paused:
        state = (
            f"Paused after {reminder.failed_days} failed days in a row. Check that the bot can"
            f" see the channel, send messages and embed links there, then run {turn_on} again."
        )
    else:
        state = "On"
    if reminder.failed_days:
        failures = (
            f"{plural(reminder.failed_days, 'failed day')} in a row"
            f" (the post pauses itself at {PAUSE_AFTER_FAILED_DAYS})"
        )
    else:
        # Set again since (or sent since), the count started over; an older failure stays.
        failures = "None" if last_failure is None else "None in a row"
    if last_failure is not None:
        failures += f"\nLast failure: {_post_result(last_failure, guild_id)}"
    fields = [
        EmbedField(name="Status", value=state),
        EmbedField(name="Channel", value=f"<#{reminder.channel_id}>", inline=True),
        EmbedField(
            name="Time",
            value=f"{reminder.post_time:%H:%M} {_zone_text(reminder, club_zone)}",
            inline=True,
        ),
        EmbedField(
            name="Next post",
            value=when_line(next_post) if reminder.active and next_post else "none",
            inline=True,
        ),
        EmbedField(
            name="Last post",
            value=_post_result(last, guild_id, retries_over=retries_over) if last else "none yet",
        ),
        EmbedField(name="Failures", value=failures[:FIELD_VALUE_MAX]),
    ]
    return Reply(title="Daily club post", colour=Colour.INFO, fields=tuple(fields))
