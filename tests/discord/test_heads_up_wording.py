"""The heads-up DM and its notice word for word: `/canirun`'s reply for the session's run at
its start and of its length (60 minutes, `/club session add`'s default), under the line naming
the session, its start and its event; an EASY-ONLY's time full effort is fine again, and no
such line for another verdict. The scenario and its instants are test_heads_up.py's
(Europe/London on GMT; a hard leg day on Wednesday 11 March 20:00 UTC, the steady run on
Thursday 12 March 18:30, 22 hours 30 minutes later)."""

from __future__ import annotations

from collections.abc import Callable

from tests.discord.harness import ALICE, BOB, GUILD_A, FakeClock, Harness, discord_ts
from tests.discord.test_heads_up import (
    CLEAR,
    HEADS_UP,
    HILLS,
    LONDON,
    START,
    STEADY,
    M,
    add_session,
    dms_to,
    fire,
    hard_leg_day,
)

LINK = f"https://discord.com/events/{GUILD_A.id}"


def opening(label: str, event_id: int) -> str:
    return (
        f"Heads-up for {label}, {discord_ts(START)}, which you're interested in: {LINK}/{event_id}"
    )


async def test_a_go_and_an_easy_only_read_as_canirun_with_the_session_above(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, STEADY)
        await club.invoke("profile", {"experience": "beginner"}, user=BOB)
        await club.invoke("profile", {"heads_up": "all"})
        for user in (ALICE, BOB):
            await hard_leg_day(club, clock, user)
        club.fake.events.mark_interested(event_id, ALICE.id, BOB.id)
        clock.set(HEADS_UP)
        sent = dms_to(await fire(club))
        asked = {
            user.id: await club.invoke(
                "canirun", {"type": "steady", "when": "18:30", "minutes": 60}, user=user
            )
            for user in (ALICE, BOB)
        }
    run = f"**Steady run (moderate), 60 min** at {discord_ts(START)} ({discord_ts(START, 'R')})"
    # Alice, intermediate: a GO, with no line about full effort (her last leg day was hard).
    [go] = sent[ALICE.id]
    assert go["embeds"][0]["title"] == "Heads-up · GO: run as planned"
    assert asked[ALICE.id].embed["description"] == (
        f"{run}\nNothing in your log calls for holding back on this steady run.\nYour last leg"
        " day was 22 hours 30 minutes before this steady run: keep it relaxed. Easy running"
        " brings blood to your legs and helps them recover."
    )
    assert go["embeds"][0]["description"] == (
        f"{opening('Thu 18:30 steady', event_id)}\n{asked[ALICE.id].embed['description']}"
    )
    # Bob, a beginner: EASY-ONLY, and when full effort is fine again, 48 hours after the leg day.
    [easy] = sent[BOB.id]
    assert easy["embeds"][0]["title"] == "Heads-up · EASY-ONLY: keep it conversational"
    assert asked[BOB.id].embed["description"] == (
        f"{run}\nYou had a hard leg day within the last 48 hours, and beginners easily drift"
        " into hard running on a steady run without noticing."
    )
    assert easy["embeds"][0]["description"] == (
        f"{opening('Thu 18:30 steady', event_id)}\n{asked[BOB.id].embed['description']}\n"
        f"Full effort OK from {discord_ts(CLEAR)} ({discord_ts(CLEAR, 'R')}), 48 hours after"
        " your last hard leg day."
    )


async def test_the_notice_of_a_refused_heads_up_in_full(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    async with make_harness(config=LONDON) as club:
        event_id = await add_session(club, HILLS)
        await hard_leg_day(club, clock, ALICE)
        club.fake.events.mark_interested(event_id, ALICE.id)
        club.fake.closed_dms.add(ALICE.id)
        clock.set(HEADS_UP)
        await fire(club)
        clock.set(HEADS_UP + 5 * M)
        said = await club.invoke("remind list")
    [notice] = [r for r in said.requests if r.method == "POST" and "/webhooks/" in r.path]
    assert notice.json is not None
    assert notice.json["content"] == (
        "I couldn't DM you: Discord refused a direct message to you, so your heads-up for"
        f" Thu 18:30 hills ({discord_ts(START)}) was not delivered. Allow direct messages from"
        " this server's members (Privacy Settings), or turn heads-ups off with"
        " `/profile heads_up:off`."
    )
