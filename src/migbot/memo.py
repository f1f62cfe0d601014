"""A bounded memo of replies: the knowledge never changes under an ``Assistant``.

A reply is a pure function of the question (or button) and the conversation context over
one loaded knowledge base, so the same question in the same context is answered once and
then repeated from here. Menus, deep links and popular questions make up most traffic;
computing an answer costs more than everything else the bot does with an update. A reload
brings a new ``Assistant`` and so an empty memo.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most ``size`` values, least recently used dropped first; safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V | None]) -> V | None:
        """The value for ``key``, computing it once; a None from ``compute`` is not kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
            self.misses += 1
        value = compute()  # outside the lock: another thread may compute the same; harmless
        if value is not None and self.size > 0:
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)
