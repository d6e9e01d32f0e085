"""The moving-time and heart-rate rule (`moving`) on samples written out by hand.

Every format reaches the rule through these samples, so its edges are tested here, each
figure worked out in its test from the rule as the module's docstring states it: a step of
at most 10 s is moving when the 10 s centred on it (cut to the stretch with a distance) cover
at least 0.3 m/s; a longer step when the distance across it does.
"""

from __future__ import annotations

from bot.activity_files.moving import Sample, heart_rate, moving_seconds, moving_steps


def running(start: int, stop: int, speed: float, hr: int | None = None) -> list[Sample]:
    """A sample every second from `start` to `stop` (both included), at `speed` m/s from 0 m."""
    return [Sample(float(t), speed * (t - start), hr) for t in range(start, stop + 1)]


def test_without_any_distance_short_steps_are_moving_and_gaps_are_not() -> None:
    # A treadmill file: a sample every 10 s for a minute, a 30-second gap, one more step.
    samples = [Sample(float(t)) for t in (0, 10, 20, 30, 40, 50, 60, 90, 100)]
    assert moving_steps(samples) == [True] * 6 + [False, True]
    assert moving_seconds(samples) == 60 + 10


def test_two_samples_with_a_distance_are_enough_to_judge_by() -> None:
    # Only the first and the last of six samples carry a distance (a watch writing it every
    # few records). Still in the same place, no step is moving; 15 m in 5 s, all of them are.
    def samples(last_metres: float) -> list[Sample]:
        middle = [Sample(float(t)) for t in range(1, 5)]
        return [Sample(0.0, 0.0), *middle, Sample(5.0, last_metres)]

    assert moving_seconds(samples(0.0)) == 0
    assert moving_seconds(samples(15.0)) == 5


def test_a_device_distance_that_goes_back_is_held_level() -> None:
    # 60 s at 3 m/s, one sample every second; the one at 30 s reads 0 m (a glitch). Held at
    # the 87 m before it, every 10-second window still covers at least 27 m: all moving.
    # Read as 0 m, the windows ending just after 30 s would cover less than nothing.
    samples = running(0, 60, 3.0)
    samples[30] = Sample(30.0, 0.0)
    assert moving_seconds(samples) == 60


def test_the_steps_after_a_stop_count_while_their_window_holds_running() -> None:
    # 15 m in the first 5 s (one step), then standing still, a sample every second to 30 s.
    # Step 0-5: its window [0, 7.5] (cut at the first sample) covers 15 m >= 2.25 m: moving.
    # Step 5-6: [0.5, 10.5] covers 15 - 1.5 = 13.5 m; 6-7: 10.5 m; 7-8: 7.5 m; 8-9: 4.5 m,
    # all at least 3 m; 9-10: [4.5, 14.5] covers 1.5 m: not moving, nor any step after it.
    samples = [Sample(0.0, 0.0)] + [Sample(float(t), 15.0) for t in range(5, 31)]
    assert moving_steps(samples)[:6] == [True, True, True, True, True, False]
    assert moving_seconds(samples) == 5 + 4


def test_a_step_before_the_first_distance_is_judged_by_time() -> None:
    # The first sample has no distance; the run is 3 m/s from the second one on (10 s
    # later). The first step's window, cut to the stretch with a distance, is empty, so the
    # 10-second step is judged by time alone: moving.
    samples = [Sample(0.0), Sample(10.0, 0.0), Sample(20.0, 30.0), Sample(30.0, 60.0)]
    assert moving_steps(samples) == [True, True, True]
    assert moving_seconds(samples) == 30


def test_a_gap_at_exactly_the_slowest_moving_speed_is_moving() -> None:
    # 10 s at 3 m/s, a 20-second gap, 10 s more at 3 m/s. Across the gap 6 m is exactly
    # 0.3 m/s: moving (40 s in all); 5.9 m is not (the 20 s of the gap left out).
    def samples(across: float) -> list[Sample]:
        after = [Sample(30.0 + t, 30.0 + across + 3.0 * t) for t in range(11)]
        return running(0, 10, 3.0) + after

    assert moving_seconds(samples(6.0)) == 40
    assert moving_seconds(samples(5.9)) == 20


def test_heart_rate_starts_with_the_first_sample_that_has_one() -> None:
    # 60 s of running; no heart rate for the first 10 s (the strap connecting), 140 bpm held
    # by the samples from 10 s to 30 s (21 one-second steps), 160 by those from 31 s to 59 s
    # (29 steps): (140 * 21 + 160 * 29) / 50 = 151.6.
    samples = [
        Sample(float(t), 3.0 * t, None if t < 10 else 140 if t <= 30 else 160) for t in range(61)
    ]
    assert heart_rate(samples) == (152, 160)


def test_heart_rate_counts_a_short_stopped_step() -> None:
    # 60 s running at 150 bpm, then standing for 60 s at 100 bpm with a sample every 10 s.
    # The 10-second steps are stops (no distance in their window) but not gaps (they are not
    # longer than 10 s), so they count: (150 * 60 + 100 * 60) / 120 = 125.
    samples = running(0, 59, 3.0, 150)
    samples += [Sample(float(t), 180.0, 100) for t in range(60, 121, 10)]
    assert moving_seconds(samples) == 60
    assert heart_rate(samples) == (125, 150)


def test_heart_rate_of_a_single_stopped_gap_is_the_plain_mean() -> None:
    # Two samples a minute apart in the same place: the one step is a stopped gap, so no time
    # weighs the rates; the plain mean of 120 and 140 is left.
    assert heart_rate([Sample(0.0, 0.0, 120), Sample(60.0, 0.0, 140)]) == (130, 140)
    assert heart_rate([Sample(0.0, 0.0), Sample(60.0, 0.0)]) == (None, None)
