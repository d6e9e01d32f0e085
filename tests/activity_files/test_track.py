"""The point rules of `track` on points written out by hand: the climb's 2-metre steps, times
that repeat or go back, and a position with only one of its two coordinates."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from bot.activity_files.track import Point, bpm, elevation_gain, read_points, went_back_notes

T0 = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)


def at(seconds: float, metres: float | None = None, lat: float | None = None) -> Point:
    return Point(time=T0 + timedelta(seconds=seconds), lat=lat, distance_m=metres)


def test_a_climb_counts_from_the_second_altitude_in_steps_of_2_metres() -> None:
    assert elevation_gain([100.0, 103.0]) == 3
    assert elevation_gain([100.0, 102.0]) == 2  # exactly one step
    assert elevation_gain([100.0, 101.9]) == 0
    # A drop of exactly 2 m lowers the level, so the 2 m back up are a climb.
    assert elevation_gain([100.0, 98.0, 100.0]) == 2
    assert elevation_gain([100.0, 98.1, 100.0]) == 0


def test_a_repeated_time_is_dropped_silently_and_one_going_back_is_counted() -> None:
    points = [at(t, 3.0 * t) for t in range(0, 61, 10)]
    plain = read_points([points])
    assert plain is not None
    assert (plain.moving_seconds, plain.metres, plain.dropped) == (60, 180.0, 0)
    # The point at 30 s written twice: the same run, nothing to tell.
    repeated = read_points([[*points[:4], at(30, 90.0), *points[4:]]])
    assert repeated == plain
    # A point at 25 s after the one at 30 s: left out, and counted.
    back = read_points([[*points[:4], at(25, 75.0), *points[4:]]])
    assert back is not None
    assert (back.moving_seconds, back.metres, back.dropped) == (60, 180.0, 1)


def test_the_notes_say_one_point_or_several() -> None:
    assert went_back_notes(0) == []
    assert went_back_notes(1) == ["1 point whose time went back was left out"]
    assert went_back_notes(2) == ["2 points whose time went back were left out"]
    assert went_back_notes(1200) == ["1,200 points whose time went back were left out"]


def test_a_position_needs_both_coordinates() -> None:
    # A latitude without a longitude is no position: no distance at all, moving by time.
    reading = read_points([[at(t, lat=52.5) for t in range(0, 61, 10)]])
    assert reading is not None
    assert (reading.metres, reading.moving_seconds) == (None, 60)


def test_a_point_without_a_position_has_the_length_of_the_positions_so_far() -> None:
    # A position at 0 s, none from 1 to 9 s (the signal lost), then 30 m at 10 s and 3 m a
    # second to 20 s. The points without one stand at 0 m, so the distance jumps at 10 s:
    # the step from k s is moving once its window [k - 4.5, k + 5.5] reaches past 9 s with
    # 0.3 m/s in it: k = 4 ([0, 9.5] holds 15 m), not k = 3 ([0, 8.5] holds none). 16 s.
    def north(metres: float) -> float:
        return 52.5 + math.degrees(metres / (6378.137 * 1000))  # gpxpy's sphere

    points = [Point(time=T0, lat=north(0), lon=13.4)]
    points += [at(t) for t in range(1, 10)]
    points += [
        Point(time=T0 + timedelta(seconds=t), lat=north(30 + 3 * (t - 10)), lon=13.4)
        for t in range(10, 21)
    ]
    reading = read_points([points])
    assert reading is not None
    assert reading.moving_seconds == 16
    assert reading.metres is not None
    assert round(reading.metres, 6) == 60


def test_a_repeated_time_keeps_the_first_point_and_distance_counts_from_the_first() -> None:
    # A device distance that starts at 100 m (a lap total carried over), 150 bpm; the point
    # at 30 s written again with another rate: the first one stays, the second is left out.
    def point(t: float, hr: int = 150) -> Point:
        return Point(time=T0 + timedelta(seconds=t), distance_m=100 + 3.0 * t, hr=hr)

    points = [point(t) for t in range(0, 61, 10)]
    reading = read_points([[*points[:4], point(30, 180), *points[4:]]])
    assert reading is not None
    assert (reading.metres, reading.avg_hr, reading.max_hr, reading.dropped) == (180.0, 150, 150, 0)


def test_a_heart_rate_counts_from_1_to_254_bpm() -> None:
    # 255 is FIT's "no value" for a byte; 0 is no beat at all. Halves round to even.
    assert [bpm(v) for v in (0.4, 1.0, 254.0, 254.6, 255.0)] == [None, 1, 254, None, None]


def test_altitudes_count_from_500_below_to_9000_metres_above_sea_level() -> None:
    # The Dead Sea shore is about 430 m below sea level, Everest's top 8,849 m above.
    assert elevation_gain([-500.0, -496.0]) == 4
    assert elevation_gain([8996.0, 9000.0]) == 4
    # Past either, the altitude is left out as missing, and nothing is climbed to or from it.
    assert elevation_gain([-500.5, -496.0]) == elevation_gain([-496.0])
    assert elevation_gain([8996.0, 9000.5]) == elevation_gain([8996.0])
