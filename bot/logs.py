"""Logging: one line per event, and secrets never reach a handler."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's final text, whatever logger or library produced it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = message
        exc_text = record.exc_text
        for secret in self._secrets:
            cleaned = cleaned.replace(secret, REDACTED)
            if exc_text:
                exc_text = exc_text.replace(secret, REDACTED)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        record.exc_text = exc_text
        return True


class OneLineFormatter(logging.Formatter):
    """Tracebacks folded onto the event's line, so one event is one line for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


def setup_logging(level: str, secrets: Iterable[str] = (), stream: object = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(OneLineFormatter(LOG_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
