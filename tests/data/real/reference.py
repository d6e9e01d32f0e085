"""The second, independent reading of the real corpus: writes expected.json beside it.

    RUNCLUB_REAL_CORPUS=<folder of the files> .venv/bin/python tests/data/real/reference.py

The files themselves are not in this repository (they come from other public projects; see
SOURCES.md): they are found as `corpus_folder` says, the same way the corpus test finds them.

Nothing here imports the bot. Where a file carries the device's own summary, that is the
reference: a FIT session's total_distance, avg_heart_rate and total_timer_time /
total_elapsed_time (decoded with fitdecode's full decoder, where the bot decodes records with
its own skimmer), a TCX file's lap totals. Where it carries none, or the summary covers less
than the recording, the figures are read again here from the points, by another method than
the bot's:

- distance: the points' own distance field where the device wrote one (FIT records, TCX
  DistanceMeters), else the positions on the WGS84 ellipsoid (a local flat projection per
  step with the ellipsoid's meridian and normal radii; the bot uses a sphere);
- moving time: the recording resampled onto a 1-second grid (cumulative distance
  interpolated linearly); a second counts as moving when the distance covered over the
  10 seconds centred on it is at least 3 m (0.3 m/s); a gap of more than 10 seconds between
  two points counts whole when the distance across it is at least 0.3 m/s, else not at all;
- heart rate: on the same grid, each sample's value held until the next one (gaps over
  10 seconds excluded), averaged over the seconds counted; a TCX value of 0 or 255 (FIT's
  "no value", copied by converters) is no heart rate;
- a point whose time goes back or repeats is dropped (those going back are counted);
- TCX laps timed before the first point (no GPS fix yet) start the run there, and each
  second before that point inside a lap of at least 0.3 m/s on average is moving; laps
  timed past the last point (when one begun by it runs past it, and the laps give the
  distance) end the run, each second after that point counted the same way;
- a FIT file's seconds from a timer stop to the next start (its `event` messages) are
  never moving;
- a FIT file whose times are "system time" (below 0x10000000: seconds since the watch was
  switched on, FIT profile `date_time`) is placed by its activity message, whose
  local_timestamp is what the watch's clock read at that message's own timestamp, in no
  zone: that wall time is read in the zone ZONES gives the file (the zone a member's profile
  would give), fold 0 (the offset before a change), and every system time is that moment plus
  its difference in seconds from the activity's timestamp.

The expected outcome of each file (a run, several, or a refusal and the words it must
contain) is set by hand below, from what the file is (its sport, its damage).
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import fitdecode

HERE = Path(__file__).resolve().parent
ENV = "RUNCLUB_REAL_CORPUS"
# Where the steering repository places shared data beside a clone (and CI copies it).
SHARED = HERE.parents[2].parent / "shared" / "corpus" / "watch-files"


def corpus_folder() -> Path | None:
    """$RUNCLUB_REAL_CORPUS, else ../shared/corpus/watch-files beside the clone, else None."""
    named = os.environ.get(ENV)
    if named:
        return Path(named)
    return SHARED if SHARED.is_dir() else None


WINDOW = 10
MIN_SPEED = 0.3
# FIT event types that stop the timer (FIT profile, event_type).
TIMER_STOPS = ("stop", "stop_all", "stop_disable", "stop_disable_all")

# FIT system time (seconds since switch-on) and no UTC date anywhere: the watch's local clock
# is read in this zone, as the member's profile zone would be; the test passes it to the bot.
ZONES = {"fitdecode-compressed-speed-distance.fit": "America/New_York"}
FIT_EPOCH = datetime(1989, 12, 31)
SYSTEM_TIME_END = 0x10000000

# The files that must be refused, and words the refusal must contain.
REFUSED: dict[str, list[str]] = {
    "fitdecode-null_compressed_speed_dist.fit": ["cycling"],
    "fitparse-20170518-191602-1740899583.fit": ["fitness equipment"],
    "fitparse-MonitoringFile.fit": ["not a recorded activity"],
    "fitparse-activity-settings-corruptheader.fit": ["damaged"],
    "fitparse-activity-unexpected-eof.fit": ["cut short"],
    "fitparse-elemnt-bolt-no-application-id-inside-developer-data-id.fit": ["cycling"],
    "fitparse-garmin-fenix-5-bike.fit": ["cycling"],
    "fitparse-garmin-fenix-5-walk.fit": ["walking"],
    "fitparse-sample-activity-indoor-trainer.fit": ["cycling"],
    "fitparse-strava-android-app-201.10-b1218918.fit": ["cut short"],
    # Every point's time is 1901-12-13T20:45:52.2073437Z (-2**31 s from 1970): a placeholder.
    "gpxpy-Mojstrovka.gpx": ["one time"],
    # A definition message with architecture 229 in mid-file, and the checksum does not match.
    "gpsbabel-lezyne_super_gps-garmin_fit-sample-bad-endian.fit": ["damaged"],
    "other-27-days-activity.fit": ["cycling"],
    "other-31-days-activity.fit": ["cycling"],
    "other-broken-dates.fit": ["cycling"],
    "other-empty-activities.fit": ["damaged"],
    "other-empty-sessions.fit": ["empty"],
    "other-inverted-times.fit": ["no sport"],
    "ride-3939576645.fit": ["cycling"],
    "ride-5319808632.fit": ["cycling"],
    "ride-6909869014.gpx": ["virtual ride"],
    "ride-7555261629.gpx": ["ride"],
    "run-6037744996.gpx": ["not well-formed"],
    "run-6048438275.gpx": ["not well-formed"],
    "swim-4623204522-1.gpx": ["swim"],
    "swim-6021532030.fit": ["swimming"],
    "swim-6688025408.fit": ["swimming"],
    "swim-6688025408.tcx": ["other"],
    "swim-6860712481.fit": ["swimming"],
    "swim-6860712481.tcx": ["other"],
    "swim-7617306288.fit": ["swimming"],
    "tcxparser-sup_activity_1.tcx": ["other"],
    "tcxreader-cross-country-skiing_activity_1.tcx": ["other"],
    "tcxtestfiles-walking_activity_1.tcx": ["other"],
    "togeojson-tour_hr.tcx": ["biking"],
    "tormoder-0134902991.fit": ["cycling"],
}


def load(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Step length on the WGS84 ellipsoid, flat locally (fine for steps of a few metres)."""
    a, e2 = 6378137.0, 6.69437999014e-3
    phi = math.radians((lat1 + lat2) / 2)
    w = math.sqrt(1 - e2 * math.sin(phi) ** 2)
    meridian = a * (1 - e2) / w**3
    normal = a / w
    dy = math.radians(lat2 - lat1) * meridian
    dx = math.radians(lon2 - lon1) * normal * math.cos(phi)
    return math.hypot(dx, dy)


Sample = tuple[float, float | None, int | None]  # seconds since epoch, cumulative m, bpm


Point = TypeVar("Point", bound=tuple[Any, ...])


def clean(points: list[Point]) -> tuple[list[Point], int]:
    """Times (each point's first item) strictly increasing: points that go back or repeat are
    dropped; the count is of those that went back."""
    kept: list[Point] = []
    dropped = 0
    for point in points:
        if kept and point[0] <= kept[-1][0]:
            dropped += point[0] < kept[-1][0]
            continue
        kept.append(point)
    return kept, dropped


def stood(stops: Sequence[tuple[float, float]], a: float, b: float) -> float:
    """Seconds of a..b inside the stops (each from a timer stop to the next start)."""
    return sum(max(0.0, min(b, end) - max(a, begin)) for begin, end in stops)


def grid_reading(
    samples: list[Sample], stops: Sequence[tuple[float, float]] = ()
) -> dict[str, Any]:
    """Moving seconds and time-weighted heart rate on a 1-second grid; no second in which
    the watch's timer stood (`stops`) is moving."""
    points = [(t, d, hr) for t, d, hr in samples if d is not None]
    moving = 0.0
    if len(points) >= 2:
        times = [p[0] for p in points]
        dist = [p[1] for p in points]
        t0, t_end = times[0], times[-1]

        def at(t: float, hint: list[int]) -> float:
            t = min(max(t, t0), t_end)
            i = hint[0]
            while i + 1 < len(times) and times[i + 1] < t:
                i += 1
            while i > 0 and times[i] > t:
                i -= 1
            hint[0] = i
            if i + 1 >= len(times):
                return float(dist[-1])
            span = times[i + 1] - times[i]
            share = 0.0 if span <= 0 else (t - times[i]) / span
            return float(dist[i] + (dist[i + 1] - dist[i]) * share)

        lo, hi = [0], [0]
        for (ta, da, _), (tb, db, _) in itertools.pairwise(points):
            gap = tb - ta
            if gap > WINDOW:
                if (db - da) / gap >= MIN_SPEED:
                    moving += gap - stood(stops, ta, tb)
                continue
            second = math.floor(ta)
            while second < tb:
                start, end = max(second, ta), min(second + 1, tb)
                if end > start:
                    mid = (start + end) / 2
                    a, b = max(mid - WINDOW / 2, t0), min(mid + WINDOW / 2, t_end)
                    if b > a and (at(b, hi) - at(a, lo)) / (b - a) >= MIN_SPEED:
                        moving += end - start - stood(stops, start, end)
                second += 1
    # Each heart-rate sample holds until the next one; a gap of more than WINDOW seconds
    # counts only when the distance across it says the runner moved.
    hr_points = [(t, d, hr) for t, d, hr in samples if hr]
    weighted = total = 0.0
    for (ta, ma, ha), (tb, mb, _) in itertools.pairwise(hr_points):
        gap = tb - ta
        moved = ma is not None and mb is not None and (mb - ma) / gap >= MIN_SPEED
        if gap <= WINDOW or moved:
            weighted += ha * gap
            total += gap
    return {"moving": moving, "hr": weighted / total if total else None}


def system_clock(frames: list[Any], zone: str | None) -> Any:
    """How a FIT time becomes a moment: a date as fitdecode gives it; system time (fitdecode
    leaves it an int) from the activity message's local_timestamp read in `zone`."""
    anchor: tuple[int, datetime] | None = None
    for frame in frames:
        if frame.name == "activity" and zone is not None:
            system = frame.get_raw_value("timestamp")
            local = frame.get_raw_value("local_timestamp")
            if isinstance(system, int) and system < SYSTEM_TIME_END and isinstance(local, int):
                wall = FIT_EPOCH + timedelta(seconds=local)
                anchor = (system, wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC))

    def moment(value: Any) -> datetime | None:
        if isinstance(value, datetime):
            return value
        if isinstance(value, int) and anchor is not None:
            return anchor[1] + timedelta(seconds=value - anchor[0])
        return None

    return moment


def fit_reading(path: Path, zone: str | None = None) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    # The watch's timer: from each stop to the next start it counts no time.
    stops: list[tuple[float, float]] = []
    stopped: float | None = None
    with fitdecode.FitReader(load(path)) as reader:
        frames = [frame for frame in reader if frame.frame_type == fitdecode.FIT_FRAME_DATA]
    moment = system_clock(frames, zone)
    for frame in frames:
        if frame.name == "session":
            sessions.append({f.name: f.value for f in frame.fields})
        elif frame.name == "record":
            record = {f.name: f.value for f in frame.fields}
            record["timestamp"] = moment(record.get("timestamp"))
            records.append(record)
        elif frame.name == "event" and frame.get_value("event", fallback=None) == "timer":
            kind = frame.get_value("event_type", fallback=None)
            when = moment(frame.get_value("timestamp"))
            assert when is not None
            if kind == "start" and stopped is not None:
                stops.append((stopped, when.timestamp()))
                stopped = None
            elif kind in TIMER_STOPS and stopped is None:
                stopped = when.timestamp()
    if stopped is not None:
        stops.append((stopped, math.inf))
    out = []
    for session in sessions:
        if session.get("sport") != "running":
            continue
        start = moment(session["start_time"])
        assert start is not None
        end = start.timestamp() + session["total_elapsed_time"]
        mine = [
            r
            for r in records
            if isinstance(r.get("timestamp"), datetime)
            and start.timestamp() <= r["timestamp"].timestamp() <= end
        ]
        samples: list[Sample] = []
        for r in mine:
            d = r.get("distance")
            samples.append(
                (
                    r["timestamp"].timestamp(),
                    float(d) if isinstance(d, int | float) else None,
                    r.get("heart_rate") if isinstance(r.get("heart_rate"), int) else None,
                )
            )
        samples, dropped = clean(samples)
        grid = grid_reading(samples, stops)
        distance = session.get("total_distance")
        ds = [d for _, d, _ in samples if d is not None]
        last = max(ds) - ds[0] if ds else None
        from_points = distance is None or (last is not None and last > distance * 1.03)
        # None: neither the session nor a point carries a distance.
        distance_m = last if from_points else distance
        run = {
            "start": start.astimezone(UTC).isoformat(),
            "distance_km": None if distance_m is None else round(distance_m / 1000, 3),
            "distance_from": "points" if from_points else "session",
            "moving_s": round(grid["moving"]) if samples else round(session["total_timer_time"]),
            "moving_from": "points" if samples else "session timer",
            "timer_s": session.get("total_timer_time"),
            "elapsed_s": session.get("total_elapsed_time"),
            "avg_hr": session.get("avg_heart_rate")
            if session.get("avg_heart_rate") is not None
            else (round(grid["hr"]) if grid["hr"] else None),
            "hr_from": "session" if session.get("avg_heart_rate") is not None else "points",
            "ascent_m": session.get("total_ascent"),
            "dropped": dropped,
        }
        out.append(run)
    return out


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _iso(text: str) -> float:
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()


def _xml(path: Path) -> ET.Element:
    return ET.fromstring(load(path).lstrip())


def gpx_reading(path: Path) -> list[dict[str, Any]]:
    out = []
    for trk in (e for e in _xml(path).iter() if _local(e.tag) == "trk"):
        raw: list[tuple[float, float, float, int | None]] = []
        for pt in (e for e in trk.iter() if _local(e.tag) == "trkpt"):
            time = _child(pt, "time")
            if time is None or not time.text:
                continue
            hr = next(
                (
                    round(float(e.text))
                    for e in pt.iter()
                    if _local(e.tag) in ("hr", "heartrate") and e.text
                ),
                None,
            )
            raw.append((_iso(time.text), float(pt.get("lat", 0)), float(pt.get("lon", 0)), hr))
        kept, dropped = clean(raw)
        if not kept:
            continue  # a track without times: a route saved beside the recording, no run
        samples: list[Sample] = []
        total = 0.0
        for i, (t, lat, lon, hr) in enumerate(kept):
            if i:
                total += metres(kept[i - 1][1], kept[i - 1][2], lat, lon)
            samples.append((t, total, hr))
        grid = grid_reading(samples)
        out.append(
            {
                "start": datetime.fromtimestamp(kept[0][0], UTC).isoformat(),
                "distance_km": round(total / 1000, 3),
                "distance_from": "points",
                "moving_s": round(grid["moving"]),
                "moving_from": "points",
                "elapsed_s": kept[-1][0] - kept[0][0],
                "avg_hr": None if grid["hr"] is None else round(grid["hr"], 1),
                "hr_from": "points",
                "dropped": dropped,
            }
        )
    return out


def _num(element: ET.Element, *path: str) -> float | None:
    found: ET.Element | None = element
    for name in path:
        found = None if found is None else _child(found, name)
    return None if found is None or not found.text else float(found.text)


def _heartbeat(value: float | None) -> float | None:
    """A heart rate, or None for 0 and 255: FIT's "no value" for a one-byte field is 255,
    which converters (Fit2Tcx) copy into TCX for a run without a strap."""
    return value if value is not None and 0 < value < 255 else None


def tcx_reading(path: Path) -> list[dict[str, Any]]:
    out = []
    for activity in (e for e in _xml(path).iter() if _local(e.tag) == "Activity"):
        laps = [c for c in activity if _local(c.tag) == "Lap"]
        raw: list[tuple[float, float | None, float | None, float | None, int | None]] = []
        for tp in (e for e in activity.iter() if _local(e.tag) == "Trackpoint"):
            time = _child(tp, "Time")
            if time is None or not time.text:
                continue
            hr = _heartbeat(_num(tp, "HeartRateBpm", "Value"))
            raw.append(
                (
                    _iso(time.text),
                    _num(tp, "DistanceMeters"),
                    _num(tp, "Position", "LatitudeDegrees"),
                    _num(tp, "Position", "LongitudeDegrees"),
                    None if hr is None else round(hr),
                )
            )
        kept, dropped = clean(raw)
        samples: list[Sample] = []
        if any(p[1] is not None for p in kept):
            samples = [(t, d, hr) for t, d, _, _, hr in kept]
        else:
            total = 0.0
            previous = None
            for t, _, lat, lon, hr in kept:
                if lat is not None and lon is not None:
                    if previous is not None:
                        total += metres(previous[0], previous[1], lat, lon)
                    previous = (lat, lon)
                samples.append((t, total, hr))
        known = [d for _, d, _ in samples if d is not None]
        points_m = max(known) - known[0] if known else None
        lap_m = [_num(lap, "DistanceMeters") for lap in laps]
        lap_s = [_num(lap, "TotalTimeSeconds") for lap in laps]
        laps_m = sum(m for m in lap_m if m) if laps and None not in lap_m else None
        grid = grid_reading(samples)
        lap_hr = [
            (hr, s)
            for lap, s in zip(laps, lap_s, strict=True)
            if (hr := _heartbeat(_num(lap, "AverageHeartRateBpm", "Value"))) and s
        ]
        # Laps the watch timed before its first point (no GPS fix yet): the run starts at the
        # first lap's start; each second before the first point inside a lap that covered at
        # least MIN_SPEED is moving.
        timed = [
            (_iso(begun), s, m)
            for lap, s, m in zip(laps, lap_s, lap_m, strict=True)
            if (begun := lap.get("StartTime")) and s
        ]
        first = samples[0][0] if samples else math.inf
        start = min([first, *(t for t, _, _ in timed)])
        lead, second = 0.0, start
        while second < first:
            end = min(second + 1, first)
            mid = (second + end) / 2
            if any(t <= mid < t + s and m is not None and m >= MIN_SPEED * s for t, s, m in timed):
                lead += end - second
            second = end
        laps_time = sum(s for s in lap_s if s) if laps else 0
        # The laps are the device's summary; trusted unless they cover less than the points.
        summary_short = points_m is not None and (laps_m is None or laps_m < points_m * 0.97)
        # Laps timed past the last point (points lost at the end): when a lap begun by that
        # point runs past it and the laps give the distance, the run ends with the last lap;
        # each second after the point inside a lap of at least MIN_SPEED on average is moving.
        last = samples[-1][0] if samples else -math.inf
        finish = last
        if not summary_short and any(t <= last < t + s for t, s, _ in timed):
            finish = max([last, *(t + s for t, s, _ in timed)])
        tail, second = 0.0, last
        while second < finish:
            end = min(second + 1, finish)
            mid = (second + end) / 2
            if any(t <= mid < t + s and m is not None and m >= MIN_SPEED * s for t, s, m in timed):
                tail += end - second
            second = end
        span = round(finish - start, 3) if len(samples) >= 2 else 0
        if summary_short and points_m is not None:
            distance, distance_from = points_m, "points"
        else:
            distance, distance_from = laps_m or 0.0, "laps"
        if lap_hr and not summary_short:
            avg_hr = sum(h * s for h, s in lap_hr) / sum(s for _, s in lap_hr)
            hr_from = "laps"
        else:
            avg_hr, hr_from = grid["hr"], "points"
        out.append(
            {
                "start": datetime.fromtimestamp(start, UTC).isoformat() if samples else None,
                "distance_km": round(distance / 1000, 3),
                "distance_from": distance_from,
                "moving_s": round(grid["moving"] + lead + tail)
                if len(samples) >= 2
                else round(laps_time),
                "moving_from": "points" if len(samples) >= 2 else "laps",
                "laps_s": laps_time,
                "elapsed_s": span,
                "avg_hr": None if avg_hr is None else round(avg_hr, 1),
                "hr_from": hr_from,
                "dropped": dropped,
            }
        )
    return out


def main() -> None:
    folder = corpus_folder()
    if folder is None:
        raise SystemExit(f"no corpus: set {ENV} to the folder of the files")
    expected: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        name = path.name.removesuffix(".gz")
        if not name.endswith((".fit", ".gpx", ".tcx")):
            continue
        if name in REFUSED:
            expected[name] = {"refused": REFUSED[name]}
            continue
        if name in ZONES:
            expected[name] = {"zone": ZONES[name], "runs": fit_reading(path, ZONES[name])}
            continue
        reader = {"fit": fit_reading, "gpx": gpx_reading, "tcx": tcx_reading}[name[-3:]]
        expected[name] = {"runs": reader(path)}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
