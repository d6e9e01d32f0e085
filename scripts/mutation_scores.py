"""The mutation score per module, from the results `mutmut run` left in mutants/.

A mutant counts as killed when a test failed on it (or it timed out, or mypy refused it), and
as accepted when tests/MUTANTS.md lists it as equivalent (one line each, with why). The score is
(killed + equivalent) / (mutants checked). Modules under --min (default 95) are listed with
their surviving mutants, and the exit status is 1.

    python scripts/mutation_scores.py [--min 95] [--only bot/core/advice.py ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENT_LIST = ROOT / "tests" / "MUTANTS.md"
# mutmut's exit codes (mutmut/stats.py): a failing test run, pytest's internal error, a
# timeout (mutmut's own or SIGXCPU) and a type-check rejection all mean the mutant was caught.
KILLED = {1, 3, 36, 37, 24, -24, 152, 255}
SURVIVED = {0}
NOT_CHECKED = {None}
# A line of tests/MUTANTS.md: "- `bot.core.advice.x__duration__mutmut_3`: why".
LISTED = re.compile(r"^\s*[-*]\s*`(?P<name>[\w.ǁ]+__mutmut_\d+)`")


@dataclass
class Module:
    path: str
    killed: int = 0
    equivalent: int = 0
    survived: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.killed + self.equivalent + len(self.survived) + len(self.other)

    @property
    def score(self) -> float:
        return 100.0 * (self.killed + self.equivalent) / self.checked if self.checked else 100.0


def equivalent_mutants() -> set[str]:
    if not EQUIVALENT_LIST.is_file():
        return set()
    lines = EQUIVALENT_LIST.read_text(encoding="utf-8").splitlines()
    return {m["name"] for line in lines if (m := LISTED.match(line))}


def modules(only: list[str]) -> tuple[list[Module], set[str]]:
    """Every mutated module's tally, and the names of all mutants seen."""
    equivalent = equivalent_mutants()
    seen: set[str] = set()
    found: list[Module] = []
    for meta in sorted(MUTANTS.glob("bot/**/*.py.meta")):
        path = str(meta.relative_to(MUTANTS))[: -len(".meta")]
        if only and path not in only:
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        if not codes:
            continue
        module = Module(path)
        for name, code in sorted(codes.items()):
            seen.add(name)
            if code in KILLED:
                module.killed += 1
            elif name in equivalent and code in SURVIVED:
                module.equivalent += 1
            elif code in SURVIVED:
                module.survived.append(name)
            else:
                module.other.append(f"{name} ({'not checked' if code is None else code})")
        found.append(module)
    return found, seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=95.0, help="the score every module needs")
    parser.add_argument("--only", nargs="*", default=[], help="module paths, e.g. bot/core/x.py")
    args = parser.parse_args()
    if not MUTANTS.is_dir():
        print("no mutants/ folder: run `make mutation` first", file=sys.stderr)
        return 2
    found, seen = modules(args.only)
    print(f"{'module':40} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'left':>5} {'score':>7}")
    low = []
    for m in found:
        left = len(m.survived) + len(m.other)
        print(
            f"{m.path:40} {m.checked:8d} {m.killed:7d} {m.equivalent:7d} {left:5d} {m.score:6.1f}%"
        )
        if m.score < args.min:
            low.append(m)
    total = sum(m.checked for m in found)
    caught = sum(m.killed + m.equivalent for m in found)
    if total:
        print(f"{'all':40} {total:8d} {caught:>15d} {'':5} {100.0 * caught / total:6.1f}%")
    stale = sorted(equivalent_mutants() - seen) if not args.only else []
    for name in stale:
        print(f"tests/MUTANTS.md lists {name}, which no longer exists or was not run")
    for m in low:
        print(f"\n{m.path}: {m.score:.1f}% < {args.min:g}%; not killed:")
        for name in m.survived + m.other:
            print(f"  {name}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
