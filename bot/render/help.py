"""The /help reply: what each command does and how the advice decides, with the club's numbers."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.models import AdviceRules
from bot.core.rule_table import RULE_TABLE, club_wording, fill
from bot.render.reply import Colour, EmbedField, Reply


def rule_lines(rules: AdviceRules) -> list[str]:
    """One line per row of RULE_TABLE, in order, worded by the table with the club's numbers."""
    values = club_wording(rules)
    lines: list[str] = []
    for rule in RULE_TABLE:
        says = fill(rule.says, {**values, "verdict": f"**{rule.verdict.value}**"})
        lines.append(f"{rule.number}. {fill(rule.when, values)} → {says}")
    return lines


def _rules_text(rules: AdviceRules) -> str:
    return "\n".join(
        [
            "First match wins:",
            *rule_lines(rules),
            # Leg-day classification is bot/core/legday.py's, not a verdict rule.
            f"A leg day is HARD with {rules.hard_exercises}+ weighted leg exercises, or"
            f" {rules.heavy_load_percent}%+ of your max for {rules.heavy_min_sets}+ sets of"
            f" {rules.heavy_min_reps}+ reps (sets or reps left out count as enough);"
            " `hard:true` or `hard:false` overrides both. A LIGHT one never makes you wait.",
            f"Soreness counts for a run within the next {rules.soreness_hours} h; for a"
            " later one, check again on the day.",
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
