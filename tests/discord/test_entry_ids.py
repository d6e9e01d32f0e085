"""An entry's short id names one entry forever (issue 9, point 6)."""

from __future__ import annotations

from tests.discord.harness import Harness


async def test_a_run_after_undo_gets_a_new_id(harness: Harness) -> None:
    first = await harness.invoke("run", {"type": "easy", "distance": 5})
    assert first.embed["footer"]["text"] == "Entry R1"
    undone = await harness.invoke("undo")
    assert undone.embed["title"] == "Undone: R1"

    again = await harness.invoke("run", {"type": "easy", "distance": 6})

    assert again.embed["footer"]["text"] == "Entry R2"
    gone = await harness.invoke("delete", {"entry": "R1"})
    assert "R1" in gone.content and "No entry" in gone.content, gone.content


async def test_a_leg_day_after_delete_gets_a_new_id(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 4})
    await harness.invoke("legday", {"exercises": 1})  # L2
    deleted = await harness.invoke("delete", {"entry": "L2"})
    assert deleted.embed["title"] == "Deleted: L2"

    again = await harness.invoke("legday", {"exercises": 2})

    assert again.embed["footer"]["text"] == "Entry L3"
