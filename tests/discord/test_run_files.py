"""/run with watch files, end to end: the attachment arrives as Discord sends it (an id in the
options, its metadata in `data.resolved.attachments`), the bot downloads it from the fake CDN
through discord.py's own Attachment.read(), reads it and stores the summary.

Every stored number is checked against what tests/data/make_samples.py wrote into the file.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.actions.file_reader import ActivityFiles
from bot.activity_files import ParsedRun
from bot.core.models import MemberRef, Run, RunType
from bot.discord.commands.files import PUBLIC_POSTED
from tests.discord.harness import (
    ALICE,
    EPHEMERAL,
    GUILD_A,
    FakeAttachment,
    FakeClock,
    Harness,
    Result,
)
from tests.discord.test_adversarial import command_payload, simultaneous

DATA = Path(__file__).resolve().parent.parent / "data"
# After every sample run (the latest starts 2025-05-08 17:15 UTC).
NOW = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)
DEFERRED = 5
CDN = re.compile(r"https://cdn\.discordapp\.com/attachments/.*")


def sample(name: str, *, as_name: str | None = None, size: int | None = None) -> FakeAttachment:
    return FakeAttachment(as_name or name, (DATA / name).read_bytes(), size=size)


def epoch(year: int, month: int, day: int, hour: int, minute: int) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


async def runs(h: Harness) -> list[dict[str, Any]]:
    """The stored rows, with moments as epoch seconds whichever backend stored them."""
    rows = await h.store.db.all("SELECT * FROM runs ORDER BY id")
    return [
        {key: int(v.timestamp()) if isinstance(v, datetime) else v for key, v in dict(row).items()}
        for row in rows
    ]


def summary(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "at",
        "run_type",
        "distance_km",
        "minutes",
        "moving_seconds",
        "elapsed_seconds",
        "avg_hr",
        "max_hr",
        "elevation_gain_m",
        "source",
    )
    return {key: row[key] for key in keys}


def downloads(result: Result) -> list[str]:
    return [r.path for r in result.requests if r.method == "GET" and CDN.fullmatch(r.path)]


# --- what a file gives --------------------------------------------------------------------


async def test_a_fit_file_is_downloaded_read_and_stored_field_by_field(harness: Harness) -> None:
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    # Acknowledged privately at once ("thinking"), then answered.
    assert result.callback_type == DEFERRED
    assert result.ephemeral
    [url] = downloads(result)
    assert url.endswith("/easy_run.fit")
    [row] = await runs(harness)
    assert summary(row) == {
        "at": epoch(2025, 5, 4, 7, 30),
        "run_type": "easy",
        "distance_km": 5.0,
        "minutes": 25.0,
        "moving_seconds": 1500,
        "elapsed_seconds": 1530,
        "avg_hr": 145,
        "max_hr": 162,
        "elevation_gain_m": 42,
        "source": "fit",
    }
    text = result.text
    assert "Run logged from your watch: Easy run" in text
    assert "5.0 km · 25:00 moving · 5:00 /km · 25:30 in all" in text
    assert "heart rate avg 145, max 162 bpm · climb 42 m" in text
    assert "no maximum heart rate set and fewer than 3 easy runs to compare: assumed easy" in text
    assert f"/edit entry:R{row['id']} type:" in text
    assert "the file itself is not stored" in text
    assert result.message["allowed_mentions"] == {"parse": []}


async def test_each_run_of_a_file_with_two_is_logged(harness: Harness) -> None:
    result = await harness.invoke("run", {"file": sample("two_runs.fit")})
    first, second = await runs(harness)
    assert summary(first) == {
        "at": epoch(2025, 5, 5, 6, 0),
        "run_type": "easy",
        "distance_km": 3.21,
        "minutes": 1200 / 60,  # the moving time, exactly (1200 s)
        "moving_seconds": 1200,
        "elapsed_seconds": 1260,
        "avg_hr": 138,
        "max_hr": 151,
        "elevation_gain_m": 12,
        "source": "fit",
    }
    assert summary(second) == {
        "at": epoch(2025, 5, 5, 17, 0),
        "run_type": "easy",
        "distance_km": 8.123,
        "minutes": 3330 / 60,  # the moving time, exactly
        "moving_seconds": 3330,
        "elapsed_seconds": 3400,
        "avg_hr": 152,
        "max_hr": 178,
        "elevation_gain_m": None,
        "source": "fit",
    }
    assert result.embed["title"] == "2 runs logged from your watch"
    assert result.embed["footer"]["text"] == f"Entries R{first['id']}, R{second['id']}"


async def test_a_gpx_file_with_two_tracks(harness: Harness) -> None:
    await harness.invoke("run", {"file": sample("two_tracks.gpx")})
    first, second = await runs(harness)
    assert summary(first) == {
        "at": epoch(2025, 5, 6, 6, 0),
        "run_type": "easy",
        "distance_km": 3.004,
        "minutes": 1000 / 60,  # the moving time, exactly
        "moving_seconds": 1000,
        "elapsed_seconds": 1080,
        "avg_hr": 150,
        "max_hr": 171,
        "elevation_gain_m": 20,
        "source": "gpx",
    }
    assert summary(second) == {
        "at": epoch(2025, 5, 6, 18, 0),
        "run_type": "easy",
        "distance_km": 1.25,
        "minutes": 500 / 60,  # the moving time, exactly
        "moving_seconds": 500,
        "elapsed_seconds": 500,
        "avg_hr": None,
        "max_hr": None,
        "elevation_gain_m": 10,
        "source": "gpx",
    }


async def test_a_tcx_file(harness: Harness) -> None:
    await harness.invoke("run", {"file": sample("run.tcx")})
    [row] = await runs(harness)
    assert summary(row) == {
        "at": epoch(2025, 5, 8, 17, 15),
        "run_type": "easy",
        "distance_km": 4.251,
        "minutes": 1180 / 60,  # the moving time, exactly
        "moving_seconds": 1180,
        "elapsed_seconds": 1225,
        "avg_hr": 150,
        "max_hr": 175,
        "elevation_gain_m": 30,
        "source": "tcx",
    }


# --- the run type ---------------------------------------------------------------------------


async def test_with_a_maximum_heart_rate_the_zone_picks_the_type(harness: Harness) -> None:
    profile = await harness.invoke("profile", {"max_hr": 170})
    assert "170 bpm" in profile.text
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    [row] = await runs(harness)
    assert row["run_type"] == "tempo"  # 145 of 170 is above 85%
    assert "from your average heart rate: 145 bpm is 85.3% of your max of 170" in result.text
    assert f"/edit entry:R{row['id']} type:" in result.text


async def test_without_one_the_pace_against_recent_easy_runs_picks_it(harness: Harness) -> None:
    # Three easy runs at 10 km/h before the file's run; the file's is 12 km/h: 1.2 times.
    for day in (1, 2, 3):
        await harness.invoke(
            "run",
            {"type": "easy", "distance": 5, "minutes": 30, "when": f"2025-05-0{day} 07:00"},
        )
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    *_, row = await runs(harness)
    assert row["run_type"] == "tempo"
    assert (
        "from your pace against your recent easy runs: 12.0 km/h is 1.20 times the median"
        " 10.0 km/h of your last 3" in result.text
    )


async def test_a_guessed_hard_run_after_a_hard_leg_day_gets_the_note(harness: Harness) -> None:
    await harness.invoke("profile", {"max_hr": 160})
    await harness.invoke("legday", {"exercises": 4, "when": "2025-05-03 18:00"})
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    [row] = await runs(harness)
    assert row["run_type"] == "tempo"
    ready = epoch(2025, 5, 5, 18, 0)
    assert f"Hard running would have been fine from <t:{ready}:F>" in result.text


async def test_options_beside_the_file_win_over_it(harness: Harness) -> None:
    result = await harness.invoke(
        "run",
        {
            "file": sample("easy_run.fit"),
            "type": "long",
            "distance": 6,
            "minutes": 31,
            "rpe": 4,
            "notes": "with @everyone",
        },
    )
    [row] = await runs(harness)
    assert (row["run_type"], row["distance_km"], row["moving_seconds"], row["minutes"]) == (
        "long",
        6.0,
        1860,
        31.0,
    )
    assert (row["rpe"], row["notes"], row["avg_hr"], row["at"]) == (
        4,
        "with @everyone",
        145,
        epoch(2025, 5, 4, 7, 30),
    )
    assert "Type: long run (moderate), as you gave it." in result.text
    assert "@everyone" not in result.text


# --- the training load, as a typed run's ---------------------------------------------------


async def test_a_file_run_shows_its_load_from_the_moving_time(harness: Harness) -> None:
    # 25 minutes moving; no RPE given: estimated from the run's intensity (easy: 3).
    guessed = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert "Load: 75 (RPE 3 × 25 min) (estimated: RPE)." in guessed.text
    # The same line a typed run of the same type and minutes gets.
    typed = await harness.invoke("run", {"type": "easy", "minutes": 25})
    assert "Load: 75 (RPE 3 × 25 min) (estimated: RPE)." in typed.text

    await harness.invoke("delete", {"entry": "R1"})
    given = await harness.invoke("run", {"file": sample("easy_run.fit"), "rpe": 6})
    assert "Load: 150 (RPE 6 × 25 min)." in given.text
    assert "estimated" not in given.text


async def test_a_file_run_typed_by_heart_rate_estimates_a_hard_runs_rpe(harness: Harness) -> None:
    await harness.invoke("profile", {"max_hr": 170})  # 145 bpm: tempo, high intensity
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert "Load: 200 (RPE 8 × 25 min) (estimated: RPE)." in result.text


async def test_each_run_of_a_file_has_its_own_load(harness: Harness) -> None:
    result = await harness.invoke("run", {"file": sample("two_runs.fit")})
    first, second = await runs(harness)
    assert (first["moving_seconds"], second["moving_seconds"]) == (1200, 3330)
    # From the moving time to the second: 3 × 20 min = 60; 3 × 55.5 min = 166.5, shown 167,
    # a half going up as a time's or a pace's does.
    expected = ["Load: 60 (RPE 3 × 20 min)", "Load: 167 (RPE 3 × 55:30)"]
    for line, field in zip(expected, result.embed["fields"], strict=True):
        assert f"{line} (estimated: RPE)." in field["value"], field["value"]


async def test_edit_minutes_of_a_file_run_corrects_its_moving_time(harness: Harness) -> None:
    await harness.invoke("run", {"file": sample("easy_run.fit"), "rpe": 4})
    result = await harness.invoke("edit", {"entry": "R1", "minutes": 30})
    assert "Load: 120 (RPE 4 × 30 min)." in result.embed["description"]
    [row] = await runs(harness)
    # As `minutes` beside the file would have: the pace and speed follow the correction.
    assert (row["minutes"], row["moving_seconds"], row["elapsed_seconds"]) == (30.0, 1800, 1800)
    assert (row["avg_hr"], row["source"]) == (145, "fit")
    # A typed run has no moving time to correct.
    await harness.invoke("run", {"type": "easy", "minutes": 20})
    await harness.invoke("edit", {"entry": "R2", "minutes": 25})
    typed = (await runs(harness))[1]
    assert (typed["minutes"], typed["moving_seconds"]) == (25.0, None)


async def test_a_typed_run_still_needs_its_type(harness: Harness) -> None:
    result = await harness.invoke("run", {"distance": 5})
    assert result.ephemeral
    assert result.content.startswith("`type` is missing")
    assert await runs(harness) == []


# --- duplicates ---------------------------------------------------------------------------


async def test_the_same_file_twice_is_refused_naming_the_entry(harness: Harness) -> None:
    await harness.invoke("run", {"file": sample("easy_run.fit")})
    [row] = await runs(harness)
    again = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert again.ephemeral
    assert again.content == f"easy\\_run.fit: already logged as R{row['id']}, so not logged again"
    assert len(await runs(harness)) == 1


async def test_a_typed_run_of_the_same_start_and_distance_is_a_duplicate(
    harness: Harness,
) -> None:
    # Started a minute later and 1% longer: the same run.
    await harness.invoke(
        "run", {"type": "easy", "distance": 5.05, "minutes": 25, "when": "2025-05-04 07:31"}
    )
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert result.content == "easy\\_run.fit: already logged as R1, so not logged again"


class SideBySide(ActivityFiles):
    """Reads files in a thread as usual, then holds each result until `parties` files are
    read: interactions sent at once then reach the store together, step for step, as two
    devices (or two bot processes) would."""

    def __init__(self, parties: int) -> None:
        super().__init__(None)
        self.barrier = asyncio.Barrier(parties)

    async def parse(self, name: str, data: bytes, zone: ZoneInfo) -> list[ParsedRun]:
        runs = await super().parse(name, data, zone)
        await self.barrier.wait()
        return runs


async def test_the_same_file_sent_twice_at_once_is_stored_once(
    make_harness: Callable[..., Harness],
) -> None:
    """A double tap, or the file sent from two devices: both interactions run side by side,
    one run is stored and the other answer names it (on each backend, as every test here)."""
    async with make_harness(files=SideBySide(parties=2)) as h:
        first, second = await simultaneous(
            h,
            command_payload(h, "run", {"file": sample("easy_run.fit")}),
            command_payload(h, "run", {"file": sample("easy_run.fit")}),
        )
        [run] = await h.store.entries.recent(MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id), 5)
        answers = [r.text for r in (first, second)]
        assert sum("Run logged from your watch" in text for text in answers) == 1, answers
        repeats = f"already logged as R{run.id}, so not logged again"
        assert sum(repeats in text for text in answers) == 1, answers


@pytest.mark.parametrize(
    ("when", "distance"),
    # The file's run: 5.0 km from 07:30:00 for 1,530 s, to 07:55:30 (its session message).
    [("2025-05-04 07:27", 5.0), ("2025-05-04 07:58", 5.0), ("2025-05-04 07:30", 5.15)],
    ids=["3 minutes before", "over 2 minutes after it ended", "3% longer"],
)
async def test_a_run_further_apart_is_another_run(
    harness: Harness, when: str, distance: float
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": distance, "minutes": 25, "when": when})
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert result.embed["title"] == "Run logged from your watch: Easy run"
    assert len(await runs(harness)) == 2


# --- bad files, one test each -----------------------------------------------------------------


async def refused(harness: Harness, attachment: FakeAttachment) -> Result:
    result = await harness.invoke("run", {"file": attachment})
    assert result.ephemeral
    assert "\n" not in result.content
    assert await runs(harness) == []
    return result


async def test_a_truncated_file(harness: Harness) -> None:
    result = await refused(harness, sample("truncated.fit"))
    assert result.content.startswith("truncated.fit: it is cut short")


async def test_a_corrupt_file(harness: Harness) -> None:
    result = await refused(harness, sample("corrupt.fit"))
    # The reader's words are escaped as member text is (Discord shows "\(" as "("): a refusal
    # may quote the file's own text.
    assert result.content.startswith("corrupt.fit: it is damaged \\(its checksum does not match\\)")


async def test_an_empty_file(harness: Harness) -> None:
    result = await refused(harness, sample("empty.fit"))
    assert result.content == "empty.fit: the file is empty"


async def test_a_file_that_is_not_from_a_watch(harness: Harness) -> None:
    result = await refused(harness, sample("notes.txt"))
    assert result.content == (
        "notes.txt: it is not a FIT, GPX or TCX file; attach the file your watch or its app"
        " exported"
    )


async def test_a_zip_file(harness: Harness) -> None:
    result = await refused(harness, sample("run.zip"))
    assert result.content == "run.zip: zip archives are not read; attach the .fit inside"


async def test_a_ride_is_refused_by_its_sport(harness: Harness) -> None:
    result = await refused(harness, sample("ride.fit"))
    assert result.content == "ride.fit: it is recorded as cycling, not as a run; only runs are read"


async def test_a_multisport_file_logs_its_run_and_says_what_it_skipped(harness: Harness) -> None:
    result = await harness.invoke("run", {"file": sample("triathlon.fit")})
    [row] = await runs(harness)
    # make_samples.triathlon: the run leg starts 6010 s after 08:00 and covers 10 km.
    assert (row["at"], row["distance_km"]) == (epoch(2025, 5, 10, 8, 0) + 6010, 10.0)
    skipped = "Note: the file's swimming and cycling parts were not logged: only runs are."
    assert skipped in result.text


async def test_an_oversized_file_is_refused_before_it_is_downloaded(harness: Harness) -> None:
    result = await refused(harness, sample("easy_run.fit", size=30 * 1024 * 1024))
    assert result.content == "easy\\_run.fit: it is 30 MB; files up to 25 MB are read"
    assert downloads(result) == []


async def test_a_file_just_over_the_limit_is_not_said_to_be_the_limit(harness: Harness) -> None:
    # 25 MB and 10,000 bytes is 25.0095 MB: rounded up, not to "25 MB", the limit itself.
    result = await refused(harness, sample("easy_run.fit", size=25 * 1024 * 1024 + 10_000))
    assert result.content == "easy\\_run.fit: it is 25.1 MB; files up to 25 MB are read"
    assert downloads(result) == []


async def test_a_file_with_too_many_points(harness: Harness) -> None:
    points = "".join(
        f'<trkpt lat="52.5" lon="13.{i:06d}"><time>2025-05-01T07:00:00Z</time></trkpt>'
        for i in range(200_001)
    )
    data = (
        '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()
    result = await refused(harness, FakeAttachment("huge.gpx", data))
    assert result.content == (
        "huge.gpx: it has more than 200,000 track points, more than a run needs; it was not read"
    )


async def test_a_file_discord_cannot_hand_over(harness: Harness) -> None:
    harness.fake.script("GET", CDN, 403)
    result = await refused(harness, sample("easy_run.fit"))
    assert result.content == (
        "easy\\_run.fit: could not be downloaded from Discord (403); try again"
    )


async def test_a_file_name_cannot_ping_or_format(harness: Harness) -> None:
    result = await refused(harness, sample("notes.txt", as_name="@everyone **big** [x](y).gpx"))
    assert result.content.startswith(
        "@\u200beveryone \\*\\*big\\*\\* \\[x\\]\\(y\\).gpx: it is not a FIT, GPX or TCX file"
    )
    assert result.message["allowed_mentions"] == {"parse": []}


async def test_a_file_that_takes_too_long(make_harness: Callable[..., Harness]) -> None:
    async with make_harness(files=ActivityFiles.in_threads(time_limit=0)) as h:
        result = await refused(h, sample("easy_run.fit"))
        assert result.content.startswith("easy\\_run.fit: couldn't read it in time")


# --- several files ------------------------------------------------------------------------


async def test_a_bad_file_does_not_discard_the_good_ones(harness: Harness) -> None:
    result = await harness.invoke(
        "run",
        {
            "file": sample("easy_run.fit"),
            "file2": sample("run.zip"),
            "file3": sample("run.tcx"),
            "file10": sample("ride.gpx"),
        },
    )
    assert [row["source"] for row in await runs(harness)] == ["fit", "tcx"]
    assert result.embed["title"] == "2 runs logged from your watch"
    [not_logged] = [f for f in result.embed["fields"] if f["name"] == "Not logged"]
    assert not_logged["value"] == (
        "run.zip: zip archives are not read; attach the .fit inside\n"
        "ride.gpx: it is recorded as cycling, not as a run; only runs are read"
    )


async def test_per_run_corrections_need_a_single_file(harness: Harness) -> None:
    result = await harness.invoke(
        "run", {"file": sample("easy_run.fit"), "file2": sample("run.tcx"), "distance": 5}
    )
    assert result.content.startswith("`distance` corrects the run of one file")
    assert await runs(harness) == []


def test_run_offers_ten_file_options_within_discords_limits(harness: Harness) -> None:
    options = harness.command_json("run")["options"]
    files = [o["name"] for o in options if o["type"] == 11]
    assert files == ["file", *(f"file{n}" for n in range(2, 11))]
    assert len(options) <= 25


# --- the real helper process, privacy, public logs -----------------------------------------


@pytest.fixture
async def with_worker(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Harness]:
    async with Harness(tmp_path, clock=clock, files=ActivityFiles.in_processes()) as h:
        yield h


async def test_files_are_read_in_the_helper_process(with_worker: Harness) -> None:
    result = await with_worker.invoke(
        "run", {"file": sample("easy_run.fit"), "file2": sample("run.zip")}
    )
    assert with_worker.files.worker_pid is not None
    [row] = await runs(with_worker)
    assert (row["distance_km"], row["moving_seconds"], row["avg_hr"]) == (5.0, 1500, 145)
    assert "run.zip: zip archives are not read; attach the .fit inside" in result.text


async def test_export_has_the_file_fields_and_delete_removes_them(harness: Harness) -> None:
    await harness.invoke("profile", {"max_hr": 190})
    await harness.invoke("run", {"file": sample("easy_run.fit")})
    exported = await harness.invoke("mydata export")
    document = json.loads(exported.files[0].data)
    assert document["profile"]["max_hr"] == 190
    [run] = document["runs"]
    assert {k: run[k] for k in ("at", "distance_km", "moving_seconds", "elapsed_seconds")} == {
        "at": "2025-05-04T07:30:00Z",
        "distance_km": 5.0,
        "moving_seconds": 1500,
        "elapsed_seconds": 1530,
    }
    assert {k: run[k] for k in ("avg_hr", "max_hr", "elevation_gain_m", "source")} == {
        "avg_hr": 145,
        "max_hr": 162,
        "elevation_gain_m": 42,
        "source": "fit",
    }
    asked = await harness.invoke("mydata delete")
    [row] = asked.message["components"]
    ids = {b["label"]: b["custom_id"] for b in row["components"]}
    question = asked.created_message
    assert question is not None
    await harness.click(question, ids["Delete all my data"])
    assert await runs(harness) == []
    profile = await harness.store.db.all("SELECT * FROM members")
    assert profile == []


async def test_public_logs_post_the_confirmation_apart(
    make_harness: Callable[..., Harness],
) -> None:
    async with make_harness(config={"club": {"public_logs": True}}) as h:
        result = await h.invoke("run", {"file": sample("easy_run.fit")})
        assert result.callback_type == DEFERRED and result.ephemeral
        assert result.edits[0]["content"] == PUBLIC_POSTED
        [public] = result.followups
        assert not int(public.get("flags") or 0) & EPHEMERAL
        assert "logged 1 run from 1 file" in public["embeds"][0]["description"]
        refused_ = await h.invoke("run", {"file": sample("run.zip")})
        assert refused_.ephemeral and refused_.content.startswith("run.zip:")
        assert GUILD_A.id in {row["guild_id"] for row in await runs(h)}


async def test_a_run_file_from_the_future_is_refused(harness: Harness, clock: FakeClock) -> None:
    clock.set(datetime(2025, 5, 4, 7, 0, tzinfo=UTC))
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert result.content == (
        "easy\\_run.fit: the run starts in the future; check your watch's clock or give `when`"
    )
    clock.advance(timedelta(hours=1))
    assert "Run logged" in (await harness.invoke("run", {"file": sample("easy_run.fit")})).text


async def test_a_run_file_more_than_a_year_old_is_refused(
    harness: Harness, clock: FakeClock
) -> None:
    """As a typed `when` is: a watch whose clock was reset often dates its runs years back."""
    clock.set(datetime(2026, 5, 5, 8, 0, tzinfo=UTC))  # the sample run: 2025-05-04 07:30 UTC
    result = await harness.invoke("run", {"file": sample("easy_run.fit")})
    assert result.content == (
        "easy\\_run.fit: the run starts more than 366 days ago; check your watch's clock or"
        " give `when`"
    )
    assert await runs(harness) == []


# --- the checks a typed run gets ----------------------------------------------------------


async def test_a_distance_beside_a_file_gets_the_pace_check_of_a_typed_run(
    harness: Harness,
) -> None:
    """50 km in the file's 25 minutes is refused as `/run distance:50 minutes:25` is."""
    typed = await harness.invoke("run", {"type": "easy", "distance": 50, "minutes": 25})
    assert typed.ephemeral and await runs(harness) == []
    filed = await harness.invoke("run", {"file": sample("easy_run.fit"), "distance": 50})
    assert filed.ephemeral
    assert filed.content == f"easy\\_run.fit: {typed.content}"
    assert await runs(harness) == []


async def test_a_when_beside_a_file_gets_the_checks_of_a_typed_when(harness: Harness) -> None:
    typed = await harness.invoke("run", {"type": "easy", "minutes": 25, "when": "2024-01-01"})
    filed = await harness.invoke("run", {"file": sample("easy_run.fit"), "when": "2024-01-01"})
    assert typed.ephemeral and filed.ephemeral
    assert filed.content == typed.content
    assert "366 days" in filed.content
    assert await runs(harness) == []


async def test_edit_of_an_entry_breaking_the_pace_check_checks_only_what_changes(
    harness: Harness,
) -> None:
    """An entry stored before the check (50 km in 30 min) can still get its notes fixed."""
    member = MemberRef(guild_id=GUILD_A.id, user_id=ALICE.id)
    await harness.store.entries.add_run(
        member,
        Run(at=NOW - timedelta(days=1), run_type=RunType.EASY, distance_km=50.0, minutes=30.0),
        now=NOW,
    )
    fixed = await harness.invoke("edit", {"entry": "R1", "notes": "fix"})
    assert not fixed.content.startswith("`")
    [row] = await runs(harness)
    assert (row["notes"], row["distance_km"]) == ("fix", 50.0)
    still = await harness.invoke("edit", {"entry": "R1", "distance": 49})
    assert still.ephemeral and "faster" in still.content
    assert (await runs(harness))[0]["distance_km"] == 50.0
    corrected = await harness.invoke("edit", {"entry": "R1", "distance": 5})
    assert not corrected.content.startswith("`")
    assert (await runs(harness))[0]["distance_km"] == 5.0


async def test_each_failing_run_of_a_file_is_named(harness: Harness, clock: FakeClock) -> None:
    """Both runs of two_runs.fit (2025-05-05 06:00 and 17:00 UTC) are over 366 days old."""
    clock.set(datetime(2026, 5, 7, 0, 0, tzinfo=UTC))
    result = await harness.invoke("run", {"file": sample("two_runs.fit")})
    tail = ": the run starts more than 366 days ago; check your watch's clock or give `when`"
    assert result.content.split("\n") == [
        f"two\\_runs.fit, run 1 of 2 (started <t:{epoch(2025, 5, 5, 6, 0)}:f>){tail}",
        f"two\\_runs.fit, run 2 of 2 (started <t:{epoch(2025, 5, 5, 17, 0)}:f>){tail}",
    ]
    assert await runs(harness) == []


async def test_an_empty_when_beside_a_file_is_told_what_leaving_it_out_does(
    harness: Harness,
) -> None:
    """Beside a file, a `when` left out is the file's own time, not now: an empty one is told
    so (found in review: it was told to "leave it out for now"), and nothing is stored."""
    result = await harness.invoke("run", {"file": sample("easy_run.fit"), "when": "  "}, raw=True)
    assert result.ephemeral
    assert result.content == (
        "`when`: is empty, and empty is not a moment: leave it out for the time in the file, or"
        " type a time. Try now, 2h ago, yesterday 18:00, tomorrow 06:00, in 3h or"
        " 2026-11-20 18:30."
    )
    assert await runs(harness) == []
