"""The /help reply: what each command does and how the advice decides, with the club's numbers."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.models import AdviceRules
from bot.render.reply import Colour, EmbedField, Reply


def _rules_text(rules: AdviceRules) -> str:
    window = f"{rules.window_hours:g} h"
    easy = rules.easy_minutes_max
    return "\n".join(
        [
            "First match wins:",
            f"1. A hard run (tempo, intervals, hills, sprints, HIIT, race) less than {window}"
            " after a HARD leg day → **WAIT** until then; an easy"
            f" {rules.easy_alternative_min_minutes}-{easy} minute run is fine now.",
            f"2. Soreness {rules.soreness_threshold} or more, and the run is not easy or is"
            f" longer than {easy} min → **EASY-ONLY**: about {easy} minutes, easy.",
            f"3. A steady or long run within {window} of a HARD leg day, as a beginner →"
            " **EASY-ONLY**: keep it conversational.",
            "4. Anything else → **GO**.",
            f"A leg day is HARD with {rules.hard_exercises}+ weighted leg exercises, or"
            f" {rules.heavy_load_percent}%+ of your max for {rules.heavy_min_sets}+ sets of"
            f" {rules.heavy_min_reps}+ reps, or when you say `hard:true`. A LIGHT one never"
            " makes you wait.",
        ]
    )


def help_reply(commands: Iterable[tuple[str, str]], rules: AdviceRules) -> Reply:
    """`commands` are (name, summary) pairs, e.g. ("mydata export", "Download ...")."""
    lines = [f"`/{name}` {summary}" for name, summary in commands]
    return Reply(
        title="runclub-bot: can I run today, and how hard?",
        description="\n".join(lines),
        colour=Colour.INFO,
        fields=(
            EmbedField(name="How the advice decides", value=_rules_text(rules)),
            EmbedField(
                name="Club admins",
                value="`/club` (Manage Server): the daily post (`reminder set`, `reminder off`,"
                " `status`, `preview`) and the weekly sessions (`session add`, `remove`, `list`).",
            ),
        ),
        footer="Replies are private unless a command says otherwise.",
        ephemeral=True,
    )
