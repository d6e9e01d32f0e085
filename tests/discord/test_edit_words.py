"""/edit's reply word for word: the lines above Before and After, one to a line (a leg day's
new class, or that nothing changed, then the load as it is now, README's /edit row), in the
blue of a reply that only informs. The load is RPE × minutes (advice-rules.md, "Training
load"): a leg day of RPE 7 for 50 minutes is 7 × 50 = 350."""

from __future__ import annotations

from tests.discord.harness import Harness

INFO_BLUE = 0x3498DB  # the colour of every reply that only informs


async def test_a_leg_day_made_hard_says_so_above_its_load_line(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 1, "minutes": 50, "rpe": 7})

    result = await harness.invoke("edit", {"entry": "L1", "exercises": 4})

    assert result.ephemeral
    assert result.embed["title"] == "Edited: L1"
    assert result.embed["color"] == INFO_BLUE
    assert result.embed["description"].split("\n") == [
        "It counts as HARD now; `/canirun` goes by that from here on.",
        "Load: 350 (RPE 7 × 50 min).",
    ]


async def test_the_same_values_again_say_nothing_changed(harness: Harness) -> None:
    await harness.invoke("legday", {"exercises": 4, "minutes": 50, "rpe": 7})

    result = await harness.invoke("edit", {"entry": "L1", "minutes": 50, "rpe": 7})

    assert result.ephemeral
    assert result.embed["title"] == "Edited: L1"
    assert result.embed["color"] == INFO_BLUE
    assert result.embed["description"].split("\n") == [
        "Those were its values already: nothing changed.",
        "Load: 350 (RPE 7 × 50 min).",
    ]
    # A change that is one is not told it changed nothing.
    changed = await harness.invoke("edit", {"entry": "L1", "minutes": 60})
    assert changed.embed["description"] == "Load: 420 (RPE 7 × 60 min)."
