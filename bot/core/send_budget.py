"""The bot's share of Discord's global rate limit, and the bucket that paces sends to it.

Discord allows a bot token 50 requests a second in all, across every shard process; each
discord.py process counts only its own. So each process keeps to a fixed share, in proportion
to the shards it serves, and the processes never need to talk to each other. The shares add up
to a little less than 50 (SAFE_SHARE): a send leaves a few milliseconds after its turn, later
still on a busy event loop, so sends paced at exactly 50 a second in all still land 51 in some
second at Discord and draw a global 429 (measured: scripts/bench_scale.py). Interaction
responses are exempt and not paced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.shards import ShardSet

# Discord's global limit per bot token (requests per second, every process together).
GLOBAL_REQUESTS_PER_SECOND = 50.0
# The part of it the bot's own sends use when no pace is configured.
SAFE_SHARE = 0.9


def process_share(shards: ShardSet, configured: float | None = None) -> float:
    """Requests per second this process may send: `configured` when given, else its shards'
    part of the safe share of the global limit (all of it when not sharded)."""
    if configured is not None:
        return configured
    total = GLOBAL_REQUESTS_PER_SECOND * SAFE_SHARE
    if shards.shard_count is None or shards.shard_ids is None:
        return total
    return total * len(shards.shard_ids) / shards.shard_count


@dataclass(slots=True)
class TokenBucket:
    """`per_second` sends a second and never two closer than 1/per_second (a bucket of one
    token, kept as the moment the next send is due, so a booking is a comparison, no timer).

    `reserve(now)` books the next free moment and returns how long to wait for it; bookings
    are served in the order they are made. `sent(at)` says when a send really left: a sender
    woken late moves the next turn back, so its lateness never bunches the sends after it.
    """

    per_second: float
    _next: float = field(default=float("-inf"), init=False)

    def __post_init__(self) -> None:
        if self.per_second <= 0:
            raise ValueError(f"per_second must be above 0, got {self.per_second}")

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second

    def reserve(self, now: float) -> float:
        """Book one send; the seconds to wait before making it (0: now)."""
        # An idle bucket (or a clock read earlier than the last booking) starts from `now`:
        # idle time saves up no burst.
        start = max(now, self._next)
        self._next = start + self.interval
        return start - now

    def sent(self, at: float) -> None:
        """The booked send left at `at` (at or after its turn)."""
        self._next = max(self._next, at + self.interval)
