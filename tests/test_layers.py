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


@pytest.mark.parametrize("path", modules_in("discord/cogs"), ids=str)
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
        # Module-level statements may define things, never call load_settings or os.environ.
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        source = ast.unparse(node)
        assert "load_settings(" not in source, source
        assert "os.environ" not in source, source
        assert "getenv(" not in source, source


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(BOT.rglob("*.py")) if not p.is_relative_to(BOT / "store" / "sqlite")],
    ids=str,
)
def test_only_the_sqlite_backend_imports_a_sqlite_driver(path: Path) -> None:
    # Everything else goes through bot.store's protocols, so a second backend changes nothing
    # above the store.
    assert not roots(imported_modules(path)) & {"sqlite3", "aiosqlite"}
