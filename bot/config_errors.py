"""What is wrong with a configuration, one line per key, saying what the key allows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

# What a value of each type must look like in TOML, for a value of the wrong type.
_KINDS = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "text in quotes",
    "tuple_type": "a list such as [0, 1]",
    "list_type": "a list such as [0, 1]",
    "model_type": "a table",
    "dict_type": "a table",
}


def field_range(model: type[BaseModel], loc: Sequence[int | str]) -> str:
    """The range its Field allows the setting at `loc`, e.g. " from 1 to 10"; else ""."""
    here: Any = model
    info = None
    for part in loc:
        fields = getattr(here, "model_fields", None)
        if not isinstance(fields, dict) or part not in fields:
            return ""
        info = fields[part]
        here = info.annotation
    bounds = {
        name: getattr(item, name)
        for item in ([] if info is None else info.metadata)
        for name in ("ge", "gt", "le")
        if hasattr(item, name)
    }
    if "le" in bounds and "ge" in bounds:
        return f" from {bounds['ge']} to {bounds['le']}"
    if "le" in bounds and "gt" in bounds:
        return f" more than {bounds['gt']} and up to {bounds['le']}"
    return ""


def describe_errors(exc: ValidationError, model: type[BaseModel]) -> str:
    """`exc` (from validating `model`) as "invalid configuration:" and one line per key."""
    lines = []
    for err in exc.errors():
        key = ".".join(str(part) for part in err["loc"]) or "(top level)"
        kind = _KINDS.get(err["type"])
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        elif kind is not None:
            # Types are strict: "yes" is not true, and "48" is not 48.
            quoted = ", not text in quotes" if isinstance(err.get("input"), str) else ""
            message = f"must be {kind}{field_range(model, err['loc'])}{quoted}"
        else:
            # pydantic's prefix for a validator's own message says nothing to whoever reads it.
            message = err["msg"].removeprefix("Value error, ")
        lines.append(f"{key}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(lines)
