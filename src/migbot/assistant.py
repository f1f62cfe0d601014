"""The core: ``Assistant.ask(text, context)`` and ``Assistant.press(action, context)``.

Knows nothing of Telegram. Understanding lives in ``nlu/``, composing replies in
``answers/``; this module wires them to a loaded knowledge base.
"""

from __future__ import annotations

from pathlib import Path

from migbot.answers.reply import Action, Reply
from migbot.context import Context
from migbot.knowledge.loader import KnowledgeBase, load_knowledge


class Assistant:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @classmethod
    def load(cls, path: Path | str | None = None) -> Assistant:
        """The bundled knowledge, or the folder at ``path``; raises ``KnowledgeError``."""
        return cls(load_knowledge(path))

    def ask(self, text: str, context: Context | None = None) -> Reply:
        raise NotImplementedError  # built in issue 2 (nlu + answers)

    def press(self, action: Action, context: Context | None = None) -> Reply:
        raise NotImplementedError  # built in issue 2 (answers)
