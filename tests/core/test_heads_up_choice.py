"""Which heads-ups before a club session a member gets (`/profile heads_up`), as the README
says: `not-go` when their answer for the session is WAIT or EASY-ONLY, `all` for a GO too,
`off` none."""

from __future__ import annotations

import pytest

from bot.core.models import HeadsUp, Verdict


@pytest.mark.parametrize(
    ("choice", "wanted"),
    [
        (HeadsUp.ALL, {Verdict.GO, Verdict.EASY_ONLY, Verdict.WAIT}),
        (HeadsUp.NOT_GO, {Verdict.EASY_ONLY, Verdict.WAIT}),
        (HeadsUp.OFF, set()),
    ],
)
def test_a_member_gets_the_heads_ups_they_chose(choice: HeadsUp, wanted: set[Verdict]) -> None:
    assert {verdict for verdict in Verdict if choice.wants(verdict)} == wanted
