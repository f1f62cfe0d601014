"""The core: ``Assistant.ask(text, context)`` and ``Assistant.press(action, context)``.

Knows nothing of Telegram. Understanding lives in ``nlu/``, composing replies in
``answers/``; this module wires them to a loaded knowledge base. Neither entry point ever
raises: whatever goes wrong inside becomes a polite reply with the home menu, because a
transport has no better answer to give a person than that.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from migbot.answers.compose import Composer
from migbot.answers.reply import Action, Reply
from migbot.context import Context
from migbot.i18n import choose, speaking
from migbot.knowledge.loader import KnowledgeBase, load_knowledge
from migbot.memo import Memo
from migbot.nlu.reading import Reading

log = logging.getLogger(__name__)

# Longer messages are cut before understanding: no question needs more, and it bounds work.
MAX_QUESTION = 1000
# Replies remembered per loaded knowledge (see ``memo.py``): a few kB each.
MEMO_SIZE = 4096


class _Understands(Protocol):
    def understand(
        self, text: str, context: Context | None = None, lang: str | None = None
    ) -> Reading: ...


class _NoUnderstanding:
    """Stand-in while ``nlu.understand`` is unavailable: every question is out of scope."""

    def understand(
        self, text: str, context: Context | None = None, lang: str | None = None
    ) -> Reading:
        return Reading(intent="out_of_scope", confidence=0.0)


def answer_language(reading: Reading | None, lang: str | None) -> str:
    """The question's language where its words make it clear, else ``lang`` (the chat's or
    the user's), else the source language."""
    return choose(reading.lang if reading is not None else None, lang)


def _understanding(kb: KnowledgeBase) -> _Understands:
    # Imported by name so the core still runs (every question out of scope) without nlu.
    try:
        module = importlib.import_module("migbot.nlu.understand")
    except ImportError:  # pragma: no cover - only before the NLU module exists
        log.warning("migbot.nlu.understand not found: every question reads as out of scope")
        return _NoUnderstanding()
    return cast(_Understands, module.Understanding(kb))


class Assistant:
    def __init__(self, kb: KnowledgeBase, memo_size: int = MEMO_SIZE) -> None:
        self.kb = kb
        self.composer = Composer(kb)
        self.understanding = _understanding(kb)
        self.memo: Memo[Reply] = Memo(memo_size)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Assistant:
        """The bundled knowledge, or the folder at ``path``; raises ``KnowledgeError``."""
        return cls(load_knowledge(path))

    def ask(self, text: str, context: Context | None = None, lang: str | None = None) -> Reply:
        """Answer ``text`` in its own language where clear, else in ``lang``, else English."""
        ctx = context or Context()
        question = text[:MAX_QUESTION] if isinstance(text, str) else ""
        asked = choose(lang)
        # The language the answer is said in, once the question is read: an apology for a
        # failure after that is said in it too.
        said = [asked]

        def answer() -> Reply:
            # Read in ``asked`` where the question's own words do not say its language.
            reading = self.understanding.understand(question, ctx, asked)
            said[0] = answer_language(reading, asked)
            with speaking(said[0]):
                return self.composer.compose(reading, ctx, question)

        reply = self.memo.get(("ask", question, ctx, asked), lambda: _attempt(answer, "ask"))
        if reply is None:
            with speaking(said[0]):
                return self.composer.apology(ctx)
        return reply

    def press(
        self, action: Action, context: Context | None = None, lang: str | None = None
    ) -> Reply:
        """Answer a button: in the language it carries, else ``lang``, else English."""
        ctx = context or Context()
        spoken = choose(action.lang, lang)
        plain = action.model_copy(update={"lang": None})  # the composer acts on the rest

        def answer() -> Reply:
            with speaking(spoken):
                return self.composer.press(plain, ctx)

        reply = self.memo.get(("press", plain, ctx, spoken), lambda: _attempt(answer, "press"))
        if reply is None:
            with speaking(spoken):
                return self.composer.apology(ctx)
        return reply


def _attempt(produce: Callable[[], Reply], what: str) -> Reply | None:
    """``produce()``, or None (logged) if it fails: never let one odd message take the
    transport down; the caller apologises, and the failure is not memoised."""
    try:
        return produce()
    except Exception:
        log.exception("%s failed", what)
        return None
