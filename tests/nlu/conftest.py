"""Fixtures: the bundled knowledge and its ``Understanding`` (built once per session)."""

from __future__ import annotations

import shutil

import pytest

from migbot.knowledge.loader import KnowledgeBase, load_knowledge
from migbot.nlu.understand import Understanding


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def nlu(kb: KnowledgeBase) -> Understanding:
    return Understanding(kb)


@pytest.fixture(scope="session")
def seed_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The two founding records only, in a folder of their own."""
    src = load_knowledge().path
    root = tmp_path_factory.mktemp("seeds")
    for sub, name in (
        ("dialogues", "eu-south-caucasus-cluster-process.yaml"),
        ("projects", "lm-0024.yaml"),
    ):
        (root / sub).mkdir()
        shutil.copy(src / sub / name, root / sub / name)
    shutil.copy(src / "intents.yaml", root / "intents.yaml")
    shutil.copytree(src / "lang", root / "lang")
    return load_knowledge(root)
