"""What the daily club post says: sessions with their counts, who is recovering, the tip."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.advice import ceil_minute
from bot.core.clubpost import (
    MAX_SESSIONS,
    ClubPost,
    ClubSession,
    HardLegDays,
    MemberLegDays,
    Weekday,
    build_club_post,
    check_new_session,
    data_window,
    hard_leg_days,
    interested_of,
    long_date,
    post_moments,
    sessions_on,
)
from bot.core.errors import UserError
from bot.core.models import (
    AdviceRules,
    Experience,
    LegDay,
    Profile,
    RunType,
    TipId,
)
from bot.core.tips import tip

RULES = AdviceRules()
README = Path(__file__).resolve().parents[2] / "README.md"
W = timedelta(hours=48)
LONDON = ZoneInfo("Europe/London")
# Thursday 14 May 2026, London summer time (UTC+1): the post goes out at 07:00 local.
DAY = date(2026, 5, 14)
POST_AT = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)
TIP = tip(TipId.CARBS, RULES)


def member(
    user_id: int,
    *hard_at: datetime,
    light_at: tuple[datetime, ...] = (),
    experience: Experience = Experience.INTERMEDIATE,
    listed: bool = True,
) -> MemberLegDays:
    days = [LegDay(at=at, is_hard=True, exercises=4) for at in hard_at]
    days += [LegDay(at=at, is_hard=False, exercises=1) for at in light_at]
    return MemberLegDays(
        user_id=user_id,
        profile=Profile(experience=experience, listed=listed),
        leg_days=tuple(sorted(days, key=lambda d: d.at, reverse=True)),
    )


def session(
    day: Weekday, hh: int, mm: int, run_type: RunType, name: str | None = None
) -> ClubSession:
    return ClubSession(weekday=day, start=time(hh, mm), run_type=run_type, name=name)


def post(
    sessions: list[ClubSession], members: list[MemberLegDays], at: datetime = POST_AT
) -> ClubPost:
    """The post from each member's own leg days, reduced to rows as the store reduces them."""
    return build_club_post(
        day=DAY,
        at=at,
        timezone=LONDON,
        sessions=sessions,
        rows=hard_leg_days(members, post_moments(DAY, at, LONDON, sessions)),
        rules=RULES,
        tip=TIP,
    )


def test_weekday_numbers_match_python() -> None:
    assert [w.number for w in Weekday] == list(range(7))
    assert all(Weekday.of(w.number) is w for w in Weekday)
    assert DAY.weekday() == Weekday.THURSDAY.number


def test_session_label() -> None:
    assert session(Weekday.THURSDAY, 18, 30, RunType.HILLS).label() == "Thu 18:30 hills"
    named = session(Weekday.TUESDAY, 6, 5, RunType.INTERVALS, "Track club")
    assert named.label() == "Tue 06:05 intervals · Track club"


def test_long_date_does_not_depend_on_locale() -> None:
    assert long_date(DAY) == "Thursday 14 May 2026"
    assert long_date(date(2027, 1, 3)) == "Sunday 3 January 2027"


def test_duplicate_session_is_refused_case_insensitively() -> None:
    existing = [session(Weekday.THURSDAY, 18, 30, RunType.HILLS, "Hill club")]
    with pytest.raises(UserError, match="already on the club's schedule"):
        check_new_session(existing, session(Weekday.THURSDAY, 18, 30, RunType.HILLS, "HILL CLUB"))
    # Another time, type or name is a different session.
    check_new_session(existing, session(Weekday.THURSDAY, 18, 31, RunType.HILLS, "Hill club"))
    check_new_session(existing, session(Weekday.THURSDAY, 18, 30, RunType.TEMPO, "Hill club"))
    check_new_session(existing, session(Weekday.THURSDAY, 18, 30, RunType.HILLS))


def test_an_unnamed_session_is_not_the_same_as_a_named_one() -> None:
    # A name that happens to be any particular text is still a name: "XXXX" or "" must not
    # stand in for "no name" on either side of the comparison.
    for name in ("xxxx", "XXXX", "x"):
        unnamed = [session(Weekday.THURSDAY, 18, 30, RunType.HILLS)]
        named = [session(Weekday.THURSDAY, 18, 30, RunType.HILLS, name)]
        check_new_session(unnamed, named[0])
        check_new_session(named, unnamed[0])
    with pytest.raises(UserError, match="already on the club's schedule"):
        check_new_session(unnamed, session(Weekday.THURSDAY, 18, 30, RunType.HILLS))


def test_a_full_schedule_points_to_the_command_that_frees_a_place() -> None:
    full = [session(Weekday.MONDAY, 6, m, RunType.EASY) for m in range(MAX_SESSIONS)]
    with pytest.raises(UserError) as refused:
        check_new_session(full, session(Weekday.FRIDAY, 7, 0, RunType.EASY))
    assert str(refused.value).endswith(".")
    commands = re.findall(r"`(/[^`]+)`", str(refused.value))
    assert commands == ["/club session remove"]
    # ... and that command is one the README documents (its commands table).
    assert f"| `{commands[0]}` |" in README.read_text(encoding="utf-8")


def test_schedule_is_capped() -> None:
    full = [session(Weekday.MONDAY, 6, m, RunType.EASY) for m in range(MAX_SESSIONS)]
    with pytest.raises(UserError, match=f"up to {MAX_SESSIONS}"):
        check_new_session(full, session(Weekday.FRIDAY, 7, 0, RunType.EASY))
    check_new_session(full[:-1], session(Weekday.FRIDAY, 7, 0, RunType.EASY))


def test_sessions_on_a_day_earliest_first() -> None:
    late = session(Weekday.THURSDAY, 18, 30, RunType.HILLS)
    early = session(Weekday.THURSDAY, 6, 0, RunType.EASY)
    other_day = session(Weekday.FRIDAY, 6, 0, RunType.EASY)
    assert sessions_on([late, other_day, early], DAY) == [early, late]


def test_sessions_at_the_same_time_and_type_go_unnamed_first_then_by_name() -> None:
    unnamed = session(Weekday.THURSDAY, 18, 30, RunType.HILLS)
    a = session(Weekday.THURSDAY, 18, 30, RunType.HILLS, "A group")
    b = session(Weekday.THURSDAY, 18, 30, RunType.HILLS, "B group")
    tempo = session(Weekday.THURSDAY, 18, 30, RunType.TEMPO)
    expected = [unnamed, a, b, tempo]
    for given_order in ([b, a, unnamed, tempo], [tempo, a, unnamed, b], [a, b, tempo, unnamed]):
        assert sessions_on(given_order, DAY) == expected


def test_recovering_means_a_hard_run_at_post_time_would_wait() -> None:
    posts = post(
        [],
        [
            member(1, POST_AT - timedelta(hours=20)),  # ready in 28 h
            member(2, POST_AT - W),  # exactly 48 h: clear
            member(3, POST_AT - W + timedelta(seconds=1)),  # one second short: recovering
            member(4, light_at=(POST_AT - timedelta(hours=2),)),  # light never holds back
            member(5, POST_AT + timedelta(minutes=5)),  # after the post: not counted yet
            # A hard leg day counts even when a light one came after it.
            member(6, POST_AT - timedelta(hours=30), light_at=(POST_AT - timedelta(hours=1),)),
        ],
    )
    # "Clear at" is shown to the minute, rounded up: the shown minute is already clear.
    assert [(r.user_id, r.ready_at) for r in posts.recovering] == [
        (3, POST_AT + timedelta(minutes=1)),
        (6, POST_AT + timedelta(hours=18)),
        (1, POST_AT + timedelta(hours=28)),
    ]
    assert posts.unlisted_recovering == 0
    assert posts.recovering_total == 3


def test_unlisted_members_are_counted_not_named() -> None:
    posts = post(
        [],
        [
            member(1, POST_AT - timedelta(hours=3), listed=False),
            member(2, POST_AT - timedelta(hours=4)),
            member(3, POST_AT - timedelta(hours=5), listed=False),
        ],
    )
    assert [r.user_id for r in posts.recovering] == [2]
    assert posts.unlisted_recovering == 2
    assert posts.recovering_total == 3


def test_session_counts_use_the_verdict_at_the_session_start() -> None:
    # Thursday 18:30 BST is 17:30 UTC.
    hills = session(Weekday.THURSDAY, 18, 30, RunType.HILLS, "Hill club")
    long_run = session(Weekday.THURSDAY, 19, 0, RunType.LONG)
    easy = session(Weekday.THURSDAY, 6, 30, RunType.EASY)
    starts = datetime(2026, 5, 14, 17, 30, tzinfo=UTC)
    members = [
        # Clear by 17:30 UTC (ready 17:29:59), but still recovering at post time.
        member(1, starts - W - timedelta(seconds=1)),
        # Ready at 17:30:01 UTC: a WAIT for the hills only if the start is read in London time.
        member(2, starts - W + timedelta(seconds=1)),
        # A beginner with a hard leg day in the window: EASY-ONLY for the moderate long run.
        member(3, starts - timedelta(hours=10), experience=Experience.BEGINNER),
        member(4, light_at=(starts - timedelta(hours=1),)),
    ]
    outlooks = {o.session.run_type: o for o in post([hills, long_run, easy], members).sessions}
    assert [o.session.run_type for o in post([hills, long_run, easy], members).sessions] == [
        RunType.EASY,
        RunType.HILLS,
        RunType.LONG,
    ]
    assert outlooks[RunType.HILLS].starts_at == starts
    assert (outlooks[RunType.HILLS].skip_hard, outlooks[RunType.HILLS].keep_easy) == (2, 0)
    assert (outlooks[RunType.LONG].skip_hard, outlooks[RunType.LONG].keep_easy) == (0, 1)
    assert (outlooks[RunType.EASY].skip_hard, outlooks[RunType.EASY].keep_easy) == (0, 0)


def test_a_leg_day_at_the_very_start_counts_for_it() -> None:
    # advice-rules.md: only leg days at or before `t` count, so one at `t` itself does.
    starts = datetime(2026, 5, 14, 17, 30, tzinfo=UTC)
    rows = list(hard_leg_days([member(5, starts)], (POST_AT, starts)))
    assert rows == [HardLegDays(1, None, Experience.INTERMEDIATE, starts)]


def test_a_session_read_for_interest_counts_only_the_members_interested() -> None:
    # Thursday 14 May 2026 (BST): the long run at 18:30 is 17:30 UTC, the hills at 19:00 are
    # 18:00 UTC.
    hills = session(Weekday.THURSDAY, 19, 0, RunType.HILLS).model_copy(update={"id": 1})
    long_run = session(Weekday.THURSDAY, 18, 30, RunType.LONG).model_copy(update={"id": 2})
    members = [
        # 47 h 45 min before the long run, 48 h 15 min before the hills: a WAIT at the post and
        # at 17:30 UTC, a GO for the hills (rule 1 needs less than 48 hours).
        member(1, datetime(2026, 5, 12, 17, 45, tzinfo=UTC)),
        # That morning: a WAIT for the hills; a beginner, so EASY-ONLY for the long run (rule 3).
        member(2, datetime(2026, 5, 14, 5, 0, tzinfo=UTC), experience=Experience.BEGINNER),
        member(3),
        member(4, datetime(2026, 5, 14, 5, 0, tzinfo=UTC)),
    ]
    sessions = [hills, long_run]
    moments = post_moments(DAY, POST_AT, LONDON, sessions)
    # Four pressed "Interested" on the hills' event, one of them (99) with no leg days here;
    # the long run's event was not read.
    interested = interested_of(members, {1: [1, 2, 3, 99]}, moments)
    assert set(interested) == {1}
    assert interested[1].total == 4
    assert {row.moment for row in interested[1].rows} == {0, 1, 2}
    # At the post's own moment each listed member's row names them: the interested 1 and 2.
    assert {row.user_id for row in interested[1].rows if row.moment == 0} == {1, 2}

    def outlooks(read: bool) -> dict[RunType, tuple[int, int, int | None]]:
        built = build_club_post(
            day=DAY,
            at=POST_AT,
            timezone=LONDON,
            sessions=sessions,
            rows=hard_leg_days(members, moments),
            rules=RULES,
            tip=TIP,
            interested=interested if read else None,
        )
        return {
            o.session.run_type: (o.skip_hard, o.keep_easy, o.interested) for o in built.sessions
        }

    # The hills over the four interested alone: member 2 waits; member 4 is not interested.
    assert outlooks(read=True) == {RunType.HILLS: (1, 0, 4), RunType.LONG: (0, 1, None)}
    # No event read: every member counts.
    assert outlooks(read=False) == {RunType.HILLS: (2, 0, None), RunType.LONG: (0, 1, None)}


def test_sessions_of_other_days_are_not_in_the_post() -> None:
    friday = session(Weekday.FRIDAY, 18, 30, RunType.HILLS)
    assert post([friday], []).sessions == ()


def test_the_tip_and_date_are_carried() -> None:
    posts = post([], [])
    assert posts.tip == TIP
    assert posts.local_date == DAY
    assert posts.recovering == () and posts.recovering_total == 0


def test_data_window_covers_the_post_and_every_session_of_the_day() -> None:
    evening = session(Weekday.THURSDAY, 19, 0, RunType.TEMPO)  # 18:00 UTC
    dawn = session(Weekday.THURSDAY, 5, 0, RunType.EASY)  # 04:00 UTC, before the post
    start, end = data_window(DAY, POST_AT, LONDON, [evening, dawn], RULES)
    assert start == datetime(2026, 5, 14, 4, 0, tzinfo=UTC) - W
    assert end == datetime(2026, 5, 14, 18, 0, tzinfo=UTC)
    assert data_window(DAY, POST_AT, LONDON, [], RULES) == (POST_AT - W, POST_AT)


@settings(max_examples=200, deadline=None)
@given(
    offsets=st.lists(
        st.tuples(st.integers(-100 * 3600, 3 * 3600), st.booleans()), min_size=1, max_size=6
    ),
    listed=st.booleans(),
)
def test_recovering_matches_the_rule_for_any_log(
    offsets: list[tuple[int, bool]], listed: bool
) -> None:
    """Recovering exactly when some hard leg day d has d <= post < d + 48 h; ready at the
    latest such d + 48 h, rounded up to the whole minute."""
    days = tuple(
        LegDay(at=POST_AT + timedelta(seconds=s), is_hard=hard, exercises=1) for s, hard in offsets
    )
    one = MemberLegDays(user_id=9, profile=Profile(listed=listed), leg_days=days)
    result = post([], [one])
    hard_before = [d.at for d in days if d.is_hard and d.at <= POST_AT]
    clear = max(hard_before) + W if hard_before else None
    recovering = clear is not None and clear > POST_AT
    expected_ready = ceil_minute(clear) if clear is not None else None
    assert result.recovering_total == int(recovering)
    if recovering and listed:
        assert [(r.user_id, r.ready_at) for r in result.recovering] == [(9, expected_ready)]
    else:
        assert result.recovering == ()
    assert result.unlisted_recovering == int(recovering and not listed)
