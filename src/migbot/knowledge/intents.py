"""The intents of ``knowledge/intents.yaml`` as the code uses them: by role, by record kind,
in precedence order, by button code. Derived once per knowledge base."""

from __future__ import annotations

from migbot.knowledge.models import IntentDef


class Registry:
    def __init__(self, intents: list[IntentDef], precedence: list[str]) -> None:
        self.intents = {i.label: i for i in intents}
        by_role = {
            role: tuple(i.label for i in intents if i.role == role)
            for role in ("record", "cross", "chat", "reply")
        }
        self.record = by_role["record"]
        self.cross = by_role["cross"]
        self.chat = by_role["chat"]
        self.reply = by_role["reply"]
        self.precedence = tuple(precedence) or self.record
        self._sections = {
            kind: tuple(i.label for i in intents if i.role == "record" and kind in i.kinds)
            for kind in ("dialogue", "project")
        }

    def sections(self, kind: str) -> tuple[str, ...]:
        """The record intents a record of ``kind`` has a section for, in menu order."""
        return self._sections.get(kind, ())
