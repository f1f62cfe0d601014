"""Keep bot tokens out of every log line, whoever logs it (PTB, httpx, us, tracebacks).

A log record factory replaces each known secret in the formatted message and in the
traceback text before any handler sees the record; the ``httpx`` logger, which logs every
request URL (token included) at INFO, is kept at WARNING.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

_SECRETS: set[str] = set()
_installed = False
MASK = "<token>"


def scrub(text: str) -> str:
    for secret in _SECRETS:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    return text


def protect(secret: str) -> None:
    """Scrub ``secret`` from every later log record of this process."""
    global _installed
    if len(secret) >= 8:  # never mask trivial strings
        _SECRETS.add(secret)
        # The part after the colon is the real secret; mask it alone as well.
        if ":" in secret:
            _SECRETS.add(secret.split(":", 1)[1])
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    if _installed:
        return
    _installed = True
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        if not _SECRETS:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a malformed record stays as it is; logging reports it
            return record
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info))).rstrip()
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return record

    logging.setLogRecordFactory(factory)
