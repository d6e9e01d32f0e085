"""The daily post's own words (bot/render/club.py `club_post_reply`), from posts built here: each
kind of session line, the recovering list with and without members who are not named, a day
without sessions, and a long schedule cut between whole lines. tests/discord/test_daily_post.py
sends the post end to end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.clubpost import ClubPost, ClubSession, Recovering, SessionOutlook, Weekday
from bot.core.models import RunType, Tip, TipId
from bot.render.club import club_post_reply
from bot.render.reply import DESCRIPTION_MAX, Colour

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 10)  # a Tuesday; London is on GMT
AT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
EVENING = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
TIP = Tip(id=TipId.STRETCH, text="Stretch after the run.")
BOB = 920_000_000_000_000_001
READY = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)  # tomorrow: shown with its day


def ts(moment: datetime, style: str) -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def outlook(name: str | None = None, **counts: int | None) -> SessionOutlook:
    session = ClubSession(
        weekday=Weekday.TUESDAY, start=time(18, 30), run_type=RunType.HILLS, name=name
    )
    return SessionOutlook.model_validate(
        {"session": session, "starts_at": EVENING} | {k: v for k, v in counts.items()}
    )


def post(
    sessions: tuple[SessionOutlook, ...] = (),
    recovering: tuple[Recovering, ...] = (),
    unlisted: int = 0,
) -> ClubPost:
    return ClubPost(
        local_date=TODAY,
        timezone=LONDON,
        at=AT,
        sessions=sessions,
        recovering=recovering,
        unlisted_recovering=unlisted,
        tip=TIP,
    )


def session_lines(*sessions: SessionOutlook) -> list[str]:
    description = club_post_reply(post(sessions)).description or ""
    return description.split("\n\n")[0].splitlines()[1:]


HILLS = f"• {ts(EVENING, 't')} **Hill repeats (hard)**"


def test_the_post_around_its_lists() -> None:
    reply = club_post_reply(post())
    assert reply.title == "Run club · Tuesday 10 March 2026"
    assert reply.description == (
        "**Today's sessions**\nNo club sessions today.\n\n"
        "**Still recovering from a hard leg day (0)**\nNobody: hard running is fine for everyone."
    )
    assert [(f.name, f.value) for f in reply.fields] == [("Tip of the day", TIP.text)]
    assert reply.footer == (
        "Club time zone: Europe/London. Times show in yours."
        " Press “Can I run today?” for your own answer."
    )
    assert reply.colour == Colour.INFO and not reply.ephemeral


def test_each_kind_of_session_line() -> None:
    assert session_lines(outlook("Hill club")) == [f"{HILLS} · Hill club: everyone is clear"]
    assert session_lines(outlook(skip_hard=1, keep_easy=2)) == [
        f"{HILLS}: 1 member should skip the hard part and run easy, 2 members should keep it easy"
    ]
    assert session_lines(outlook(interested=0)) == [f"{HILLS}: nobody interested yet"]
    assert session_lines(outlook(interested=3)) == [f"{HILLS}: 3 interested, all clear"]
    assert session_lines(outlook(interested=3, skip_hard=1, keep_easy=1)) == [
        f"{HILLS}: 3 interested; of them 1 member should skip the hard part and run easy,"
        " 1 member should keep it easy"
    ]


def test_a_long_schedule_is_cut_between_lines_with_a_count() -> None:
    name = "x" * 30
    lines = session_lines(*(outlook(name) for _ in range(40)))
    whole = f"{HILLS} · {name}: everyone is clear"
    assert lines[-1].startswith("…and ") and lines[-1].endswith(" more")
    kept = lines[:-1]
    assert kept == [whole] * len(kept)
    assert lines[-1] == f"…and {40 - len(kept)} more"


def test_the_recovering_named_and_not() -> None:
    bob = f"<@{BOB}>: hard running OK {ts(READY, 'F')} ({ts(READY, 'R')})"
    heading = "**Still recovering from a hard leg day ({})**"

    def recovering(named: tuple[Recovering, ...], unlisted: int) -> str:
        description = club_post_reply(post(recovering=named, unlisted=unlisted)).description
        return (description or "").split("\n\n")[1]

    assert recovering((Recovering(BOB, READY),), 0) == f"{heading.format(1)}\n{bob}"
    assert recovering((Recovering(BOB, READY),), 2) == (
        f"{heading.format(3)}\n{bob}\n2 members not named (by their choice)."
    )
    assert recovering((), 1) == f"{heading.format(1)}\n1 member not named (by their choice)."


def test_the_recovering_list_fills_the_description_to_its_last_character_and_no_further() -> None:
    """However long the sessions' part, the list takes the room left: never a character over
    Discord's 4,096, and for some lengths exactly all of it (so no room is lost either)."""
    recovering = tuple(Recovering(BOB + n, READY) for n in range(200))
    lengths = set()
    for name_length in range(1, 51):
        for unlisted in (0, 1, 12):
            reply = club_post_reply(
                post((outlook("n" * name_length),), recovering=recovering, unlisted=unlisted)
            )
            description = reply.description or ""
            lengths.add(len(description))
            lines = description.splitlines()
            more = [line for line in lines if line.startswith("…and ")]
            named = [line for line in lines if line.startswith("<@")]
            assert more == [f"…and {len(recovering) - len(named)} more"]
            if unlisted:
                assert lines[-1].endswith("not named (by their choice).")
    assert max(lengths) == DESCRIPTION_MAX
