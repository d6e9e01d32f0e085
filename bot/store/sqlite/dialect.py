"""SQLite's rendering of the shared SQL (bot/store/sql/seam.py).

Named parameters are SQLite's own, so only the macros change; a list goes in as one JSON text,
read back with `json_each`, and moments as unix seconds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime

from bot.store.sql.codec import to_epoch
from bot.store.sql.seam import MACRO, ROW_LOCK, Dialect, Prepared, parse_rows


class SqliteDialect(Dialect):
    def render(self, sql: str) -> Prepared:
        # One argument: SQLite takes the named parameters as one mapping.
        return Prepared(ROW_LOCK.sub("", MACRO.sub(_macro, sql)), (self._params,))

    def encode(self, value: object) -> object:
        if isinstance(value, datetime):
            return to_epoch(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return json.dumps(self.encoded(value))
        return value

    def _params(self, params: Mapping[str, object]) -> dict[str, object]:
        return {name: self.encode(value) for name, value in params.items()}


def _macro(match: re.Match[str]) -> str:
    kind, spec = match.groups()
    if kind == "in":
        return f"IN (SELECT value FROM json_each(:{spec.strip()}))"
    if kind == "epoch":
        return spec.strip()
    rows = parse_rows(spec)
    columns = ", ".join(f"value ->> {i} AS {name}" for i, (name, _) in enumerate(rows.columns))
    return f"(SELECT {columns} FROM json_each(:{rows.name})) AS {rows.alias}"
