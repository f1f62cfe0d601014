"""``Assistant``: understanding + composing, and it never raises whatever comes in."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.knowledge.loader import KnowledgeBase
from migbot.nlu.reading import Reading


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


ODD = [
    "",
    " ",
    "x" * 10_000,
    "\x00\x01\u200b\ufeff",
    "🙂" * 500,
    "مرحبا كيف حالك",
    "<b>members</b> of <script>alert(1)</script> &amp; <a href='x'>",
    "/ask@MigBot",
    "LM.0024" * 300,
    "\ud800",
]


@pytest.mark.parametrize("text", ODD)
def test_ask_never_raises_and_fits_telegram(
    assistant: Assistant, text: str, html_text: Callable[[str], str]
) -> None:
    reply = assistant.ask(text, Context(entity="no-such-record", candidates=("x:y",)))
    assert reply.text.strip()
    assert len(reply.text) < 4096 and len(reply.html) < 4096
    html_text(reply.html)
    assert "<script>" not in reply.html
    assert 0.0 <= reply.confidence <= 1.0


def test_a_failure_inside_becomes_an_apology(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def understand(
            self, text: str, context: Context | None = None, lang: str | None = None
        ) -> Reading:
            raise RuntimeError("boom")

    monkeypatch.setattr(assistant, "understanding", Broken())
    reply = assistant.ask("budget of LM.0024")
    assert "went wrong" in reply.text and reply.actions()

    def broken_press(action: Action, context: Context | None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(assistant.composer, "press", broken_press)
    assert "went wrong" in assistant.press(Action(kind="home")).text


def test_ask_answers_and_follow_up_keeps_the_record(assistant: Assistant) -> None:
    first = assistant.ask("budget of LM.0024")
    assert (first.intent, first.entity) == ("budget", "lm-0024")
    assert "USD 64,240" in first.text
    follow = assistant.ask("and its timeline?", first.context)
    assert (follow.intent, follow.entity) == ("timeline", "lm-0024")
    assert "Start: 2008" in follow.text


def test_press_opens_sections(assistant: Assistant) -> None:
    reply = assistant.press(
        Action(kind="open", entity="eu-south-caucasus-cluster-process", section="country_teams")
    )
    assert "Czechia, Germany, Georgia" in reply.text
    assert reply.context.entity == "eu-south-caucasus-cluster-process"


def test_custom_knowledge_folder(kb: KnowledgeBase) -> None:
    assistant = Assistant.load(kb.path)
    assert set(assistant.kb.records) == set(kb.records)
