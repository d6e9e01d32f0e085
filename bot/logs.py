"""Logging: one line per event, and secrets never reach a handler."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
REDACTED = "[redacted]"
# An interaction's token in the URLs discord.py logs at DEBUG (an answer's callback, a followup's
# webhook): whoever holds it can answer and post as the bot in that channel until it expires.
_URL_TOKEN = re.compile(r"(/(?:interactions|webhooks)/[0-9]+/)[^/\s?#'\"]+")
# The same token in the gateway's INTERACTION_CREATE, which discord.py writes at DEBUG as a dict
# (or anything else as JSON): its "token" key's value.
_KEY_TOKEN = re.compile(r"""((['"])token\2:\s*(['"]))[^'"]+(?=\3)""")


class RedactSecrets(logging.Filter):
    """Replaces each secret, and each interaction token in a URL, in a record's final text,
    whatever logger or library produced it: the message with its arguments, the formatted
    traceback and the stack."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def _clean(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = _URL_TOKEN.sub(rf"\g<1>{REDACTED}", text)
        return _KEY_TOKEN.sub(rf"\g<1>{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatted here, once, so that the handler prints this cleaned text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


class OneLineFormatter(logging.Formatter):
    """Line breaks (tracebacks, member-typed text) folded into ` | `, so one event is one line
    for log shippers and `grep`."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " | ")


def setup_logging(level: str, secrets: Iterable[str] = (), stream: TextIO | None = None) -> None:
    """Route every logger (discord.py's included) through one redacting, one-line handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(OneLineFormatter(LOG_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
