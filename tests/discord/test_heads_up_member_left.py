"""A member who pressed "Interested" and then left the server: Discord keeps their answer on
the event's list of users, with no member data for the server, so they are not told (a DM
about a club they left, sent wherever they still share a server with the bot), nor counted
interested in the daily post. Times as in test_heads_up.py."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.discord.harness import ALICE, BOB, GUILD_A, FakeClock, Harness
from tests.discord.test_events_read_edges import TRAINING, post_of
from tests.discord.test_heads_up import HEADS_UP, HILLS, add_session, club, dms_to, fire
from tests.discord.test_heads_up import hard_leg_day as leg_day

__all__ = ["club"]


async def test_a_member_who_left_the_server_gets_no_heads_up(
    club: Harness, clock: FakeClock
) -> None:
    event_id = await add_session(club, HILLS)
    await leg_day(club, clock, ALICE)
    await leg_day(club, clock, BOB)  # both a WAIT for the hills
    club.fake.events.mark_interested(event_id, ALICE.id, BOB.id)
    club.fake.events.leave_server(GUILD_A.id, BOB.id)
    clock.set(HEADS_UP)
    cap = await fire(club)
    assert set(dms_to(cap)) == {ALICE.id}
    [read] = [r for r in cap.requests if r.path.endswith("/users")]
    assert read.params["with_member"] == "true"


async def test_a_member_who_left_the_server_is_not_counted_interested_in_the_post(
    club: Harness, clock: FakeClock
) -> None:
    await club.invoke("club reminder set", {"channel": TRAINING, "time": "09:30"})
    event_id = await add_session(club, HILLS)
    club.fake.events.mark_interested(event_id, ALICE.id, BOB.id)
    club.fake.events.leave_server(GUILD_A.id, BOB.id)
    description = await post_of(club, datetime(2026, 3, 12, 9, 30, tzinfo=UTC))
    assert "1 interested" in description and "2 interested" not in description
