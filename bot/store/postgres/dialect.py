"""PostgreSQL's rendering of the shared SQL (bot/store/sql/seam.py).

Named parameters become asyncpg's `$1, $2...` (a name used twice is one argument); a list of
ids goes in as one array (`= ANY`), a list of rows as one array per column, through `unnest`;
moments as timestamptz, rounded down to the second like SQLite's unix seconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.store.sql.codec import aware
from bot.store.sql.seam import MACRO, PARAM, Dialect, Getter, Prepared, parse_rows


class PostgresDialect(Dialect):
    def render(self, sql: str) -> Prepared:
        getters: list[Getter] = []
        numbers: dict[str, int] = {}

        def number(key: str, getter: Getter) -> str:
            if key not in numbers:
                getters.append(getter)
                numbers[key] = len(getters)
            return f"${numbers[key]}"

        def macro(match: re.Match[str]) -> str:
            kind, spec = match.groups()
            if kind == "in":
                name = spec.strip()
                return f"= ANY({number(name, self._list(name))}::bigint[])"
            if kind == "epoch":
                return f"EXTRACT(EPOCH FROM {spec.strip()})::bigint"
            rows = parse_rows(spec)
            arrays = ", ".join(
                f"{number(f'{rows.name}.{i}', self._column(rows.name, i))}::{pg_type}[]"
                for i, (_, pg_type) in enumerate(rows.columns)
            )
            names = ", ".join(name for name, _ in rows.columns)
            return f"unnest({arrays}) AS {rows.alias} ({names})"

        text = MACRO.sub(macro, sql)
        text = PARAM.sub(lambda m: number(m[1], self._value(m[1])), text)
        return Prepared(text, tuple(getters))

    def encode(self, value: object) -> object:
        if isinstance(value, datetime):
            return aware(value).astimezone(UTC).replace(microsecond=0)
        return value

    def _value(self, name: str) -> Getter:
        return lambda params: self.encode(params[name])

    def _list(self, name: str) -> Getter:
        return lambda params: self.encoded(_seq(params[name]))

    def _column(self, name: str, i: int) -> Getter:
        return lambda params: [self.encode(row[i]) for row in _seq(params[name])]


def _seq(value: object) -> Sequence[Any]:
    assert isinstance(value, list | tuple), value
    return value
