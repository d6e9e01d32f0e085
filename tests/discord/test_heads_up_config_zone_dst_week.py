"""`[club] timezone` changed from Europe/London to UTC while the bot was down,
on the session's own day, the Tuesday before London leaves BST (Sunday 25 October 2026,
01:00 UTC). Tuesday 20 October's 18:00 in London (17:00 UTC) had started, so the read chain
waited for the next Tuesday's heads-up, 27 October 15:00 UTC (18:00 GMT less 3 hours). In UTC
this Tuesday's 18:00 is still ahead: as in test_heads_up_config_zone_later (Tokyo to UTC),
Alice, interested, is owed a heads-up at once about today's 18:00 UTC. But the queued read's
time plus the lead, 27 October 18:00 UTC, is a Tuesday 18:00 on UTC's clock too (London and
UTC agree after 25 October), so the store's filter (`zone_moves._READS`) leaves it out as
well placed, though `place_reads` would move it (`read_in_zone`: it is a week past the first
read), and nobody was told about today's session (found in review; failed before the fix:
the filter now leaves out only reads for starts within six days). Expected instants from
zoneinfo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.discord.harness import FakeClock, Harness, discord_ts
from tests.discord.test_heads_up_config_zone_later import restarted_on_utc, told_until
from tests.discord.test_session_zone_change import local

_TUESDAY = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


async def test_a_config_zone_change_west_across_a_dst_week_still_tells_todays_session(
    make_harness: Callable[..., Harness], clock: FakeClock
) -> None:
    london_start = local(_TUESDAY, "Europe/London")
    utc_start = local(_TUESDAY, "UTC")
    assert (london_start.hour, utc_start.hour) == (17, 18)
    # Next Tuesday London and UTC agree: the read queued for it is on UTC's grid too.
    assert local(_TUESDAY + timedelta(days=7), "Europe/London") == utc_start + timedelta(days=7)
    async with restarted_on_utc(make_harness, clock, "Europe/London", _TUESDAY) as second:
        told = await told_until(second, clock, utc_start)
    assert len(told) == 1, told
    assert discord_ts(utc_start) in told[0][1]["embeds"][0]["description"]
