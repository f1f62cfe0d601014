"""What ``knowledge/intents.yaml`` implies, derived once: record sections per kind, codes,
the intents of each role and the order that breaks a tie between two.

Nothing here lists an intent: adding one to intents.yaml adds its section, its menu place
and its button code everywhere that reads this table.
"""

from __future__ import annotations

from collections.abc import Iterable

from migbot.knowledge.models import IntentDef, RecordKind


class IntentTable:
    """The intents of one knowledge base, with the lookups answers, transports and the
    understanding need."""

    def __init__(self, intents: Iterable[IntentDef], precedence: Iterable[str] = ()) -> None:
        self.intents: tuple[IntentDef, ...] = tuple(intents)
        self.labels: tuple[str, ...] = tuple(i.label for i in self.intents)
        # Record sections: every intent of role ``record``, in the file's (menu) order.
        self.sections: tuple[str, ...] = self.of_role("record")
        self.record = self.sections
        self.cross = self.of_role("cross")
        self.chat = self.of_role("chat")
        self.reply = self.of_role("reply")
        # Record intents, the most specific first; the last is the fallback (overview).
        self.precedence: tuple[str, ...] = tuple(precedence) or self.sections
        self._by_label = {i.label: i for i in self.intents}
        self._by_code = {i.code: i.label for i in self.intents}

    def of_role(self, role: str) -> tuple[str, ...]:
        return tuple(i.label for i in self.intents if i.role == role)

    def role(self, label: str) -> str | None:
        intent = self._by_label.get(label)
        return intent.role if intent else None

    def is_section(self, label: str | None) -> bool:
        return label is not None and self.role(label) == "record"

    def sections_of(self, kind: RecordKind | str) -> tuple[str, ...]:
        """The sections a record of ``kind`` has, in menu order."""
        return tuple(i.label for i in self.intents if i.role == "record" and kind in i.kinds)

    def precedence_of(self, kind: RecordKind | str | None) -> tuple[str, ...]:
        """The tie-breaking order for a record of ``kind``: the sections it has first (a word
        as near a budget cue as an overview one asks a dialogue for its overview), then by
        ``precedence``."""
        own = self.sections_of(kind) if kind else ()
        return tuple(sorted(self.precedence, key=lambda label: label not in own))

    def code(self, label: str) -> str | None:
        """The intent's code in button data (stable forever, intents.yaml)."""
        intent = self._by_label.get(label)
        return intent.code if intent else None

    def label_of(self, code: str) -> str | None:
        return self._by_code.get(code)
