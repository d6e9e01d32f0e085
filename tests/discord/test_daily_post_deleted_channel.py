"""An attempt within the nonce's 2 minutes goes to the channel the earlier attempt went to.
When an admin has deleted that channel since (its messages with it) and set another for the
post, nothing can be there twice, so the day's post is owed and goes to the channel set now,
not refused for good as a failed day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.actions.post_send import Outcome
from bot.core.models import TipId
from bot.core.schedule import PostStatus, Slot
from tests.discord.harness import GUILD_A, Harness
from tests.discord.test_daily_post import GENERAL, SLOT, TRAINING, club, posts_to, tick
from tests.discord.test_reminders_delivery import M

__all__ = ["club"]  # the fixture, used by name


async def test_a_quick_restart_after_a_cut_off_send_to_a_deleted_channel_posts_in_the_new_one(
    club: Harness,
) -> None:
    gone = 911_000_000_000_000_999  # a channel deleted since the cut-off send went to it
    slot = Slot(local_date=SLOT.date(), at=SLOT)
    await club.store.posts.claim(GUILD_A.id, slot, channel_id=gone, tip_id=TipId.CARBS, now=SLOT)
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    # Back within the nonce's 2 minutes.
    outcomes, back = await tick(club, SLOT + timedelta(minutes=1), expect_errors=True)
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None
    assert len(posts_to(back, GENERAL.id)) == 1, f"no post that day: {outcomes} {record.status}"
    assert record.status is PostStatus.SENT


@pytest.mark.parametrize("first", ["answered 503", "answer lost, post made"])
async def test_a_retry_whose_old_channel_now_refuses_it_is_unknown_and_says_so(
    club: Harness, first: str
) -> None:
    """The first attempt fails for now: answered 503, or its answer lost after Discord made the
    post in #training. Either may have made the post. The admin moves the post to #general and
    the bot loses Send Messages in #training. The retry, within the nonce's 2 minutes, goes to
    #training and is refused (403). #training may hold the post, so the day is "unknown", not
    posted twice, and /club status says what happened without claiming the bot stopped."""
    path = f"/channels/{TRAINING.id}/messages"
    if first == "answered 503":
        club.fake.script("POST", path, 503, {"message": "down"}, times=1)
    else:
        club.fake.lose_answer("POST", path, made=True)
    outcomes, _ = await tick(club, SLOT, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.RETRY}
    club.clock.set(SLOT + timedelta(seconds=30))
    await club.invoke("club reminder set", {"channel": GENERAL, "time": "09:30"})
    club.fake.script("POST", path, 403, {"message": "Missing Permissions", "code": 50013})
    outcomes, back = await tick(club, SLOT + M, expect_errors=True)
    assert outcomes == {GUILD_A.id: Outcome.NOTHING} and posts_to(back, GENERAL.id) == []
    in_training = [m for m in club.fake.messages.values() if m["channel_id"] == str(TRAINING.id)]
    assert len(in_training) == (0 if first == "answered 503" else 1)
    record = await club.store.posts.get(GUILD_A.id, SLOT.date())
    assert record is not None and record.status is PostStatus.UNKNOWN
    status = await club.invoke("club status")
    assert "stopped while sending" not in status.text
    assert "could not confirm a send (cut off, or its channel unreadable since)" in status.text
