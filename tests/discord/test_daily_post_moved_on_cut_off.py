"""A retry's earlier attempt may have been cut off (no answer at all: a connection reset, or
the send's time limit) after Discord made the post. When that attempt's channel, not deleted,
now refuses the bot and the admin has set another, the post is not made twice: that day is
"unknown"."""

from __future__ import annotations

from datetime import timedelta

from bot.actions.post_send import Outcome
from tests.discord.harness import GUILD_A, Harness
from tests.discord.test_daily_post import GENERAL, SLOT, TRAINING, club, posts_to, tick
from tests.discord.test_reminders_delivery import M

__all__ = ["club"]  # the fixture, used by name


async def test_a_retry_after_a_cut_off_send_whose_old_channel_refuses_it_is_not_posted_twice(
    club: Harness,
) -> None:
    path = f"/channels/{TRAINING.id}/messages"
    # The first attempt: Discord makes the post in #training, and its answer never comes.
    club.fake.lose_answer("POST", path, made=True)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    # The admin moves the post to #general and the bot loses Send Messages in #training.
    club.clock.set(SLOT + timedelta(seconds=30))
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    club.fake.script("POST", path, 403, {"message": "Missing Permissions", "code": 50013})
    # The retry, within the nonce's 2 minutes.
    outcomes, back = await tick(club, SLOT + M, expect_errors=True)
    in_training = [m for m in club.fake.messages.values() if m["channel_id"] == str(TRAINING.id)]
    assert len(in_training) == 1  # the cut-off attempt's post, there for the members
    assert posts_to(back, GENERAL.id) == [], f"the day's post was made twice: {outcomes}"
