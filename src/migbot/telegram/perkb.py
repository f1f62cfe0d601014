"""A table derived from the loaded knowledge, built on first use and replaced on a reload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from migbot.knowledge.loader import KnowledgeBase

T = TypeVar("T")


class PerKnowledge(Generic[T]):
    """``build(kb)``, kept for the latest knowledge base object only.

    A reload brings a new ``KnowledgeBase`` object, and with it a new table; the old one goes
    with the old knowledge. The knowledge base itself is held (not its ``id``), so a recycled
    id can never hand out a stale table.
    """

    def __init__(self, build: Callable[[KnowledgeBase], T]) -> None:
        self._build = build
        self._latest: tuple[KnowledgeBase, T] | None = None

    def __call__(self, kb: KnowledgeBase) -> T:
        latest = self._latest
        if latest is None or latest[0] is not kb:
            latest = self._latest = (kb, self._build(kb))
        return latest[1]
