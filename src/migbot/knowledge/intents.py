"""What ``knowledge/intents.yaml`` implies, derived once: record sections per kind, codes.

Nothing here lists an intent: adding one to intents.yaml adds its section, its menu place
and its button code everywhere that reads this table.
"""

from __future__ import annotations

from collections.abc import Iterable

from migbot.knowledge.models import IntentDef, RecordKind


class IntentTable:
    """The intents of one knowledge base, with the lookups answers and transports need."""

    def __init__(self, intents: Iterable[IntentDef]) -> None:
        self.intents: tuple[IntentDef, ...] = tuple(intents)
        self.labels: tuple[str, ...] = tuple(i.label for i in self.intents)
        # Record sections: every intent of role ``record``, in the file's (menu) order.
        self.sections: tuple[str, ...] = tuple(i.label for i in self.intents if i.role == "record")
        self._by_label = {i.label: i for i in self.intents}
        self._by_code = {i.code: i.label for i in self.intents}

    def role(self, label: str) -> str | None:
        intent = self._by_label.get(label)
        return intent.role if intent else None

    def is_section(self, label: str | None) -> bool:
        return label is not None and self.role(label) == "record"

    def sections_of(self, kind: RecordKind) -> tuple[str, ...]:
        """The sections a record of ``kind`` has, in menu order."""
        return tuple(i.label for i in self.intents if i.role == "record" and kind in i.kinds)

    def code(self, label: str) -> str | None:
        """The intent's code in button data (stable forever, intents.yaml)."""
        intent = self._by_label.get(label)
        return intent.code if intent else None

    def label_of(self, code: str) -> str | None:
        return self._by_code.get(code)
