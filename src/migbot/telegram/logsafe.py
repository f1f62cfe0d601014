"""Keep bot tokens out of every log line, whoever logs it (PTB, httpx, us, tracebacks).

A log record factory replaces each known secret in the formatted message and in the
traceback text before any handler sees the record; the ``httpx`` logger, which logs every
request URL (token included) at INFO, is kept at WARNING. Matching ignores case (servers
and proxies echo URLs upper- or lower-cased in their error descriptions) and covers the
URL-encoded form; the part after the colon is masked on its own, so any text holding the
secret is masked whatever surrounds it. ``install_excepthook`` covers what escapes logging.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from types import TracebackType
from typing import Any

_SECRETS: set[str] = set()
_pattern: re.Pattern[str] | None = None
_installed = False
MASK = "<token>"


def scrub(text: str) -> str:
    if _pattern is None:
        return text
    return _pattern.sub(MASK, text)


def _forms(secret: str) -> set[str]:
    """The secret as it may appear in text: itself, URL-encoded, and its part after ':'."""
    forms = {secret, secret.replace(":", "%3A")}
    if ":" in secret:
        forms.add(secret.split(":", 1)[1])
    return {form for form in forms if len(form) >= 8}  # never mask trivial strings


def protect(secret: str) -> None:
    """Scrub ``secret`` from every later log record of this process."""
    global _installed, _pattern
    _SECRETS.update(_forms(secret))
    if _SECRETS:
        # Longest first, so the whole token is masked rather than only its tail.
        alternatives = sorted(_SECRETS, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(s) for s in alternatives), re.IGNORECASE)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    if _installed:
        return
    _installed = True
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        if _pattern is None:
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


def install_excepthook() -> None:
    """An exception nobody caught is printed scrubbed (main thread and other threads)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(scrub("".join(traceback.format_exception(kind, value, tb))))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
