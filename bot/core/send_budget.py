"""The bot's share of Discord's global rate limit, and the bucket that paces sends to it.

Discord allows a bot token 50 requests a second in all, across every shard process; each
discord.py process counts only its own. So each process keeps to a fixed share, in proportion
to the shards it serves: four processes of one shard each send 12.5 a second, together 50,
without talking to each other. Interaction responses are exempt and not paced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.shards import ShardSet

# Discord's global limit per bot token (requests per second, every process together).
GLOBAL_REQUESTS_PER_SECOND = 50.0


def process_share(shards: ShardSet, configured: float | None = None) -> float:
    """Requests per second this process may send: `configured` when given, else its shards'
    part of the global limit (all of it when not sharded)."""
    if configured is not None:
        return configured
    if shards.shard_count is None or shards.shard_ids is None:
        return GLOBAL_REQUESTS_PER_SECOND
    return GLOBAL_REQUESTS_PER_SECOND * len(shards.shard_ids) / shards.shard_count


@dataclass(slots=True)
class TokenBucket:
    """`per_second` sends a second, at most `burst` back to back (kept as the moment the next
    send is due at the steady pace, so a reservation is two comparisons and no timer).

    `reserve(now)` books the next free moment and returns how long to wait for it. Bookings
    are served in the order they are made, so whoever asks first sends first.
    """

    per_second: float
    burst: int = 1
    _next: float = field(default=float("-inf"), init=False)

    def __post_init__(self) -> None:
        if self.per_second <= 0:
            raise ValueError(f"per_second must be above 0, got {self.per_second}")
        if self.burst < 1:
            raise ValueError(f"burst must be at least 1, got {self.burst}")

    def reserve(self, now: float) -> float:
        """Book one send; the seconds to wait before making it (0: now)."""
        interval = 1.0 / self.per_second
        # Up to `burst - 1` sends may go ahead of the steady pace; an idle bucket (or a clock
        # read earlier than the last booking) starts from `now`, never from a debt.
        start = max(now, self._next - (self.burst - 1) * interval)
        self._next = max(self._next, start) + interval
        return start - now
