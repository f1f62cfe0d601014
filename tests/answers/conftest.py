"""Fixtures for answer tests: the bundled knowledge, small hand-made knowledge folders, and
an HTML checker with Telegram's tag set."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from tgfake.tghtml import COMPOSER_TAGS, HtmlError, parse

from migbot.answers.compose import Composer
from migbot.knowledge.loader import KnowledgeBase, default_knowledge_dir, load_knowledge


def check_html(markup: str) -> str:
    """Parse ``markup`` as Telegram would, held to what the composer writes (strict, its
    tags only, none nested); return its visible text."""
    try:
        return parse(markup, strict=True, tags=COMPOSER_TAGS, flat=True)
    except HtmlError as exc:
        raise AssertionError(f"{exc}\n{markup[:500]}") from None


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def composer(kb: KnowledgeBase) -> Composer:
    return Composer(kb)


MakeKB = Callable[[dict[str, str]], KnowledgeBase]


@pytest.fixture
def make_kb(tmp_path: Path) -> MakeKB:
    """Write ``{"dialogues/x.yaml": text, ...}`` into a folder and load it."""

    def make(files: dict[str, str]) -> KnowledgeBase:
        root = tmp_path / "knowledge"
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        # The bundled intents (sections and button codes come from them); no regions.yaml
        # unless the test writes one (then its records' regions must be declared in it).
        bundled = default_knowledge_dir()
        shutil.copy(bundled / "intents.yaml", root / "intents.yaml")
        shutil.copytree(bundled / "lang", root / "lang")
        return load_knowledge(root)

    return make


@pytest.fixture(scope="session")
def html_text() -> Callable[[str], str]:
    """``html_text(markup)``: assert Telegram-valid HTML and return its visible text."""
    return check_html
