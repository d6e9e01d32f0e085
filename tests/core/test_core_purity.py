"""The domain core stays pure: no discord, no database driver, in source or at import."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.core

FORBIDDEN = ("discord", "aiosqlite")
CORE_MODULES = (
    "bot.core",
    *sorted(info.name for info in pkgutil.walk_packages(bot.core.__path__, prefix="bot.core.")),
)


def _source_of(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin)


def _imported_roots(source: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_core_modules_are_found() -> None:
    # Guards the walk itself: an empty list would make the purity checks pass vacuously.
    assert {"bot.core.models", "bot.core.advice", "bot.core.legday", "bot.core.tips"} <= set(
        CORE_MODULES
    )


@pytest.mark.parametrize("module", CORE_MODULES)
def test_source_does_not_import_forbidden(module: str) -> None:
    imported = _imported_roots(_source_of(module))
    assert not imported & set(FORBIDDEN), f"{module} imports {imported & set(FORBIDDEN)}"


def test_importing_the_core_loads_no_forbidden_module() -> None:
    # A fresh interpreter, so modules other tests imported cannot hide a transitive import.
    script = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
