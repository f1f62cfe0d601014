"""Fixtures: the bundled knowledge and its ``Understanding`` (built once per session)."""

from __future__ import annotations

import pytest

from migbot.knowledge.loader import KnowledgeBase, load_knowledge
from migbot.nlu.understand import Understanding


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def nlu(kb: KnowledgeBase) -> Understanding:
    return Understanding(kb)
