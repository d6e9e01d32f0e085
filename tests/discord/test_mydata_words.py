"""/mydata's replies word for word, as README's "Your data" says them: what the export holds
(counted, one and many), its times in UTC and distances in km; the deletion's question, its
60 seconds, and what it deleted; a cancel."""

from __future__ import annotations

from tests.discord.harness import Harness
from tests.discord.test_mydata import UPDATE_MESSAGE, ask

INFO_BLUE, WAIT_RED = 0x3498DB, 0xE74C3C


async def one_of_each(h: Harness) -> None:
    await h.invoke("profile", {"units": "km"})
    await h.invoke("legday", {"exercises": 1})
    await h.invoke("run", {"type": "easy", "distance": 5, "minutes": 30})


async def test_the_export_counts_one_leg_day_and_one_run(harness: Harness) -> None:
    await one_of_each(harness)

    result = await harness.invoke("mydata export")

    assert result.ephemeral
    assert result.embed["title"] == "Your data in this server"
    assert result.embed["color"] == INFO_BLUE
    assert result.embed["description"].split("\n") == [
        "Attached: your profile, 1 leg day and 1 run, as JSON. Times are UTC (ISO 8601);"
        " distances are in km, as stored.",
        "`/mydata delete` removes all of it.",
    ]


async def test_the_export_of_nothing_says_so(harness: Harness) -> None:
    result = await harness.invoke("mydata export")
    assert result.embed["description"].split("\n")[0] == (
        "Attached: no profile, 0 leg days and 0 runs, as JSON. Times are UTC (ISO 8601);"
        " distances are in km, as stored."
    )


async def test_the_question_names_what_goes_and_for_how_long_the_buttons_work(
    harness: Harness,
) -> None:
    await one_of_each(harness)
    await harness.invoke("legday", {"exercises": 4})
    await harness.invoke("run", {"type": "tempo", "distance": 8, "minutes": 40})
    await harness.invoke("race set", {"date": "in 3 weeks", "name": "Park 5k"})

    question, message, ids = await ask(harness)

    assert question.embed["title"] == "Delete all your data in this server?"
    assert question.embed["color"] == WAIT_RED
    assert question.embed["description"].split("\n") == [
        "This deletes your profile, 2 leg days, 2 runs and 1 race for good; it cannot be"
        " undone. Want a copy first? Use `/mydata export`.",
        "The buttons work for 60 seconds.",
    ]

    done = await harness.click(message, ids["Delete all my data"])

    assert done.callback_type == UPDATE_MESSAGE and done.callback is not None
    [embed] = done.callback["data"]["embeds"]
    assert (embed["title"], embed["color"]) == ("Deleted", INFO_BLUE)
    assert embed["description"] == (
        "All your data in this server is gone: your profile, 2 leg days, 2 runs and 1 race."
        " If you use runclub-bot again, it starts from scratch."
    )


async def test_a_cancel_says_nothing_was_deleted(harness: Harness) -> None:
    await one_of_each(harness)
    _, message, ids = await ask(harness)

    cancelled = await harness.click(message, ids["Cancel"])

    assert cancelled.callback is not None
    [embed] = cancelled.callback["data"]["embeds"]
    assert (embed["title"], embed["description"]) == ("Nothing was deleted", "You cancelled.")


async def test_two_races_are_counted_as_races(harness: Harness) -> None:
    await one_of_each(harness)
    await harness.invoke("race set", {"date": "in 3 weeks", "name": "Park 5k"})
    await harness.invoke("race set", {"date": "in 5 weeks", "name": "City 10k"})
    result = await harness.invoke("mydata export")
    assert result.embed["description"].startswith(
        "Attached: your profile, 1 leg day, 1 run and 2 races, as JSON."
    )


async def test_the_export_file_reads_as_written_two_spaces_deep_with_its_about_line(
    harness: Harness,
) -> None:
    # The file is for the member to read too: indented two spaces a level, opening with what
    # it is, and their own words as they typed them (UTF-8), not as \u escapes.
    await harness.invoke("legday", {"exercises": 2, "notes": "Åsa's squats 🦵, 80 kg"})

    result = await harness.invoke("mydata export")

    text = result.files[0].data.decode("utf-8")
    assert text.split("\n")[:3] == [
        "{",
        '  "format": 2,',
        '  "about": "Everything runclub-bot stores about you in this server.",',
    ]
    assert '      "notes": "Åsa\'s squats 🦵, 80 kg",\n' in text
    # The file's own description, which Discord shows and reads out as its alt text.
    [attached] = result.message["attachments"]
    assert attached["description"] == "Everything runclub-bot stores about you in this server"
