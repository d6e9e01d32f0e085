"""Writes the watch files the parser is tested on: `python tests/data/make_samples.py`.

FIT files are written with fit-tool (an encoder independent of the fitdecode reader), GPX
with gpxpy's own writer, TCX from a template. Every number the tests assert is set here on
purpose: distances are laid along a meridian (so their haversine length is exact), speeds and
pauses are chosen around the moving-time rule, climbs are monotone (so light smoothing keeps
them whole). Keep the files small: a point every 10 seconds is plenty.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from xml.etree.ElementTree import Element, SubElement

import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport, SubSport

HERE = Path(__file__).resolve().parent
EARTH_RADIUS = 6378.137 * 1000  # gpxpy's, so a step along a meridian is exactly this long
LAT0, LON0 = 52.5, 13.4


def ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def north(metres: float) -> float:
    """Degrees of latitude that are `metres` along a meridian."""
    return math.degrees(metres / EARTH_RADIUS)


# --- FIT ------------------------------------------------------------------------------------


@dataclass
class FitSession:
    start: datetime
    sport: Sport
    elapsed: float
    timer: float
    distance: float
    avg_hr: int | None = None
    max_hr: int | None = None
    ascent: int | None = None
    sub_sport: SubSport = SubSport.GENERIC
    record_every: int = 10  # seconds between track points
    extra: dict[str, int] = field(default_factory=dict)
    # Seconds the runner moves before standing until the end (default: the timer's time).
    moving: float | None = None
    # False: the session leaves total_distance out (a watch that lost its last lap).
    session_distance: bool = True


def fit_bytes(sessions: list[FitSession], *, file_type: FileType = FileType.ACTIVITY) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    first = sessions[0].start if sessions else datetime(2025, 5, 1, tzinfo=UTC)
    file_id = FileIdMessage()
    file_id.type = file_type
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x1234
    file_id.time_created = ms(first)
    builder.add(file_id)
    for s in sessions:
        records = []
        steps = int(s.elapsed // s.record_every)
        for i in range(steps + 1):
            # The runner moves at a steady speed for the timer's time, then stands until the
            # end (elapsed): the records say the same moving time as the session.
            moving = s.moving if s.moving is not None else s.timer
            covered = s.distance * min(i * s.record_every, moving) / moving
            record = RecordMessage()
            record.timestamp = ms(s.start + timedelta(seconds=i * s.record_every))
            record.position_lat = LAT0 + north(covered)
            record.position_long = LON0
            record.distance = covered
            record.altitude = 100.0
            if s.avg_hr is not None:
                record.heart_rate = s.avg_hr
            records.append(record)
        builder.add_all(records)
        session = SessionMessage()
        session.timestamp = ms(s.start + timedelta(seconds=s.elapsed))
        session.start_time = ms(s.start)
        session.sport = s.sport
        session.sub_sport = s.sub_sport
        session.total_elapsed_time = s.elapsed
        session.total_timer_time = s.timer
        if s.session_distance:
            session.total_distance = s.distance
        if s.avg_hr is not None:
            session.avg_heart_rate = s.avg_hr
        if s.max_hr is not None:
            session.max_heart_rate = s.max_hr
        if s.ascent is not None:
            session.total_ascent = s.ascent
        builder.add(session)
    if sessions:
        activity = ActivityMessage()
        activity.timestamp = ms(sessions[-1].start + timedelta(seconds=sessions[-1].elapsed))
        activity.num_sessions = len(sessions)
        builder.add(activity)
    return bytes(builder.build().to_bytes())


def long_run_fit(hours: float = 3.0) -> bytes:
    """A run of `hours` with a track point every second (the benchmark's file)."""
    seconds = hours * 3600
    return fit_bytes(
        [
            FitSession(
                datetime(2025, 6, 1, 6, 0, tzinfo=UTC),
                Sport.RUNNING,
                elapsed=seconds,
                timer=seconds,
                distance=seconds * 3.0,
                avg_hr=150,
                max_hr=170,
                ascent=250,
                record_every=1,
            )
        ]
    )


EASY_RUN = FitSession(
    datetime(2025, 5, 4, 7, 30, tzinfo=UTC),
    Sport.RUNNING,
    elapsed=1530.0,
    timer=1500.0,
    distance=5000.0,
    avg_hr=145,
    max_hr=162,
    ascent=42,
)
TWO_RUNS = [
    FitSession(
        datetime(2025, 5, 5, 6, 0, tzinfo=UTC),
        Sport.RUNNING,
        elapsed=1260.0,
        timer=1200.5,
        distance=3210.0,
        avg_hr=138,
        max_hr=151,
        ascent=12,
    ),
    FitSession(
        datetime(2025, 5, 5, 17, 0, tzinfo=UTC),
        Sport.RUNNING,
        sub_sport=SubSport.TRAIL,
        elapsed=3400.0,
        timer=3330.0,
        distance=8123.4,
        avg_hr=152,
        max_hr=178,
    ),
]
RIDE = FitSession(
    datetime(2025, 5, 6, 9, 0, tzinfo=UTC), Sport.CYCLING, 3600.0, 3500.0, 25000.0, 130, 160
)
HIKE = FitSession(datetime(2025, 5, 7, 9, 0, tzinfo=UTC), Sport.HIKING, 7200.0, 7000.0, 9000.0)


def triathlon() -> list[FitSession]:
    t = datetime(2025, 5, 10, 8, 0, tzinfo=UTC)
    legs = [
        (Sport.SWIMMING, 1800.0, 1500.0),
        (Sport.TRANSITION, 120.0, 0.0),
        (Sport.CYCLING, 4000.0, 40000.0),
        (Sport.TRANSITION, 90.0, 0.0),
        (Sport.RUNNING, 2700.0, 10000.0),
    ]
    sessions = []
    for sport, seconds, metres in legs:
        sessions.append(FitSession(t, sport, seconds, seconds, metres, record_every=30))
        t += timedelta(seconds=seconds)
    return sessions


def no_session_fit() -> bytes:
    """Track points and no session: what a device writes before it saves the activity."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x1234
    file_id.time_created = ms(EASY_RUN.start)
    builder.add(file_id)
    for i in range(20):
        record = RecordMessage()
        record.timestamp = ms(EASY_RUN.start + timedelta(seconds=10 * i))
        record.distance = 30.0 * i
        builder.add(record)
    return bytes(builder.build().to_bytes())


# --- GPX ------------------------------------------------------------------------------------

HR_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


def _gpx_point(t: datetime, metres: float, ele: float, hr: int | None) -> gpxpy.gpx.GPXTrackPoint:
    point = gpxpy.gpx.GPXTrackPoint(LAT0 + north(metres), LON0, elevation=ele, time=t)
    if hr is not None:
        extension = Element(f"{{{HR_NS}}}TrackPointExtension")
        SubElement(extension, f"{{{HR_NS}}}hr").text = str(hr)
        point.extensions.append(extension)
    return point


def _gpx_track(name: str, kind: str | None) -> gpxpy.gpx.GPXTrack:
    """A track with its <type>: gpxpy writes it, though its hints declare GPXTrack.type None."""
    track = gpxpy.gpx.GPXTrack(name=name)
    cast(Any, track).type = kind
    return track


def two_tracks_gpx() -> str:
    """Track 1 (running): 3.004 km, 1080 s elapsed, 1000 s moving, HR avg 150 max 171, +20 m.
    Track 2 (trail_running): 1.250 km, 500 s, no HR, 10 m up and down (smoothed gain 10)."""
    gpx = gpxpy.gpx.GPX()
    gpx.nsmap["gpxtpx"] = HR_NS

    # Track 1: 60 steps of 10 s x 30 m; a 60 s stop (over 30 s: a pause); 2 steps of
    # 10 s x 2 m (0.2 m/s: standing); 40 steps of 10 s x 30 m. Altitude +0.5 m a step for
    # the first 40 steps. Heart rate alternates 140/160, one sample of 171.
    one = _gpx_track("Morning run", "running")
    segment = gpxpy.gpx.GPXTrackSegment()
    t = datetime(2025, 5, 6, 6, 0, tzinfo=UTC)
    metres, ele, index = 0.0, 100.0, 0
    steps = [(10, 30.0)] * 60 + [(60, 0.0)] + [(10, 2.0)] * 2 + [(10, 30.0)] * 40

    def hr(i: int) -> int:
        return 171 if i == 30 else (140 if i % 2 == 0 else 160)

    segment.points.append(_gpx_point(t, metres, ele, hr(index)))
    for seconds, step in steps:
        index += 1
        t += timedelta(seconds=seconds)
        metres += step
        if index <= 40:
            ele += 0.5
        segment.points.append(_gpx_point(t, metres, ele, hr(index)))
    one.segments.append(segment)
    gpx.tracks.append(one)

    # Track 2: 50 steps of 10 s x 25 m, 100 m -> 110 m -> 100 m, no heart rate.
    two = _gpx_track("Evening trail", "trail_running")
    segment = gpxpy.gpx.GPXTrackSegment()
    t = datetime(2025, 5, 6, 18, 0, tzinfo=UTC)
    for i in range(51):
        segment.points.append(
            _gpx_point(t + timedelta(seconds=10 * i), 25.0 * i, 100 + 10 - abs(25 - i) * 0.4, None)
        )
    two.segments.append(segment)
    gpx.tracks.append(two)
    return gpx.to_xml()


def simple_gpx(*, kind: str | None, timed: bool = True, points: int = 30) -> str:
    gpx = gpxpy.gpx.GPX()
    trk = _gpx_track("Track", kind)
    segment = gpxpy.gpx.GPXTrackSegment()
    t = datetime(2025, 5, 9, 7, 0, tzinfo=UTC)
    for i in range(points):
        moment = t + timedelta(seconds=10 * i) if timed else None
        segment.points.append(gpxpy.gpx.GPXTrackPoint(LAT0 + north(40.0 * i), LON0, time=moment))
    trk.segments.append(segment)
    gpx.tracks.append(trk)
    return gpx.to_xml()


def waypoints_gpx() -> str:
    gpx = gpxpy.gpx.GPX()
    gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(LAT0, LON0, name="Start"))
    return gpx.to_xml()


# --- TCX ------------------------------------------------------------------------------------

TCX = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="{sport}">
      <Id>{start}</Id>
{laps}    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""
LAP = """      <Lap StartTime="{start}">
        <TotalTimeSeconds>{seconds}</TotalTimeSeconds>
        <DistanceMeters>{metres}</DistanceMeters>
        <AverageHeartRateBpm><Value>{avg}</Value></AverageHeartRateBpm>
        <MaximumHeartRateBpm><Value>{max}</Value></MaximumHeartRateBpm>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>
{points}        </Track>
      </Lap>
"""
TRACKPOINT = """          <Trackpoint>
            <Time>{time}</Time>
            <Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees><LongitudeDegrees>{lon}</LongitudeDegrees></Position>
            <AltitudeMeters>{ele}</AltitudeMeters>
            <DistanceMeters>{metres:.2f}</DistanceMeters>
            <HeartRateBpm><Value>{hr}</Value></HeartRateBpm>
          </Trackpoint>
"""


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_tcx(sport: str = "Running") -> str:
    """2 laps: 2000 m + 2251 m (4.251 km), 1225 s elapsed, 1180 s moving (a 45 s stop),
    HR avg 150 max 175 (from the points), altitude 50 -> 80 m in lap 1 (gain 30)."""
    start = datetime(2025, 5, 8, 17, 15, tzinfo=UTC)

    def point(seconds: int, metres: float, ele: float, hr: int) -> str:
        return TRACKPOINT.format(
            time=iso(start + timedelta(seconds=seconds)),
            lat=LAT0 + north(metres),
            lon=LON0,
            ele=ele,
            metres=metres,
            hr=hr,
        )

    # Lap 1: 61 points, every 10 s, 2000 m, climbing 0.5 m a point; heart rate 140.
    lap1 = "".join(point(10 * i, 2000 * i / 60, 50 + 0.5 * i, 140) for i in range(61))
    # Lap 2: a 45 s stop, then 58 steps of 10 s to 4251 m; heart rate 160, one sample of 175.
    lap2 = "".join(
        point(645 + 10 * i, 2000 + 2251 * i / 58, 80, 175 if i == 20 else 160) for i in range(59)
    )
    laps = LAP.format(start=iso(start), seconds=600, metres=2000, avg=140, max=150, points=lap1)
    laps += LAP.format(
        start=iso(start + timedelta(seconds=600)),
        seconds=625,
        metres=2251,
        avg=160,
        max=175,
        points=lap2,
    )
    return TCX.format(sport=sport, start=iso(start), laps=laps)


# --- Attacks --------------------------------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
{body}
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE {root} [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
{body}
"""
GPX_BODY = (
    '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">'
    "<trk><name>&{entity};</name><trkseg>"
    '<trkpt lat="52.5" lon="13.4"><time>2025-05-01T07:00:00Z</time></trkpt>'
    '<trkpt lat="52.501" lon="13.4"><time>2025-05-01T07:00:30Z</time></trkpt>'
    "</trkseg></trk></gpx>"
)
TCX_BODY = (
    '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
    '<Activities><Activity Sport="Running"><Id>&{entity};</Id></Activity></Activities>'
    "</TrainingCenterDatabase>"
)


def samples() -> dict[str, bytes]:
    easy = fit_bytes([EASY_RUN])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("easy_run.fit", date_time=(2025, 5, 4, 9, 0, 0)), easy)
    corrupt = bytearray(easy)
    corrupt[len(corrupt) // 2] ^= 0xFF
    return {
        "easy_run.fit": easy,
        "two_runs.fit": fit_bytes(TWO_RUNS),
        "ride.fit": fit_bytes([RIDE]),
        "hike.fit": fit_bytes([HIKE]),
        "triathlon.fit": fit_bytes(triathlon()),
        # Auto-pause off: the timer ran all 1800 s; the runner stood still for the last 300.
        "standing.fit": fit_bytes(
            [FitSession(EASY_RUN.start, Sport.RUNNING, 1800.0, 1800.0, 5000.0, moving=1500.0)]
        ),
        # The session has no total distance; its records ran 5 km.
        "no_total.fit": fit_bytes(
            [
                FitSession(
                    EASY_RUN.start, Sport.RUNNING, 1530.0, 1500.0, 5000.0, session_distance=False
                )
            ]
        ),
        "no_session.fit": no_session_fit(),
        "truncated.fit": easy[:-20],
        "corrupt.fit": bytes(corrupt),
        "run.zip": archive.getvalue(),
        "fit_named.gpx": easy,
        "empty.fit": b"",
        "notes.txt": b"Ran 5 km this morning, felt easy.\n",
        "splits.csv": b"km,time\n1,5:01\n2,4:58\n",
        "two_tracks.gpx": two_tracks_gpx().encode(),
        "ride.gpx": simple_gpx(kind="cycling").encode(),
        "untyped.gpx": simple_gpx(kind=None).encode(),
        "route.gpx": simple_gpx(kind="running", timed=False).encode(),
        "waypoints.gpx": waypoints_gpx().encode(),
        "cut.gpx": two_tracks_gpx().encode()[:3000],
        "run.tcx": run_tcx().encode(),
        "ride.tcx": run_tcx("Biking").encode(),
        "laughs.gpx": LAUGHS.format(root="gpx", body=GPX_BODY.format(entity="lol9")).encode(),
        "xxe.gpx": XXE.format(root="gpx", body=GPX_BODY.format(entity="xxe")).encode(),
        "laughs.tcx": LAUGHS.format(
            root="TrainingCenterDatabase", body=TCX_BODY.format(entity="lol9")
        ).encode(),
        "xxe.tcx": XXE.format(
            root="TrainingCenterDatabase", body=TCX_BODY.format(entity="xxe")
        ).encode(),
    }


def main() -> None:
    for name, data in samples().items():
        (HERE / name).write_bytes(data)
        print(f"{name:16} {len(data):6} bytes")


if __name__ == "__main__":
    main()
