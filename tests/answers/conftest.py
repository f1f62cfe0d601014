"""Fixtures for answer tests: the bundled knowledge, small hand-made knowledge folders, and
an HTML checker with Telegram's tag set."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from migbot.answers.compose import Composer
from migbot.knowledge.loader import KnowledgeBase, load_knowledge

ALLOWED = {"b", "i", "a", "code"}


class TelegramHTML(HTMLParser):
    """Fails on any tag Telegram's HTML mode would reject or on unbalanced markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, f"tag <{tag}> not allowed"
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"], attrs
        else:
            assert not attrs, attrs
        assert not self.stack, f"nested <{tag}> in {self.stack}"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(markup: str) -> str:
    """Parse ``markup`` as Telegram would; return its visible text."""
    parser = TelegramHTML()
    parser.feed(markup)
    parser.close()
    assert not parser.stack, f"unclosed {parser.stack}"
    return "".join(parser.text)


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
        (root / "intents.yaml").write_text("intents: []\n", encoding="utf-8")
        return load_knowledge(root)

    return make


@pytest.fixture(scope="session")
def html_text() -> Callable[[str], str]:
    """``html_text(markup)``: assert Telegram-valid HTML and return its visible text."""
    return check_html
