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
from migbot.i18n import SOURCE, ngettext, speaking, tongue
from migbot.knowledge.loader import KnowledgeError, Problem
from migbot.settings import Settings, env_name

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


DEFAULT_MAX_DROP: float = Settings.model_fields["reload_max_drop"].default


@dataclass(frozen=True, order=True)
class Shrinking(Problem):
    """A reload refused for losing too many records. ``message`` says it in English (the
    log's language); ``said()`` in the language being spoken, for the admin who sent /reload."""

    dropped: int = 0
    before: int = 0
    max_drop: float = 0.0

    @classmethod
    def of(cls, where: str, dropped: int, before: int, max_drop: float) -> Shrinking:
        with speaking(SOURCE):
            message = _shrinking(dropped, before, max_drop)
        return cls(where, 0, message, dropped, before, max_drop)

    def said(self) -> str:
        return f"{self.file}:{self.line}: {_shrinking(self.dropped, self.before, self.max_drop)}"


def _shrinking(dropped: int, before: int, max_drop: float) -> str:
    # Refused reloads say how to go ahead anyway.
    text = ngettext(
        "would drop {dropped} of {before} record (more than {share}, {setting}); "
        "send /reload force to load it anyway",
        "would drop {dropped} of {before} records (more than {share}, {setting}); "
        "send /reload force to load it anyway",
        before,
    )
    share, setting = tongue().percent(max_drop), env_name("reload_max_drop")
    return text.format(dropped=dropped, before=before, share=share, setting=setting)


def said(problem: Problem) -> str:
    """A reload's problem as an admin reads it: a refused shrink in the language being
    spoken; a knowledge problem as the loader wrote it (``file:line: field: message``)."""
    return problem.said() if isinstance(problem, Shrinking) else str(problem)


class AssistantHolder:
    def __init__(
        self,
        assistant: Assistant,
        path: Path | str | None = None,
        max_drop: float = DEFAULT_MAX_DROP,
    ) -> None:
        self.current = assistant
        self.path = path
        # A reload losing more than this share of the records served needs ``force``: a
        # vanished folder (projects/ gone: 24 of 98 records left) is valid knowledge.
        self.max_drop = max_drop
        self.observers: list[Observer] = []

    @classmethod
    def load(
        cls, path: Path | str | None = None, max_drop: float = DEFAULT_MAX_DROP
    ) -> AssistantHolder:
        return cls(Assistant.load(path), path, max_drop)

    def reload(self, force: bool = False) -> list[Problem]:
        """Re-read the knowledge; swap only if all of it is valid and not much smaller
        (unless ``force``). Returns the problems found; none means swapped."""
        try:
            fresh = Assistant.load(self.path)
        except KnowledgeError as exc:
            log.warning("reload refused, old knowledge kept: %d problem(s)", len(exc.problems))
            return exc.problems
        before, after = len(self.current.kb.records), len(fresh.kb.records)
        if not force and before and (before - after) / before > self.max_drop:
            where = str(self.path) if self.path is not None else "knowledge"
            shrinking = Shrinking.of(where, before - after, before, self.max_drop)
            log.warning("reload refused, old knowledge kept: %s", shrinking.message)
            return [shrinking]
        self.current = fresh
        log.info("knowledge reloaded: %d records", len(fresh.kb.records))
        settle_heap()
        return []

    def ask(
        self,
        text: str,
        context: Context | None = None,
        chat_key: str = "",
        lang: str | None = None,
    ) -> Reply:
        start = time.perf_counter()
        reply = self.current.ask(text, context, lang)
        self._notify(Exchange(chat_key, text, None, context, reply, time.perf_counter() - start))
        return reply

    def press(
        self,
        action: Action,
        context: Context | None = None,
        chat_key: str = "",
        lang: str | None = None,
    ) -> Reply:
        start = time.perf_counter()
        reply = self.current.press(action, context, lang)
        self._notify(Exchange(chat_key, None, action, context, reply, time.perf_counter() - start))
        return reply

    def _notify(self, exchange: Exchange) -> None:
        for observer in self.observers:
            try:
                observer(exchange)
            except Exception:  # an observer must never cost the user their answer
                log.exception("observer %r failed", observer)
