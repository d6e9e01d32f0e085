"""/run with watch files: each file read off the event loop, each run in it logged.

Per file, in the order attached: refused before the download when Discord says it is over
25 MB; downloaded; parsed with a time limit (bot.actions.file_reader). The runs of all files
are then logged oldest first, and reported per file in the order attached. A file that fails is
reported on its own line and nothing of it is stored; the other files go on. Each run read is
refused as a duplicate when the member already logged one as long within 2% that started from
2 minutes before it to 2 minutes after it ended (a run dated only by the watch's clock also
as the same file read before the member's zone changed: `repeated_in_another_zone`);
otherwise it is stored with the file's summary. The options given beside
the file win over the file: `type`, `rpe` and `notes` for every run, `distance`, `minutes` and
`when` for a file holding one run, and the run stored gets the checks a typed one gets (the
pace check on its distance and moving time, `when` not in the future nor over 366 days ago).
With several runs in a file, each line about one names it (its number and start). Without
`type`, the run type comes from the heart rate against the member's maximum, else the pace
against their recent easy runs, else `easy` (advice-rules.md, "Heart-rate zones"), and the
reply says how. What the reader noted (points dropped, which figures it trusted, parts of
the file skipped) is shown with the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions.context import Context
from bot.actions.file_reader import AttachedFile, FileProblem, download, file_label
from bot.actions.logged_at import logged_at
from bot.actions.options import RunOptions
from bot.actions.run_notes import after_the_fact, spike_note
from bot.activity_files import ParsedRun, guess_intensity, run_type_for, speed_kmh
from bot.core.errors import UserError
from bot.core.load import load_line, run_load
from bot.core.models import Profile, Run, RunSource, RunType
from bot.core.plausible import check_pace
from bot.core.repeats import REPEAT_DISTANCE_SHARE, REPEAT_WITHIN, repeat_window
from bot.core.units import to_km
from bot.core.when import MAX_DISTANCE, PAST_SLACK
from bot.render.reply import Reply
from bot.render.run_files import FileOutcome, LoggedRun, nothing_logged_text, run_files_reply
from bot.render.week import with_lines

# The runs one /run reads from its files at most: each run logged costs several reads and
# writes, and a 25 MB file can hold tens of thousands of tiny tracks. A file that would take the
# command past it is refused whole.
RUNS_MAX = 100
# A watch's clock read in the club's zone, for a member who set none: shown escaped in a run's
# notes, so plain text.
CLUB_ZONE_USED = "the club's time zone: /profile timezone sets yours"


@dataclass(frozen=True, slots=True)
class _Corrections:
    """What the member typed beside the file, in stored units."""

    type: RunType | None
    distance_km: float | None
    moving_seconds: int | None
    at: datetime | None
    rpe: int | None
    notes: str | None

    @property
    def per_run(self) -> list[str]:
        """The options that correct one run, which a file with several runs cannot take."""
        given = {"distance": self.distance_km, "minutes": self.moving_seconds, "when": self.at}
        return [name for name, value in given.items() if value is not None]


def _minutes(moving_seconds: int) -> float | None:
    """The moving time in minutes, exactly: every pace and load is computed from it."""
    if moving_seconds <= 0:
        return None
    return moving_seconds / 60


async def _type_for(
    ctx: Context, run: ParsedRun, profile: Profile, fixes: _Corrections, at: datetime
) -> tuple[RunType, str | None]:
    """The run type and, when it was guessed, how."""
    if fixes.type is not None:
        return fixes.type, None
    distance = fixes.distance_km if fixes.distance_km is not None else run.distance_km
    moving = fixes.moving_seconds if fixes.moving_seconds is not None else run.moving_seconds
    speed = speed_kmh(distance, moving)
    rules = ctx.settings.advice
    speeds = await ctx.store.entries.recent_easy_speeds(ctx.member, at, rules.recent_easy_runs)
    intensity, how = guess_intensity(
        run.avg_hr, profile.max_hr, speed, speeds, rules, profile.units
    )
    return run_type_for(intensity), how


def _which(file: AttachedFile, parsed: ParsedRun, number: int, count: int) -> str:
    """How a line names the run: the file, and with several runs its number and start."""
    if count == 1:
        return file_label(file.name)
    started = int(parsed.start.timestamp())
    return f"{file_label(file.name)}, run {number} of {count} (started <t:{started}:f>)"


async def _log_one(
    ctx: Context, which: str, parsed: ParsedRun, profile: Profile, fixes: _Corrections
) -> LoggedRun | str:
    """Store one run of a file; a line saying why not when it is refused."""
    at = fixes.at or parsed.start
    if at > ctx.now + PAST_SLACK:
        return (
            f"{which}: the run starts in the future; check your watch's clock or give `when`"
            f"{_read_as(ctx, parsed, profile, fixes)}"
        )
    if at < ctx.now - MAX_DISTANCE:
        # As for a typed `when`; a watch whose clock was reset often lands years back.
        return (
            f"{which}: the run starts more than {MAX_DISTANCE.days} days ago;"
            f" check your watch's clock or give `when`{_read_as(ctx, parsed, profile, fixes)}"
        )
    distance = fixes.distance_km if fixes.distance_km is not None else parsed.distance_km
    moving = fixes.moving_seconds if fixes.moving_seconds is not None else parsed.moving_seconds
    try:
        # The check a typed run gets, on the figures that would be stored: the file's, or
        # the `distance` and `minutes` given beside it.
        check_pace(distance, moving / 60 if moving > 0 else None, profile.units)
    except UserError as problem:
        return f"{which}: {problem.message}"
    run_type, how = await _type_for(ctx, parsed, profile, fixes, at)
    elapsed = max(parsed.elapsed_seconds, moving)
    # The duplicate check and the insert are one step in the store: the same file sent twice
    # at once is stored once.
    stored, twin = await ctx.store.entries.add_run_unless_matching(
        ctx.member,
        Run(
            at=at,
            run_type=run_type,
            distance_km=distance,
            minutes=_minutes(moving),
            rpe=fixes.rpe,
            notes=fixes.notes,
            moving_seconds=moving,
            elapsed_seconds=elapsed,
            avg_hr=parsed.avg_hr or None,
            max_hr=parsed.max_hr or None,
            elevation_gain_m=parsed.elevation_gain_m,
            source=RunSource(parsed.source.value),
        ),
        within=REPEAT_WITHIN,
        tolerance=REPEAT_DISTANCE_SHARE,
        now=ctx.now,
        any_zone=parsed.watch_clock is not None and fixes.at is None,
    )
    if stored is None:
        assert twin is not None
        start, end = repeat_window(at, elapsed, REPEAT_WITHIN)
        if not start <= twin.at <= end:
            # Outside the window of a repeat: the same file read in the zone the member had
            # then (`repeated_in_another_zone`), its time theirs to move.
            return (
                f"{which}: already logged as R{twin.id} at <t:{int(twin.at.timestamp())}:f>,"
                f" its watch's clock read in the time zone you had then, so not logged again;"
                f" `/edit entry:R{twin.id} when:...` moves it"
            )
        return f"{which}: already logged as R{twin.id}, so not logged again"
    warning, hard_fine_from = await after_the_fact(ctx, run_type, fixes.rpe, at)
    # The load as a typed run's: the moving time, the RPE given or estimated by intensity.
    paces = await ctx.paces(at)
    return LoggedRun(
        run=stored,
        how=how,
        too_hard_warning=warning,
        hard_fine_from=hard_fine_from,
        load=load_line(run_load(stored, ctx.settings.advice, paces)),
        spike=await spike_note(
            ctx, profile.units, stored.distance_km, stored.minutes, stored.at, run_id=stored.id
        ),
        read_notes=_read_notes(parsed, profile, fixes),
    )


def _read_as(ctx: Context, parsed: ParsedRun, profile: Profile, fixes: _Corrections) -> str:
    """For a start refused as out of range, the zone a watch's clock was read in: a right
    clock read in the wrong zone (the club's, for a member who set none) is hours off."""
    if not parsed.watch_clock or fixes.at is not None:
        return ""
    zone = ctx.member_zone(profile).key
    club = f", {CLUB_ZONE_USED}" if profile.timezone is None else ""
    return f" (the file's only date is the watch's clock, read as {zone} time{club})"


def _read_notes(parsed: ParsedRun, profile: Profile, fixes: _Corrections) -> tuple[str, ...]:
    """What the reader noted, first how it read the watch's clock of a run placed by it, and
    in the club's zone (the member set none), which. With `when` given, the run is placed by
    it, not by the watch's clock: that note would say otherwise, even to give `when`."""
    if parsed.watch_clock is None or fixes.at is not None:
        return parsed.notes
    club = (f"that is {CLUB_ZONE_USED}",) if profile.timezone is None else ()
    return (parsed.watch_clock, *parsed.notes, *club)


async def _read_file(
    ctx: Context, file: AttachedFile, fixes: _Corrections, zone: ZoneInfo, *, room: int
) -> tuple[list[ParsedRun], FileOutcome | None]:
    """The file's runs, or its refusal (`room`: how many more runs the command may read;
    `zone`: the member's, for a file dated only by the watch's clock)."""
    try:
        runs = await ctx.files.parse(file.name, await download(file), zone)
    except FileProblem as problem:
        return [], FileOutcome(name=file.name, problems=(str(problem),))
    if len(runs) > room:
        more = "" if room == RUNS_MAX else f" ({room} more after the files before it)"
        return [], FileOutcome(
            name=file.name,
            problems=(
                f"{file_label(file.name)}: it holds {len(runs)} runs, and one `/run` logs up to"
                f" {RUNS_MAX}{more}; export fewer runs to a file",
            ),
        )
    if len(runs) > 1 and fixes.per_run:
        return [], FileOutcome(
            name=file.name,
            problems=(
                f"{file_label(file.name)}: it holds {len(runs)} runs, and `{fixes.per_run[0]}`"
                " corrects one run; attach it without that option",
            ),
        )
    return runs, None


async def _log_in_time_order(
    ctx: Context,
    read: list[tuple[AttachedFile, list[ParsedRun], FileOutcome | None]],
    profile: Profile,
    fixes: _Corrections,
) -> list[FileOutcome]:
    """Every file's outcome, in the order attached; the runs are logged oldest first, whatever
    the order of the files, so that each run's notes (the single-run spike's days before it,
    the type from the easy runs before it) see the runs of the other files before it."""
    order = sorted(
        (fixes.at or parsed.start, i, n)
        for i, (_, runs, _) in enumerate(read)
        for n, parsed in enumerate(runs)
    )
    done: dict[tuple[int, int], LoggedRun | str] = {}
    for _, i, n in order:
        file, runs, _ = read[i]
        which = _which(file, runs[n], n + 1, len(runs))
        done[(i, n)] = await _log_one(ctx, which, runs[n], profile, fixes)
    outcomes = []
    for i, (file, runs, refused) in enumerate(read):
        if refused is not None:
            outcomes.append(refused)
            continue
        results = [done[(i, n)] for n in range(len(runs))]
        outcomes.append(
            FileOutcome(
                name=file.name,
                logged=tuple(r for r in results if not isinstance(r, str)),
                problems=tuple(r for r in results if isinstance(r, str)),
            )
        )
    return outcomes


async def log_run_files(ctx: Context, opts: RunOptions) -> Reply:
    """Log the runs of every attached file; the reply lists each file's outcome."""
    profile = await ctx.profile()
    at = None
    skipped = None
    if opts.when is not None:
        at, skipped = logged_at(
            opts.when,
            ctx.now,
            ctx.member_zone(profile),
            instead="leave it out for the time in the file, or type a time.",
        )
    fixes = _Corrections(
        type=opts.type,
        distance_km=None if opts.distance is None else to_km(opts.distance, profile.units),
        moving_seconds=None if opts.minutes is None else opts.minutes * 60,
        at=at,
        rpe=opts.rpe,
        notes=opts.notes or None,
    )
    files_read: list[tuple[AttachedFile, list[ParsedRun], FileOutcome | None]] = []
    room = RUNS_MAX
    for file in opts.files:
        runs, refused = await _read_file(ctx, file, fixes, ctx.member_zone(profile), room=room)
        files_read.append((file, runs, refused))
        room -= len(runs)
    outcomes = await _log_in_time_order(ctx, files_read, profile, fixes)
    if not any(outcome.logged for outcome in outcomes):
        # Nothing stored: a private answer, one line per file.
        raise UserError(nothing_logged_text([p for o in outcomes for p in o.problems]))
    reply = run_files_reply(
        outcomes,
        profile,
        rules=ctx.settings.advice,
        public=ctx.settings.club.public_logs,
        who=ctx.member.user_id,
    )
    return with_lines(reply, [skipped])
