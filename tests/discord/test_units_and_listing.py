"""/profile units and listed end to end, and what they change everywhere else: distances are
entered and shown in the member's units (stored in km), and an unlisted member is never named.
"""

from __future__ import annotations

import pytest

from tests.discord.harness import ALICE, BOB, GUILD_A, FakeClock, Harness

KM_PER_MILE = 1.609344


async def distances_km(h: Harness) -> list[float]:
    rows = await h.store.db.all(
        "SELECT distance_km FROM runs WHERE guild_id = :guild_id AND user_id = :user_id"
        " ORDER BY id",
        guild_id=GUILD_A.id,
        user_id=ALICE.id,
    )
    return [float(row[0]) for row in rows]


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_units_and_listed_are_saved_and_shown(harness: Harness) -> None:
    result = await harness.invoke("profile", {"units": "mi", "listed": False})

    fields = {f["name"]: f["value"] for f in result.embed["fields"]}
    assert fields["Units"] == "mi"
    assert fields["Named in the club post"] == "no (counted, not named)"
    assert "units" in result.embed["description"] and "listed" in result.embed["description"]
    row = await harness.store.db.one(
        "SELECT units, listed FROM members WHERE guild_id = :guild_id AND user_id = :user_id",
        guild_id=GUILD_A.id,
        user_id=ALICE.id,
    )
    assert row is not None and tuple(row) == ("mi", 0)

    back = await harness.invoke("profile", {"units": "km", "listed": True})
    fields = {f["name"]: f["value"] for f in back.embed["fields"]}
    assert (fields["Units"], fields["Named in the club post"]) == ("km", "yes")


@pytest.mark.sqlite_only  # reads SQLite rows directly
async def test_switching_units_between_entries_loses_nothing(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 10, "minutes": 50})  # km
    await harness.invoke("profile", {"units": "mi"})
    in_miles = await harness.invoke("run", {"type": "long", "distance": 5, "minutes": 40})

    assert "5.0 mi" in in_miles.embed["description"]
    assert "8:00 /mi" in in_miles.embed["description"]
    assert await distances_km(harness) == pytest.approx([10.0, 5 * KM_PER_MILE])

    history = await harness.invoke("history")
    (embed,) = history.followups[0]["embeds"]
    # 10 km = 6.21 mi at 50 min: 8:03 /mi; 5 mi = 8.05 km.
    assert "6.2 mi · 50 min · 8:03 /mi" in embed["description"]
    assert "5.0 mi · 40 min · 8:00 /mi" in embed["description"]
    picker = await harness.autocomplete("delete", {"entry": ""})
    assert [c["name"].rsplit("· ", 1)[1] for c in picker.choices] == ["long 5.0 mi", "easy 6.2 mi"]

    await harness.invoke("profile", {"units": "km"})
    history = await harness.invoke("history")
    (embed,) = history.followups[0]["embeds"]
    assert "10.0 km · 50 min · 5:00 /km" in embed["description"]
    assert "8.0 km · 40 min · 4:58 /km" in embed["description"]  # 40 / 8.04672 = 4:58.3
    undone = await harness.invoke("undo")
    assert "8.0 km" in undone.embed["description"]


async def test_an_unlisted_member_is_counted_on_the_board_not_named(harness: Harness) -> None:
    await harness.invoke("run", {"type": "easy", "distance": 5})
    await harness.invoke("run", {"type": "easy", "distance": 8}, user=BOB)
    await harness.invoke("profile", {"listed": False}, user=BOB)

    board = await harness.invoke("leaderboard")
    assert str(BOB.id) not in board.embed["description"]
    assert f"<@{ALICE.id}>" in board.embed["description"]
    assert "1 member who chose not to be listed" in board.embed["description"]

    await harness.invoke("profile", {"listed": True}, user=BOB)
    board = await harness.invoke("leaderboard")
    assert board.embed["description"].index(f"<@{BOB.id}>") < board.embed["description"].index(
        f"<@{ALICE.id}>"
    )
    assert "not to be listed" not in board.embed["description"]
