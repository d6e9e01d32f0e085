"""A check-in answer as the bot stores one: for a check-in DM on record, which its buttons
answer (an answer without one is refused, as after /mydata delete)."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.models import MemberRef
from bot.store import Store


async def answer(store: Store, member: MemberRef, day: date, soreness: int, now: datetime) -> bool:
    """Record a check-in DM for `day` sent to `member` (set, then claimed for that day), then
    save its answer: `CheckinAnswers.save`'s result."""
    timer = await store.timers.set_checkin(member, minute=7 * 60, first=lambda _: now, now=now)
    assert timer.id is not None
    assert await store.timers.claim(timer.id, now=now, day=day, checkins_of=member) is not None
    return await store.checkin_answers.save(member, day, soreness, now=now)
