"""Review 30: findings in the pure core (each failed on main before its fix)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.session_events import Interest, interested_in

# An occurrence by the rule after the bot moved the event an hour earlier (a clock change).
MOVED = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
BEFORE_THE_MOVE = MOVED + timedelta(hours=1)


def test_an_answer_keyed_by_the_weeks_start_before_a_move_counts_for_it() -> None:
    answers = [
        Interest(1, True),
        Interest(2, True),
        Interest(1, False, BEFORE_THE_MOVE),  # "not this week", before the move
        Interest(3, True, BEFORE_THE_MOVE),  # "this week only", before the move
        Interest(4, True, BEFORE_THE_MOVE + timedelta(days=7)),  # next week's
    ]
    assert interested_in(answers, MOVED) == [2, 3]
    # An answer keyed by the occurrence itself (given after the move) wins, in any order.
    again = [*answers, Interest(1, True, MOVED)]
    assert interested_in(again, MOVED) == [1, 2, 3]
    assert interested_in(list(reversed(again)), MOVED) == [1, 2, 3]
