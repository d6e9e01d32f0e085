"""The offline console: typed lines in, the same actions and replies as Discord, text out."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from datetime import time as wall_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.actions.catalog import CommandSpec, all_commands, member_commands
from bot.actions.context import Context
from bot.actions.option_base import suggestion
from bot.actions.options import NoOptions
from bot.clock import running_clock
from bot.config import Settings
from bot.console.repl import FAILED, LOCAL_MEMBER, Console, Line, parse_line
from bot.console.text import Reader, moment, plain, relative, render_reply, wrap
from bot.core.errors import UserError
from bot.render.reply import Attachment, EmbedField, Reply
from bot.store import open_store
from tests.ops.console_driving import NOW, answers, session, settings_for

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------------------------
# Reading a line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/legday exercises:3", Line(("legday",), True, {"exercises": "3"})),
        (
            '/canirun type:sprints when:"2h ago"',
            Line(("canirun",), True, {"type": "sprints", "when": "2h ago"}),
        ),
        (
            "/canirun type:tempo when:18:30",
            Line(("canirun",), True, {"type": "tempo", "when": "18:30"}),
        ),
        (
            "/profile timezone:Europe/London",
            Line(("profile",), True, {"timezone": "Europe/London"}),
        ),
        ("  /LegDay   exercises:3  ", Line(("legday",), True, {"exercises": "3"})),
        ("/mydata export", Line(("mydata", "export"), True, {})),
        ("help legday", Line(("help", "legday"), False, {})),
        ("legday when:", Line(("legday",), False, {"when": ""})),
        ("/legday notes:'a b c' 3", Line(("legday", "3"), True, {"notes": "a b c"})),
    ],
)
def test_a_line_splits_like_discords_input_box(text: str, expected: Line) -> None:
    assert parse_line(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "# a comment", "  # /legday exercises:3"])
def test_blank_lines_and_comments_are_skipped(text: str) -> None:
    assert parse_line(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('/legday notes:"unclosed', "Could not read that line (No closing quotation)"),
        ("/legday exercises:3 exercises:4", "'exercises' is given twice."),
    ],
)
def test_unreadable_lines_say_why(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_line(text)
    assert caught.value.message.startswith(message)


# --------------------------------------------------------------------------------------------
# Discord markup as text

LONDON = ZoneInfo("Europe/London")
READER = Reader(user_id=1, tz=LONDON, now=NOW)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "now"),
        (-30, "now"),
        (44, "now"),
        (45, "in a minute"),
        (60, "in a minute"),
        (-10 * 60, "10 minutes ago"),
        (60 * 60, "in an hour"),
        (3 * 3600, "in 3 hours"),
        (-24 * 3600, "a day ago"),
        (48 * 3600, "in 2 days"),
        (47 * 3600, "in 2 days"),
        (10 * 86400, "in 10 days"),
        (-40 * 86400, "a month ago"),
        (90 * 86400, "in 3 months"),
        (400 * 86400, "in a year"),
        (-3 * 365 * 86400, "3 years ago"),
    ],
)
def test_relative_times_read_like_discords(seconds: int, text: str) -> None:
    assert relative(datetime.fromtimestamp(NOW.timestamp() + seconds, UTC), NOW) == text


# Thursday 26 November 2026 18:00 UTC is 18:00 GMT in London; 1 July 2026 12:00 UTC is 13:00 BST.
THURSDAY = 1_795_716_000
JULY = 1_782_907_200


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (f"<t:{THURSDAY}:F>", "Thu 26 Nov 2026 18:00 GMT"),
        (f"<t:{THURSDAY}:f>", "26 Nov 2026 18:00 GMT"),
        (f"<t:{THURSDAY}>", "26 Nov 2026 18:00 GMT"),
        (f"<t:{THURSDAY}:t>", "18:00"),
        (f"<t:{THURSDAY}:T>", "18:00:00"),
        (f"<t:{THURSDAY}:d>", "26/11/2026"),
        (f"<t:{THURSDAY}:D>", "26 Nov 2026"),
        (f"<t:{THURSDAY}:R>", "in 2 days"),
        (f"<t:{JULY}:F>", "Wed 1 Jul 2026 13:00 BST"),
        (
            f"ready <t:{THURSDAY}:F> (<t:{THURSDAY}:R>).",
            "ready Thu 26 Nov 2026 18:00 GMT (in 2 days).",
        ),
        ("<@1> logged this", "you logged this"),
        ("<@!1> and <@42>", "you and member 42"),
        ("<@&7> in <#9>", "role 7 in channel 9"),
        ("**GO** now", "GO now"),
        ("“<@5\\> hi\\_there”", "“<@5> hi_there”"),
        # Member-typed text defused by render.safe_text stays literal: no "you" appears.
        ("<\u200b@1> @\u200beveryone", "<@1> @everyone"),
    ],
)
def test_markup_is_written_out_for_the_reader(markup: str, text: str) -> None:
    assert plain(markup, READER) == text


def test_moment_styles_use_the_readers_zone() -> None:
    at = datetime.fromtimestamp(THURSDAY, UTC)
    tokyo = Reader(user_id=1, tz=ZoneInfo("Asia/Tokyo"), now=NOW)
    assert moment(at, "F", tokyo) == "Fri 27 Nov 2026 03:00 JST"


def test_a_reply_renders_title_description_fields_and_footer() -> None:
    reply = Reply(
        content="Heads up",
        title="WAIT: not a hard run yet",
        description=f"**Tempo run** at <t:{THURSDAY}:t>\nsecond line",
        fields=(
            EmbedField(name="Instead", value="An easy run"),
            EmbedField(name="Tips", value="• one\n• two"),
        ),
        footer="Entry L3",
    )
    assert render_reply(reply, READER).splitlines() == [
        "Heads up",
        "WAIT: not a hard run yet",
        "------------------------",
        "Tempo run at 18:00",
        "second line",
        "",
        "Instead: An easy run",
        "Tips:",
        "  • one",
        "  • two",
        "(Entry L3)",
    ]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("short line", 14, ["short line"]),
        ("one two three four five", 14, ["one two three", "four five"]),
        ("  • one two three four", 14, ["  • one two", "    three four"]),
        ("Tips:\n  alpha beta gamma delta", 14, ["Tips:", "  alpha beta", "  gamma delta"]),
        ("-" * 20, 20, ["-" * 20]),
    ],
)
def test_answers_wrap_at_spaces_for_a_terminal(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width).splitlines() == lines


# --------------------------------------------------------------------------------------------
# Sessions


def test_legday_then_canirun_waits_until_the_ready_time(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    got = answers(session(settings, "/legday exercises:3", "/canirun type:sprints"))

    legday = got["/legday exercises:3"]
    assert legday.startswith("Leg day logged: HARD\n")
    assert "fine again from Thu 26 Nov 2026 18:00 UTC (in 2 days)" in legday
    assert "(Entry L1)" in legday

    verdict = got["/canirun type:sprints"]
    assert verdict.startswith("WAIT: not a hard run yet\n")
    assert "Sprints (hard) now\n" in verdict
    assert "Hard running OK from Thu 26 Nov 2026 18:00 UTC (in 2 days)" in verdict
    assert "<t:" not in verdict

    # The same SQLite file the bot uses, with the leg day under the local member.
    with sqlite3.connect(settings.database.path) as conn:
        rows = conn.execute("SELECT guild_id, user_id, at FROM leg_days").fetchall()
    assert rows == [(LOCAL_MEMBER.guild_id, LOCAL_MEMBER.user_id, int(NOW.timestamp()))]


def test_times_follow_the_members_time_zone(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path, timezone="Europe/London"),
            '/legday exercises:3 when:"yesterday 19:00"',
            "/profile timezone:America/New_York",
            '/canirun type:tempo when:"in 3h"',
        )
    )
    # Yesterday 19:00 in London (GMT) = 19:00 UTC; ready 48 h later = Thu 19:00 UTC = 14:00 EST.
    assert (
        "fine again from Wed 25 Nov 2026 19:00 GMT (in a day)"
        in (got['/legday exercises:3 when:"yesterday 19:00"'])
    )
    verdict = got['/canirun type:tempo when:"in 3h"']
    assert "at Tue 24 Nov 2026 16:00 EST (in 3 hours)" in verdict
    assert "Hard running OK from Wed 25 Nov 2026 14:00 EST (in a day)" in verdict


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "/lgday exercises:3",
            "Unknown command /lgday. Did you mean /legday? Type help for the list.",
        ),
        ("/nothing", "Unknown command /nothing. Type help for the list."),
        (
            "/legday exercises:3 weight:100",
            "weight: is not an option of this command (its options: exercises, heaviest,",
        ),
        (
            # The option typed in another case is named, not dropped as "exercises: is required".
            "/legday Exercises:3",
            "Exercises: is not an option of this command; did you mean exercises? Options are"
            " in lower case (its options: exercises, heaviest,",
        ),
        ("/legday exercises:30", "exercises: must be a whole number from 0 to 20"),
        ("/legday exercises:three", "exercises: must be a whole number from 0 to 20"),
        ("/legday", "exercises: is required"),
        ('/canirun type:tempo when:"blah blah"', "when: could not understand 'blah blah'."),
        (
            "/canirun type:tempo when:yesterday",
            "when: that is in the past; a plan is for now or later",
        ),
        ("/canirun type:jog", "type: 'jog' is not allowed; choose 'recovery', 'easy',"),
        ("/legday hard:maybe exercises:1", "hard: must be true or false"),
        ("/profile timezone:Mars/Base", "timezone: "),
        ("/legday 3", "'3' is not name:value. Options are written like this: /canirun type:"),
        ('/legday notes:"open', "Could not read that line (No closing quotation)."),
        ("/mydata", "/mydata needs a subcommand: /mydata export, /mydata delete."),
        # A group inside a group lists its own subcommands, not all of /club's.
        (
            "/club session",
            "/club session needs a subcommand: /club session add, /club session remove,"
            " /club session list, /club session join.",
        ),
        ("/club session bogus", "/club session needs a subcommand: /club session add,"),
        ("/club bogus", "/club needs a subcommand: /club reminder set,"),
    ],
)
def test_bad_input_gets_a_clear_message_and_the_console_goes_on(
    tmp_path: Path, line: str, message: str
) -> None:
    transcript = session(settings_for(tmp_path), line, "/profile")
    got = answers(transcript)
    assert got[line].startswith(message), got[line]
    assert got["/profile"].startswith("Your profile")
    assert "Traceback" not in transcript
    # Nothing was half-written by the refused line.
    with sqlite3.connect(tmp_path / "data" / "runclub.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM leg_days").fetchone() == (0,)


def test_exit_quit_and_end_of_input_end_the_session(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    for leave in ("/exit", "/quit", "exit", "quit"):
        got = answers(session(settings, leave, "/profile"))
        assert got == {leave: ""}, leave
    assert answers(session(settings, "/profile")).keys() == {"/profile"}


def test_help_lists_every_catalog_command_and_explains_one(tmp_path: Path) -> None:
    got = answers(session(settings_for(tmp_path), "help", "help legday", "help /mydata"))
    listing = got["help"]
    for spec in member_commands():
        assert f"/{spec.name} " in listing
        # Discord's markup written out as plain text, as in every reply (`time:off`).
        assert spec.summary.replace("`", "") in listing
    assert "`" not in listing
    assert got["help legday"].splitlines()[1:3] == [
        "  exercises:0-20  (required)",
        "  heaviest:1-100",
    ]
    assert "  hard:true|false" in got["help legday"]
    checkin = answers(session(settings_for(tmp_path), "help checkin"))["help checkin"]
    assert checkin.startswith("/checkin: ") and "time:off stops it" in checkin
    assert "`" not in checkin
    assert got["help /mydata"].count("(no options)") == 2


def test_slash_help_is_the_bots_own_help_command(tmp_path: Path) -> None:
    assert "help" in {spec.name for spec in member_commands()}
    got = answers(session(settings_for(tmp_path), "/help", "help"))
    assert got["/help"] != got["help"]
    assert "help COMMAND" not in got["/help"]
    for spec in member_commands():
        assert f"/{spec.name}" in got["/help"]


def test_history_saves_its_chart_as_a_png_and_prints_the_path(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    got = answers(
        session(
            settings,
            "/legday exercises:3",
            '/run type:easy distance:5 minutes:30 when:"2h ago"',
            "/history",
        )
    )
    saved = [line for line in got["/history"].splitlines() if line.startswith("Saved chart: ")]
    assert len(saved) == 1
    path = Path(saved[0].removeprefix("Saved chart: "))
    assert path.parent == tmp_path / "data" / "attachments"
    assert path.read_bytes().startswith(PNG)


# --------------------------------------------------------------------------------------------
# The Console object: what a session is made of


async def test_attachments_are_written_under_their_own_name_only(
    console: Console, tmp_path: Path
) -> None:
    async def chart(ctx: Context, opts: NoOptions) -> Reply:
        return Reply(title="Chart", files=(Attachment(filename="../../evil.png", data=PNG + b"1"),))

    console.commands["chart"] = CommandSpec("chart", "a chart", NoOptions, chart)
    first = (await console.handle("/chart")).text
    second = (await console.handle("/chart")).text
    files = sorted((tmp_path / "files").iterdir())
    assert [f.name for f in files] == [
        "member-1-1-evil-20261124-180000-2.png",
        "member-1-1-evil-20261124-180000.png",
    ]
    assert f"Saved chart: {files[1]}" in first
    assert f"Saved chart: {files[0]}" in second
    assert all(f.read_bytes() == PNG + b"1" for f in files)


async def test_an_unexpected_error_is_logged_and_answered_without_a_traceback(
    console: Console, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(ctx: Context, opts: NoOptions) -> Reply:
        raise RuntimeError("boom")

    console.commands["broken"] = CommandSpec("broken", "fails", NoOptions, broken)
    with caplog.at_level(logging.ERROR):
        answer = await console.handle("/broken")
    assert answer.text == FAILED
    assert "Traceback" not in answer.text
    [record] = caplog.records
    assert record.getMessage() == "/broken failed in the console"
    assert record.exc_info is not None and str(record.exc_info[1]) == "boom"


async def test_a_user_error_from_an_action_is_shown_as_it_is(console: Console) -> None:
    async def refuse(ctx: Context, opts: NoOptions) -> Reply:
        raise UserError("No entry `L9` of yours.")

    console.commands["refuse"] = CommandSpec("refuse", "refuses", NoOptions, refuse)
    # As it is, but as plain text: no Discord markup in a terminal.
    assert (await console.handle("/refuse")).text == "No entry L9 of yours."


# --------------------------------------------------------------------------------------------
# A real process


def console_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "RUNCLUB_CONFIG")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_python_m_bot_console_answers_piped_lines(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--now", "2026-11-24 18:00"],
        check=False,
        input="/legday exercises:3\n/canirun type:sprints\n/nope\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=console_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    got = answers(done.stdout)
    assert got["/canirun type:sprints"].startswith("WAIT: not a hard run yet")
    assert (
        "Hard running OK from Thu 26 Nov 2026 18:00 UTC (in 2 days)" in got["/canirun type:sprints"]
    )
    assert got["/nope"] == "Unknown command /nope. Type help for the list."
    assert (tmp_path / "data" / "runclub.sqlite3").is_file()
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------------------------
# A command that asks first (/mydata delete: buttons on Discord, "yes" here)


def rows_of_local_member(settings: Settings) -> dict[str, int]:
    with sqlite3.connect(settings.database.path) as db:
        return {
            table: db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE guild_id = ? AND user_id = ?",
                (LOCAL_MEMBER.guild_id, LOCAL_MEMBER.user_id),
            ).fetchone()[0]
            for table in ("members", "leg_days", "runs")
        }


def test_anything_but_yes_cancels_and_keeps_everything(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    transcript = session(
        settings,
        "/legday exercises:3 when:yesterday",
        "/run type:easy distance:5",
        "/mydata delete",
        "delete it",
    )
    said = answers(transcript)
    assert "type yes within 60 seconds to go ahead" in said["/mydata delete"]
    assert "Nothing was deleted" in said["delete it"]
    assert rows_of_local_member(settings) == {"members": 1, "leg_days": 1, "runs": 1}


def test_yes_deletes_every_row_and_only_once(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    transcript = session(
        settings,
        "/legday exercises:3 when:yesterday",
        "/mydata delete",
        "yes",
        # A second "yes" is an ordinary line again, not another confirmation.
        "yes",
    )
    blocks = transcript.split("runclub> ")[1:]
    assert "Deleted" in blocks[2]
    assert "Unknown command" in blocks[3]
    assert rows_of_local_member(settings) == {"members": 0, "leg_days": 0, "runs": 0}


# --------------------------------------------------------------------------------------------
# /club: the console's user is the local club's admin


def test_club_session_add_then_preview_shows_todays_session(tmp_path: Path) -> None:
    # NOW is a Tuesday.
    got = answers(
        session(
            settings_for(tmp_path, timezone="Europe/London"),
            '/club session add day:tuesday time:18:30 type:hills name:"Hill Tuesday"',
            "/club session add day:friday time:07:00 type:easy",
            "/club preview",
            "/club session list",
        )
    )
    added = got['/club session add day:tuesday time:18:30 type:hills name:"Hill Tuesday"']
    assert added.startswith("Added to the club's week: Tue 18:30 hills · Hill Tuesday")
    # The club's time zone, from the config: no reminder has set one.
    assert "(Europe/London)" in added
    preview = got["/club preview"]
    assert preview.startswith("Run club · Tuesday 24 November 2026")
    today = preview.split("Today's sessions", 1)[1].split("\n\n", 1)[0]
    # Its event is on the console's calendar, and nobody pressed "Interested" yet.
    assert "• 18:30 Hill repeats (hard) · Hill Tuesday: nobody interested yet" in today
    assert "07:00" not in today
    listing = got["/club session list"].splitlines()
    # Tuesday 24 November 18:30 has not passed at 18:00 UTC (GMT); Friday 07:00 is the 27th.
    assert [line for line in listing if line.startswith("•")] == [
        "• Tue 18:30 hills · Hill Tuesday, 60 minutes · on the console's calendar,"
        " next Tue 24 Nov 2026 18:30 GMT, 0 interested",
        "• Fri 07:00 easy, 60 minutes · on the console's calendar,"
        " next Fri 27 Nov 2026 07:00 GMT, 0 interested",
    ]


def test_club_session_add_says_where_the_daily_post_is_turned_on(tmp_path: Path) -> None:
    # As /club status does: the console refuses /club reminder set, which picks a channel, and
    # a session added before the post is on pointed its user there.
    line = "/club session add day:friday time:07:00 type:easy"
    added = answers(session(settings_for(tmp_path), line))[line]
    assert (
        " It will show in the daily post on its day once the post is on"
        " (/club reminder set in the club's Discord server)." in added
    ), added


def test_club_session_remove_says_its_event_left_the_consoles_calendar(tmp_path: Path) -> None:
    # Added "on the console's calendar", as the list shows it: removed from there too, not
    # from a server's calendar the console has none of.
    got = answers(
        session(
            settings_for(tmp_path),
            "/club session add day:friday time:07:00 type:easy",
            "/club session remove session:1",
        )
    )
    removed = got["/club session remove session:1"]
    assert removed == (
        "Removed from the club's week: Fri 07:00 easy."
        " Its event was deleted from the console's calendar."
    )


def test_a_list_that_moves_an_event_shows_where_it_moved(tmp_path: Path) -> None:
    """Tuesday 18:30 added on London's clock; the console started again with `[club]
    timezone` Asia/Tokyo (UTC+9): the first list moves the event to Tuesday 1 December 18:30
    in Tokyo and shows that start, not the one it read before moving it (Tuesday 24 November
    18:30 GMT, Wednesday 03:30 in Tokyo; found in review)."""
    session(
        settings_for(tmp_path, timezone="Europe/London"),
        "/club session add day:tuesday time:18:30 type:hills",
    )
    got = answers(session(settings_for(tmp_path, timezone="Asia/Tokyo"), "/club session list"))
    listing = [line for line in got["/club session list"].splitlines() if line.startswith("•")]
    assert listing == [
        "• Tue 18:30 hills, 60 minutes · on the console's calendar,"
        " next Tue 1 Dec 2026 18:30 JST, 0 interested",
    ]


def test_club_session_add_checks_its_options_like_discord(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path),
            "/club session add day:someday time:18:30 type:hills",
            "/club session add day:monday time:25:00 type:hills",
            "/club session list",
        )
    )
    assert "day: " in got["/club session add day:someday time:18:30 type:hills"]
    assert "time: " in got["/club session add day:monday time:25:00 type:hills"]
    assert "Added" not in "".join(got.values())


def test_club_commands_are_listed_and_a_channel_needs_discord(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path),
            "help",
            "/club reminder set channel:123 time:07:00",
            "/club status",
        )
    )
    for name in ("club reminder set", "club preview", "club session add", "club session list"):
        assert f"/{name} " in got["help"]
    refused = got["/club reminder set channel:123 time:07:00"]
    assert refused == (
        "/club reminder set picks a Discord channel (option channel): use it in your club's server."
    )
    # Nothing was turned on, and the status says where the post is turned on.
    assert got["/club status"].splitlines()[2:] == [
        "Not set up yet. /club reminder set in the club's Discord server turns it on."
    ]


def test_the_status_of_a_post_turned_off_in_discord_says_where_to_turn_it_on(
    tmp_path: Path,
) -> None:
    # The console on the bot's own database (README, the container's console): the post was
    # set up and turned off in Discord, and the console cannot pick its channel again.
    settings = settings_for(tmp_path)
    session(settings, "/club status")  # the database made

    async def set_up_and_turn_off() -> None:
        async with await open_store(settings.database) as store:
            guild = LOCAL_MEMBER.guild_id
            await store.clubs.set_reminder(
                guild, channel_id=5, post_time=wall_time(7, 0), timezone=None, now=NOW
            )
            assert await store.clubs.turn_off(guild, now=NOW)

    asyncio.run(set_up_and_turn_off())
    status = answers(session(settings, "/club status"))["/club status"]
    assert "Off (/club reminder set in the club's Discord server turns it on)" in status


# --------------------------------------------------------------------------------------------
# --now starts the clock; it then runs (issue 9, point 19)


def test_a_log_right_after_console_now_reads_as_now(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--now", "2026-11-24 18:00"],
        check=False,
        input="/legday exercises:3\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=console_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    legday = answers(done.stdout)["/legday exercises:3"]
    assert "Logged for Tue 24 Nov 2026 18:00 UTC (now)." in legday, legday
    assert "few seconds" not in legday


async def test_the_console_clock_runs_on_from_its_start(tmp_path: Path) -> None:
    ticks = [0.0]
    clock = running_clock(NOW, elapsed=lambda: ticks[0])
    console = await Console.open(settings_for(tmp_path), clock=clock, files_dir=tmp_path / "f")
    try:
        logged = (await console.handle("/legday exercises:3")).text
        assert "Logged for Tue 24 Nov 2026 18:00 UTC (now)." in logged
        ticks[0] += 90 * 60  # an hour and a half at the keyboard
        plan = (await console.handle("/canirun type:sprints")).text
    finally:
        await console.close()
    # Planned for the console's own now, 90 minutes on: the leg day reads as 1 h 30 before.
    assert "was 1 hour 30 minutes before this sprint session" in plan, plan
    assert "Hard running OK from Thu 26 Nov 2026 18:00 UTC (in 2 days)" in plan


# --------------------------------------------------------------------------------------------
# Issue 9, point 18: what the console says, said for a console


def test_a_missing_entry_is_answered_with_the_entries_to_type(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path),
            "/legday exercises:3 when:yesterday",
            "/run type:easy distance:5",
            "/delete entry:R9",
        )
    )
    said = got["/delete entry:R9"]
    assert said.startswith("No entry R9 of yours.")
    assert "Type one of these, e.g. /delete entry:R1" in said
    listed = [line.strip() for line in said.splitlines() if line.startswith("  ")]
    assert [line.split(" · ")[0] for line in listed] == ["R1", "L1"]


def test_a_missing_session_is_answered_with_the_sessions_to_type(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path, timezone="Europe/London"),
            "/club session add day:thursday time:18:30 type:hills",
            "/club session remove session:99",
        )
    )
    said = got["/club session remove session:99"]
    assert "Type one of these, e.g. /club session remove session:1" in said
    assert "  1: Thu 18:30 hills" in said


def test_a_race_is_set_edited_and_listed_in_the_console(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path),
            '/race set date:2026-12-12 name:"Winter 10k"',
            '/race edit race:1 name:"Solstice 10k" distance:10k',
            "/race edit race:1",
            "/race edit race:1 date:2026-11-23",
            "/race list",
        )
    )
    # Tue 24 Nov 2026 to Sat 12 Dec 2026: 18 days.
    edited = got['/race edit race:1 name:"Solstice 10k" distance:10k']
    assert edited.splitlines()[2:4] == [
        "Solstice 10k (10k), Sat 12 Dec: in 18 days",
        "Was: Winter 10k, Sat 12 Dec: in 18 days",
    ]
    assert got["/race edit race:1"] == (
        "nothing to change in race 1: give a new date, name or distance."
    )
    assert got["/race edit race:1 date:2026-11-23"] == (
        "date: that day is over; a race goes on your calendar ahead of time"
    )
    assert got["/race list"].splitlines()[2:] == ["• 1 Solstice 10k (10k), Sat 12 Dec: in 18 days"]


def test_a_missing_race_is_answered_with_the_races_to_type(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path),
            '/race set date:2026-12-12 name:"Winter 10k"',
            "/race set date:2026-11-29 name:Parkrun",
            "/race remove race:9",
            "/race edit race:x name:y",
        )
    )
    # Soonest first, as Discord's autocomplete lists them: Sun 29 Nov, then Sat 12 Dec.
    listed = ["  2 · Sun 29 Nov · Parkrun", "  1 · Sat 12 Dec · Winter 10k"]
    removed = got["/race remove race:9"].splitlines()
    assert removed[0].startswith("No race 9 of yours.")
    assert removed[1:] == ["Type one of these, e.g. /race remove race:2", *listed]
    edited = got["/race edit race:x name:y"].splitlines()
    assert edited[0].startswith("No race x of yours.")
    assert edited[1:] == ["Type one of these, e.g. /race edit race:2", *listed]


def test_a_missing_reminder_is_answered_with_the_reminders_to_type(tmp_path: Path) -> None:
    got = answers(
        session(
            settings_for(tmp_path),
            "/remind cancel reminder:4",
            "/legday exercises:4",
            "/canirun type:tempo",
            "yes",
            "/remind cancel reminder:9",
        )
    )
    assert got["/remind cancel reminder:4"].splitlines()[1:] == ["You have none to pick from."]
    # The HARD leg day at Tue 24 Nov 18:00 UTC: hard running is fine 48 hours later.
    said = got["/remind cancel reminder:9"].splitlines()
    assert said[0] == "No pending reminder “9” of yours; /remind list shows them."
    assert said[1:] == [
        "Type one of these, e.g. /remind cancel reminder:#1",
        "  #1 · clear for hard running · Thu 26 Nov 18:00",
    ]


def test_a_time_zone_not_known_is_answered_with_the_zones_it_may_be(tmp_path: Path) -> None:
    got = answers(session(settings_for(tmp_path), "/profile timezone:America/New_Y"))
    said = got["/profile timezone:America/New_Y"].splitlines()
    assert said[0].startswith("timezone: unknown timezone 'America/New_Y'.")
    assert said[1:] == [
        "Type one of these, e.g. /profile timezone:America/New_York",
        "  America/New_York",
    ]


def test_a_time_zone_abbreviation_is_answered_with_the_places_that_use_it(tmp_path: Path) -> None:
    """SAST (South Africa Standard Time) is what Johannesburg's, Maseru's and Mbabane's clocks
    show; EST is New York's and Detroit's in winter, Panama's all year. The places come before
    a name that merely holds the letters (Bucharest)."""
    got = answers(
        session(settings_for(tmp_path), "/profile timezone:SAST", "/profile timezone:EST")
    )
    said = got["/profile timezone:SAST"].splitlines()
    assert said[0].startswith(
        "timezone: SAST: did you mean Africa/Johannesburg, Africa/Maseru or Africa/Mbabane?"
    )
    assert said[1:] == [
        "Type one of these, e.g. /profile timezone:Africa/Johannesburg",
        "  Africa/Johannesburg",
        "  Africa/Maseru",
        "  Africa/Mbabane",
    ]
    listed = [line.strip() for line in got["/profile timezone:EST"].splitlines()[2:]]
    assert listed[:2] == ["America/New_York", "America/Toronto"]
    on_est = [listed.index(p) for p in ("America/Detroit", "America/Panama", "America/Jamaica")]
    assert max(on_est) < listed.index("Europe/Bucharest")


def test_every_option_that_picks_by_id_gets_a_list_in_the_console(tmp_path: Path) -> None:
    """Every such option of the catalog, found from the declarations: on an empty database
    each one's refusal says there is nothing to pick (not just "No ... of yours")."""
    lines = [
        f"/{spec.name} {name}:zzz"
        for spec in all_commands()
        for name, field in spec.options.model_fields.items()
        if (kind := suggestion(field)) is not None and kind.picks
    ]
    assert {line.split(" ", 1)[0] for line in lines} >= {"/delete", "/edit", "/race", "/remind"}
    got = answers(session(settings_for(tmp_path), *lines))
    for line in lines:
        assert got[line].splitlines()[-1] == "You have none to pick from.", line


def test_nothing_to_pick_says_so(tmp_path: Path) -> None:
    said = answers(session(settings_for(tmp_path), "/delete entry:R1"))["/delete entry:R1"]
    assert "You have none to pick from." in said


async def test_a_yes_after_the_confirmation_window_deletes_nothing(tmp_path: Path) -> None:
    ticks = [0.0]
    settings = settings_for(tmp_path)
    console = await Console.open(
        settings, clock=running_clock(NOW, elapsed=lambda: ticks[0]), files_dir=tmp_path / "f"
    )
    try:
        await console.handle("/legday exercises:3 when:yesterday")
        asked = (await console.handle("/mydata delete")).text
        assert "type yes within 60 seconds" in asked
        ticks[0] += 63
        late = (await console.handle("yes")).text
        again = (await console.handle("yes")).text  # an ordinary line again
    finally:
        await console.close()
    assert late.splitlines() == [
        "Nothing was deleted",
        "-" * len("Nothing was deleted"),
        "No answer within 60 seconds. Run /mydata delete again if you still want to.",
    ]
    assert "Unknown command" in again
    assert rows_of_local_member(settings) == {"members": 1, "leg_days": 1, "runs": 0}


async def test_a_yes_within_the_window_deletes(tmp_path: Path) -> None:
    ticks = [0.0]
    settings = settings_for(tmp_path)
    console = await Console.open(
        settings, clock=running_clock(NOW, elapsed=lambda: ticks[0]), files_dir=tmp_path / "f"
    )
    try:
        await console.handle("/legday exercises:3 when:yesterday")
        await console.handle("/mydata delete")
        ticks[0] += 59
        done = (await console.handle("yes")).text
    finally:
        await console.close()
    assert done.startswith("Deleted")
    assert rows_of_local_member(settings) == {"members": 0, "leg_days": 0, "runs": 0}


def test_deleting_says_what_went_not_rows(tmp_path: Path) -> None:
    transcript = session(
        settings_for(tmp_path),
        "/legday exercises:3 when:yesterday",
        "/run type:easy distance:5",
        "/mydata delete",
        "yes",
    )
    said = answers(transcript)["yes"]
    assert "your profile, 1 leg day and 1 run" in said
    assert "row" not in said


def test_a_command_at_the_confirmation_cancels_it_and_runs(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    said = answers(
        session(
            settings,
            "/legday exercises:3 when:yesterday",
            "/mydata delete",
            "/run type:easy distance:5",
            "yes",
        )
    )
    ran = said["/run type:easy distance:5"]
    assert ran.startswith("Nothing was deleted")
    assert "Run logged: Easy run" in ran
    assert "Unknown command" in said["yes"]  # the question is over
    assert rows_of_local_member(settings) == {"members": 1, "leg_days": 1, "runs": 1}


@pytest.mark.parametrize("tips", [1, 3])
def test_tips_are_a_list_however_many(tips: int) -> None:
    value = "\n".join(f"• tip {n}" for n in range(tips))
    text = render_reply(Reply(title="T", fields=(EmbedField(name="Tips", value=value),)), READER)
    assert text.splitlines()[3:] == ["Tips:", *(f"  • tip {n}" for n in range(tips))]


def test_a_leg_days_tips_are_a_list(tmp_path: Path) -> None:
    said = answers(session(settings_for(tmp_path), "/legday exercises:1"))["/legday exercises:1"]
    lines = said.splitlines()
    tips = lines.index("Tips:")
    assert lines[tips + 1].startswith("  • ")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("Use `/mydata export` first", "Use /mydata export first"),
        ("~~old~~ new", "old new"),
        ("> quoted\nnot", "  quoted\nnot"),
        (">>> all\nof it", "  all\n  of it"),
        ("`**kept**`", "**kept**"),
        ("__under__", "under"),
        ("a \\> b", "a > b"),
    ],
)
def test_more_markup_is_written_out(markup: str, text: str) -> None:
    assert plain(markup, READER) == text


def test_no_markup_reaches_the_terminal(tmp_path: Path) -> None:
    transcript = session(
        settings_for(tmp_path),
        "/legday exercises:3",
        "/canirun type:sprints",
        "/delete entry:R9",
        "/mydata delete",
        "no",
    )
    for marker in ("**", "`", "<t:", "~~"):
        assert marker not in transcript, marker


def test_a_gzipped_export_is_saved_as_json_gz_so_it_unpacks_to_a_json_file(
    tmp_path: Path,
) -> None:
    # An export over Discord's 10 MiB comes gzipped (bot/render/mydata.py) in the console too:
    # saved as ...json-<time>.gz, gunzip and every archive tool named what it unpacked
    # ...json-<time>, a file no system opened as JSON.
    settings = settings_for(tmp_path)
    session(settings, '/run type:easy distance:5 minutes:30 when:"2h ago"')
    many = 20_000
    with sqlite3.connect(settings.database.path) as db:
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO runs (guild_id, user_id, at, run_type, distance_km, minutes, rpe,"
            " notes, created_at)"
            " SELECT 1, 1, ? - i * 3600, 'easy', 5.0, 30.0, 3,"
            " printf('%d %s', i, hex(randomblob(90))), ? FROM n",
            (many, int(NOW.timestamp()), int(NOW.timestamp())),
        )

    said = answers(session(settings, "/mydata export"))["/mydata export"]

    (line,) = [line for line in said.splitlines() if line.startswith("Saved ")]
    path = Path(line.split(": ", 1)[1])
    assert path.name == "member-1-1-runclub-mydata-20261124-180000.json.gz"
    unpacked = tmp_path / path.stem  # the name gunzip gives what it unpacks
    unpacked.write_bytes(gzip.decompress(path.read_bytes()))
    assert unpacked.suffix == ".json"
    assert len(json.loads(unpacked.read_text(encoding="utf-8"))["runs"]) == many + 1


# --------------------------------------------------------------------------------------------
# Issue 9, point 20: /mydata delete takes the member's saved files too


def test_mydata_delete_removes_the_members_saved_files_only(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    files = tmp_path / "data" / "attachments"
    files.mkdir(parents=True)
    someone_else = files / "member-1-2-runclub-mydata-20261124-170000.json"
    someone_else.write_text("{}")
    unrelated = files / "notes.txt"
    unrelated.write_text("mine, not the bot's")

    said = answers(
        session(
            settings,
            '/run type:easy distance:5 minutes:30 when:"2h ago"',
            "/history",
            "/mydata export",
            "/mydata delete",
            "yes",
        )
    )
    saved = [
        Path(line.split(": ", 1)[1])
        for key in ("/history", "/mydata export")
        for line in said[key].splitlines()
        if line.startswith("Saved ")
    ]
    assert len(saved) == 2 and all(path.parent == files for path in saved)
    assert not any(path.exists() for path in saved)
    assert someone_else.exists() and unrelated.exists()
    assert f"Also deleted 2 saved files (exports and charts) from {files}." in said["yes"]
