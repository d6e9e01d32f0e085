"""/help's frame word for word: its title is README's opening question, its last rules lines
are the leg-day classification and README's soreness window (24 hours, then "check again on
the day"), the admins' field names `/club`'s Manage Server permission and its subcommands,
and the footer says replies are private unless a command says otherwise (README's "Who sees
it"), in the blue of a reply that only informs."""

from __future__ import annotations

from tests.discord.harness import Harness

INFO_BLUE = 0x3498DB


async def test_help_frames_its_lists_in_readmes_words(harness: Harness) -> None:
    result = await harness.invoke("help")

    assert result.ephemeral
    embed = result.embed
    assert embed["title"] == "runclub-bot: can I run today, and how hard?"
    assert embed["color"] == INFO_BLUE
    assert embed["footer"]["text"] == "Replies are private unless a command says otherwise."
    rules, admins = embed["fields"]
    assert rules["name"] == "How the advice decides"
    assert (
        rules["value"]
        .split("\n")[-2]
        .endswith(" `hard:true` or `hard:false` overrides both. A LIGHT one never makes you wait.")
    )
    assert rules["value"].split("\n")[-1] == (
        "Soreness counts for a run within the next 24 h; for a later one, check again on the day."
    )
    assert admins == {
        "name": "Club admins",
        "value": "`/club` (Manage Server): the daily post (`reminder set`, `reminder off`,"
        " `status`, `preview`) and the weekly sessions (`session add`, `remove`, `list`).",
        "inline": False,
    }
