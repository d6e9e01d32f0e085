"""The club's last week, for the first daily post of a week, and the active-days board. Pure.

Active days are local dates (in the given zone) with at least one run or leg day. Members who
chose `listed: false` are counted, never named.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from bot.core.leaderboard import Week
from bot.core.models import AdviceRules, FrozenModel, Intensity, LegDay, Run, intensity_of
from bot.core.week import hard_runs_in_windows
from bot.core.when import local_date

__all__ = ["ClubWeek", "MemberEntries", "active_days", "build_club_week", "by_member"]

# The most active members named in the block; ties beyond this are counted.
TOP_NAMED = 5


class MemberEntries(FrozenModel):
    """One member's entries in a range, with whether they may be named."""

    user_id: int
    listed: bool
    leg_days: tuple[LegDay, ...] = ()
    runs: tuple[Run, ...] = ()


def by_member(entries: Iterable[tuple[int, bool, LegDay | Run]]) -> list[MemberEntries]:
    """Each member's entries from (user id, listed, entry) triples, by user id; each member's
    leg days and runs in the order given."""
    listed: dict[int, bool] = {}
    leg_days: dict[int, list[LegDay]] = {}
    runs: dict[int, list[Run]] = {}
    for user_id, is_listed, entry in entries:
        listed[user_id] = is_listed
        if isinstance(entry, LegDay):
            leg_days.setdefault(user_id, []).append(entry)
        else:
            runs.setdefault(user_id, []).append(entry)
    return [
        MemberEntries(
            user_id=user_id,
            listed=listed[user_id],
            leg_days=tuple(leg_days.get(user_id, ())),
            runs=tuple(runs.get(user_id, ())),
        )
        for user_id in sorted(listed)
    ]


class ClubWeek(FrozenModel):
    week: Week
    runs: int
    distance_km: float
    minutes: float
    # Runs with minutes: `minutes` is theirs alone.
    timed_runs: int
    leg_hard: int
    leg_light: int
    hard_runs: int
    # Hard runs that started outside every window after a hard leg day of the same member.
    hard_runs_clear: int
    top_days: int
    # Listed members with `top_days` active days (user ids, up to TOP_NAMED), and how many
    # more share it: unlisted ones and listed ones beyond the cap.
    top_named: tuple[int, ...]
    top_unnamed: int

    @property
    def empty(self) -> bool:
        return self.runs == 0 and self.leg_hard + self.leg_light == 0


def active_days(member: MemberEntries, week: Week, tz: ZoneInfo) -> int:
    moments = [d.at for d in member.leg_days] + [r.at for r in member.runs]
    moments = [at for at in moments if week.start <= at < week.end]
    return len({local_date(at, tz) for at in moments})


def build_club_week(
    members: Iterable[MemberEntries], week: Week, tz: ZoneInfo, rules: AdviceRules
) -> ClubWeek:
    """`members`' entries cover `week.start - window` to `week.end`."""
    runs = distance = minutes = 0.0
    hard = light = hard_runs = clear = timed = 0
    days: list[tuple[int, MemberEntries]] = []
    for member in members:
        in_week = [r for r in member.runs if week.start <= r.at < week.end]
        leg_days = [d for d in member.leg_days if week.start <= d.at < week.end]
        runs += len(in_week)
        distance += sum(r.distance_km or 0.0 for r in in_week)
        minutes += sum(r.minutes or 0.0 for r in in_week)
        timed += sum(1 for r in in_week if r.minutes)
        hard += sum(d.is_hard for d in leg_days)
        light += sum(not d.is_hard for d in leg_days)
        high = [r for r in in_week if intensity_of(r.run_type) is Intensity.HIGH]
        hard_runs += len(high)
        clear += len(high) - len(hard_runs_in_windows(high, member.leg_days, rules.window))
        count = active_days(member, week, tz)
        if count:
            days.append((count, member))
    top = max((count for count, _ in days), default=0)
    leaders = sorted((m for count, m in days if count == top), key=lambda m: m.user_id)
    named = [m.user_id for m in leaders if m.listed][:TOP_NAMED]
    return ClubWeek(
        week=week,
        runs=int(runs),
        distance_km=distance,
        minutes=minutes,
        timed_runs=timed,
        leg_hard=hard,
        leg_light=light,
        hard_runs=hard_runs,
        hard_runs_clear=clear,
        top_days=top,
        top_named=tuple(named),
        top_unnamed=len(leaders) - len(named),
    )
