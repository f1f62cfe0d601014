"""The assistant a transport talks to: swappable at run time, observed by the inbox and metrics.

Transports call ``holder.ask`` / ``holder.press`` rather than an ``Assistant`` directly, so a
reload swaps the knowledge for every later update at once (one attribute assignment, atomic
under the GIL), and observers see every exchange without the transport knowing about them.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from migbot.answers.reply import Action, Reply
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.knowledge.loader import KnowledgeError, Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Exchange:
    """One question or button press and its reply, as observers see it."""

    chat_key: str  # a transport's chat identifier; observers hash it before storing
    question: str | None  # the text asked, None for a button press
    action: Action | None  # the button pressed, None for a question
    context: Context | None  # the context before the exchange
    reply: Reply
    seconds: float


Observer = Callable[[Exchange], None]


def settle_heap() -> None:
    """Take the knowledge now served out of the garbage collector's rounds.

    A loaded knowledge base is tens of thousands of long-lived objects; every full
    collection walked them all (about 40 ms here, a pause in whatever answer was under
    way). Frozen, they are skipped. The previous knowledge is unfrozen first, so a reload
    still frees it. Called by a long-running server after loading and after each reload.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class AssistantHolder:
    def __init__(self, assistant: Assistant, path: Path | str | None = None) -> None:
        self.current = assistant
        self.path = path
        self.observers: list[Observer] = []

    @classmethod
    def load(cls, path: Path | str | None = None) -> AssistantHolder:
        return cls(Assistant.load(path), path)

    def reload(self) -> list[Problem]:
        """Re-read the knowledge; swap only if all of it is valid. Returns the problems found."""
        try:
            fresh = Assistant.load(self.path)
        except KnowledgeError as exc:
            log.warning("reload refused, old knowledge kept: %d problem(s)", len(exc.problems))
            return exc.problems
        self.current = fresh
        log.info("knowledge reloaded: %d records", len(fresh.kb.records))
        settle_heap()
        return []

    def ask(self, text: str, context: Context | None = None, chat_key: str = "") -> Reply:
        start = time.perf_counter()
        reply = self.current.ask(text, context)
        self._notify(Exchange(chat_key, text, None, context, reply, time.perf_counter() - start))
        return reply

    def press(self, action: Action, context: Context | None = None, chat_key: str = "") -> Reply:
        start = time.perf_counter()
        reply = self.current.press(action, context)
        self._notify(Exchange(chat_key, None, action, context, reply, time.perf_counter() - start))
        return reply

    def _notify(self, exchange: Exchange) -> None:
        for observer in self.observers:
            try:
                observer(exchange)
            except Exception:  # an observer must never cost the user their answer
                log.exception("observer %r failed", observer)
