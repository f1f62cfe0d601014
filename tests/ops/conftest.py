"""Ops test fixtures: a knowledge copy to edit, a holder with a scripted assistant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migbot.answers.reply import Action, Reply
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.knowledge.loader import default_knowledge_dir, load_knowledge
from migbot.ops.holder import AssistantHolder


class ScriptedAssistant(Assistant):
    """Answers by keyword, so the ops tests do not depend on the NLU's current quality."""

    def ask(self, text: str, context: Context | None = None, lang: str | None = None) -> Reply:
        if "budget" in text.lower():
            return Reply(intent="budget", entity="lm-0024", text="USD 1", html="USD 1")
        if "which" in text.lower():
            return Reply(
                intent="clarify",
                confidence=0.4,
                slots={"candidates": [{"intent": "budget", "entity": "lm-0024"}]},
                text="Did you mean…",
                html="Did you mean…",
                context=Context(candidates=("budget:lm-0024",), question=text),
            )
        return Reply(intent="out_of_scope", confidence=0.1, text="Sorry", html="Sorry")

    def press(
        self, action: Action, context: Context | None = None, lang: str | None = None
    ) -> Reply:
        return Reply(intent="help", text="Try asking", html="Try asking")


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    return target


@pytest.fixture
def holder(knowledge: Path) -> AssistantHolder:
    return AssistantHolder(ScriptedAssistant(load_knowledge(knowledge)), knowledge)
