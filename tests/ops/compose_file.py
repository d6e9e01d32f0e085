"""compose.yaml as Compose reads it: parsed, and its ${...} filled from an environment."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
# ${NAME}, ${NAME:?message} or ${NAME:-default}: the value comes from the environment when
# Compose runs.
ENV_REFERENCE = re.compile(r"\$\{([A-Z_]+)(?::([?-])([^}]*))?\}")


def load_compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def interpolate(value: str, env: Mapping[str, str]) -> str:
    """Compose's ${...} substitution, for the forms the file uses."""

    def one(match: re.Match[str]) -> str:
        name, how, word = match[1], match[2], match[3]
        if env.get(name):
            return env[name]
        if how == "-":
            return word
        raise AssertionError(f"compose would stop: {name} is not set ({word})")

    return ENV_REFERENCE.sub(one, value)


def container_env(service: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, str]:
    """The environment a service's container gets when Compose runs with `env`."""
    return {key: interpolate(str(value), env) for key, value in service["environment"].items()}
