"""The architecture, enforced: which layer may import what."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b", re.S)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_in(package: str) -> list[Path]:
    return sorted((BOT / package).rglob("*.py"))


def roots(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("path", modules_in("actions") + modules_in("render"), ids=str)
def test_actions_and_rendering_do_not_know_discord(path: Path) -> None:
    # The offline console runs the same actions and replies without discord.py.
    assert "discord" not in roots(imported_modules(path))


@pytest.mark.parametrize(
    "path", modules_in("discord/cogs") + modules_in("discord/commands"), ids=str
)
def test_cogs_hold_no_sql(path: Path) -> None:
    imports = imported_modules(path)
    assert not roots(imports) & {"sqlite3", "aiosqlite"}
    assert not any(name.startswith("bot.store.") for name in imports), "cogs go through actions"
    strings = [
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert not [s for s in strings if SQL.search(s)]


@pytest.mark.parametrize("path", sorted(BOT.rglob("*.py")), ids=str)
def test_no_module_reads_settings_or_environment_at_import(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        # Module-level statements may define things, never call load_config or os.environ.
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        source = ast.unparse(node)
        assert "load_config(" not in source, source
        assert "os.environ" not in source, source
        assert "getenv(" not in source, source


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(BOT.rglob("*.py")) if not p.is_relative_to(BOT / "store" / "sqlite")],
    ids=str,
)
def test_only_the_sqlite_backend_imports_a_sqlite_driver(path: Path) -> None:
    # Everything else goes through bot.store, so a second backend changes nothing above the
    # store.
    assert not roots(imported_modules(path)) & {"sqlite3", "aiosqlite"}


@pytest.mark.parametrize(
    "path", [p for p in sorted(BOT.rglob("*.py")) if not p.is_relative_to(BOT / "store")], ids=str
)
def test_above_the_store_only_bot_store_itself_is_imported(path: Path) -> None:
    # `Store` is the one implementation of the repositories (bot.store.sql) over either
    # backend's database; a caller that reached past bot.store into a backend or the seam
    # would work on one backend only. migrate-store's module is the cli's, imported lazily.
    inner = {name for name in imported_modules(path) if name.startswith("bot.store.")}
    assert inner <= {"bot.store.transfer"}


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def internal_imports(source: str, module: str, *, package: bool, known: set[str]) -> set[str]:
    """The bot modules `module` imports: absolute and relative, under TYPE_CHECKING too.

    `from bot.x import y` counts as importing bot.x.y when that is a module, else bot.x.
    """
    home = module if package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = home.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(BOT.rglob("*.py"))
    known = {module_name(path) for path in paths}
    return {
        module_name(path): internal_imports(
            path.read_text(encoding="utf-8"),
            module_name(path),
            package=path.name == "__init__.py",
            known=known,
        )
        for path in paths
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_relative_and_type_checking_imports_are_edges() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import spec\n"
        "from .options import Options\n"
        "if TYPE_CHECKING:\n"
        "    from bot.discord.bot import RunClubBot\n"
    )
    known = {"bot.actions.x", "bot.actions.spec", "bot.actions.options", "bot.discord.bot"}
    edges = internal_imports(source, "bot.actions.x", package=False, known=known)
    assert edges == {"bot.actions.spec", "bot.actions.options", "bot.discord.bot"}


def test_bot_has_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# Small modules named for what they do: a module past this has grown two jobs.
MODULE_LINES_MAX = 400


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(BOT)): lines
        for path in BOT.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES_MAX
    }
    assert long == {}
