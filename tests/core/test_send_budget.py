"""The send budget: a process's share of Discord's global limit, and the token bucket that paces
sends to it. The clock is a number the test passes; nothing sleeps."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.actions.send_budget import SendBudget
from bot.config import ConfigError, settings_from_mapping
from bot.core.send_budget import TokenBucket, process_share
from bot.core.shards import ShardSet


@pytest.mark.parametrize(
    ("count", "ids", "share"),
    [
        (None, None, 45.0),  # one process, the whole safe share
        (4, None, 45.0),  # every shard of four in this process
        (4, [0], 11.25),
        (4, [1, 3], 22.5),
        (3, [2], 15.0),
        (10, [0, 1, 2], 13.5),
    ],
)
def test_a_process_gets_its_shards_part_of_45_of_the_50_a_second(
    count: int | None, ids: list[int] | None, share: float
) -> None:
    assert process_share(ShardSet.of(count, ids)) == pytest.approx(share)


@given(st.integers(1, 64), st.data())
def test_processes_covering_every_shard_once_stay_under_50(count: int, data: st.DataObject) -> None:
    owner = data.draw(st.lists(st.integers(0, 7), min_size=count, max_size=count))
    processes = {p: [s for s in range(count) if owner[s] == p] for p in set(owner)}
    total = sum(process_share(ShardSet.of(count, ids)) for ids in processes.values())
    assert total == pytest.approx(45.0)


@pytest.mark.parametrize(
    "shards",
    [ShardSet(), ShardSet(shard_count=4), ShardSet(shard_ids=frozenset({1}))],
    ids=["nothing", "count-only", "ids-only"],
)
def test_a_shard_set_that_owns_every_guild_gets_the_whole_share(shards: ShardSet) -> None:
    # Missing either half, a shard set owns every guild (ShardSet.owns), so it is the only
    # process sending: all 45 of the 50 a second.
    assert all(shards.owns(guild) for guild in (1, 2**22, 3 * 2**22, 2**60))
    assert process_share(shards) == pytest.approx(45.0)


def test_a_configured_pace_replaces_the_derived_share() -> None:
    assert process_share(ShardSet.of(4, [0]), configured=7.0) == 7.0


@pytest.mark.parametrize("value", [0, -1, 10_001, "fast"])
def test_a_pace_out_of_range_is_refused_naming_the_key(value: object) -> None:
    with pytest.raises(ConfigError, match=r"discord\.requests_per_second"):
        settings_from_mapping({"discord": {"requests_per_second": value}}, env={})


def test_the_bucket_lets_one_go_at_once_then_one_per_interval() -> None:
    bucket = TokenBucket(4.0)
    assert [bucket.reserve(100.0) for _ in range(5)] == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_idle_time_builds_no_burst_beyond_one() -> None:
    bucket = TokenBucket(4.0)
    assert bucket.reserve(0.0) == 0.0
    # Ten idle seconds later: one goes at once, the next still waits a full interval.
    assert [bucket.reserve(10.0), bucket.reserve(10.0)] == [0.0, 0.25]


def test_a_late_sender_moves_the_next_turn_back() -> None:
    bucket = TokenBucket(4.0)
    assert [bucket.reserve(0.0), bucket.reserve(0.0)] == [0.0, 0.25]
    bucket.sent(0.4)  # the second was booked for 0.25 and really left at 0.4 (a busy loop)
    # The third comes a full interval after 0.4, not at the booked 0.5: no bunching.
    assert bucket.reserve(0.4) == pytest.approx(0.25)
    bucket.sent(0.1)  # a report earlier than the booking changes nothing
    assert bucket.reserve(0.4) == pytest.approx(0.5)


def test_a_caller_arriving_mid_interval_waits_only_the_rest() -> None:
    bucket = TokenBucket(4.0)
    assert bucket.reserve(0.0) == 0.0
    assert bucket.reserve(0.1) == pytest.approx(0.15)
    assert bucket.reserve(0.6) == 0.0  # the interval after the last send has passed


@pytest.mark.parametrize("rate", [0.0, -5.0])
def test_a_bucket_needs_a_positive_rate(rate: float) -> None:
    with pytest.raises(ValueError, match="must be above 0"):
        TokenBucket(rate)


@given(
    st.floats(0.5, 100.0),
    st.lists(st.floats(0.0, 5.0, allow_nan=False), min_size=1, max_size=60),
)
def test_sends_are_never_closer_than_the_interval_and_keep_their_order(
    rate: float, gaps: list[float]
) -> None:
    # Callers arrive at arbitrary times (the clock may even read the same twice); each sends
    # at arrival + wait. Those moments keep the callers' order and 1/rate between them.
    bucket = TokenBucket(rate)
    now, sends = 0.0, []
    for gap in gaps:
        now += gap
        wait = bucket.reserve(now)
        assert wait >= 0
        sends.append(now + wait)
    spacing = [b - a for a, b in itertools.pairwise(sends)]
    assert all(s >= 1 / rate - 1e-9 for s in spacing)
    assert sends[0] == gaps[0]  # the first never waits
    # Nobody waits longer than that: each goes at its arrival or one interval after the last.
    arrivals = list(itertools.accumulate(gaps))
    for i in range(1, len(sends)):
        assert sends[i] == pytest.approx(max(arrivals[i], sends[i - 1] + 1 / rate))


class LateClock:
    """A clock whose sleeps overrun by `late` seconds, as on a busy event loop."""

    def __init__(self, late: float) -> None:
        self.now, self.late = 5.0, late
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds + self.late


@pytest.mark.parametrize("late", [0.0, 0.03])
def test_the_budget_sleeps_for_each_turn_from_when_the_last_one_left(late: float) -> None:
    clock = LateClock(late)
    released: list[float] = []

    async def five() -> None:
        budget = SendBudget(10.0, monotonic=clock.monotonic, sleep=clock.sleep)

        async def one() -> None:
            await budget.take()
            released.append(clock.now)

        await asyncio.gather(*(one() for _ in range(5)))

    asyncio.run(five())
    # The first at once; each next one 0.1 s after the last really left, however late that was.
    assert clock.slept == pytest.approx([0.1] * 4)
    assert released == pytest.approx([5.0 + k * (0.1 + late) for k in range(5)])


def test_the_budget_of_a_sharded_process_follows_its_settings() -> None:
    sharded = {"shard_count": 4, "shard_ids": [2]}
    env = {"DATABASE_URL": "postgresql://u@h/db"}
    settings = settings_from_mapping({"discord": sharded}, env=env)
    assert SendBudget.for_settings(settings).per_second == 11.25
    own = settings_from_mapping({"discord": {**sharded, "requests_per_second": 20}}, env=env)
    assert SendBudget.for_settings(own).per_second == 20.0
