"""The assistant's memo: repeated questions and buttons answered once, and never wrongly."""

from __future__ import annotations

import pydantic
import pytest

from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.memo import Memo


@pytest.fixture(scope="module")
def shared() -> Assistant:
    return Assistant.load()


@pytest.fixture
def assistant(shared: Assistant) -> Assistant:
    return Assistant(shared.kb)  # same knowledge, an empty memo of its own


def test_a_repeated_question_is_answered_from_the_memo(assistant: Assistant) -> None:
    first = assistant.ask("budget of LM.0024")
    assert (assistant.memo.hits, assistant.memo.misses) == (0, 1)
    again = assistant.ask("budget of LM.0024")
    assert again is first and assistant.memo.hits == 1
    assert assistant.press(Action(kind="home")) is assistant.press(Action(kind="home"))


def test_the_same_words_in_another_context_are_answered_afresh(assistant: Assistant) -> None:
    """A follow-up depends on the conversation: the memo must never cross contexts."""
    about_cluster = assistant.ask("who are the members of the Cluster Process?").context
    about_lm = assistant.ask("budget of LM.0024").context
    on_cluster = assistant.ask("and its meetings?", about_cluster)
    on_lm = assistant.ask("and its meetings?", about_lm)
    assert on_cluster.entity == "eu-south-caucasus-cluster-process"
    assert on_lm.entity == "lm-0024"


def test_a_failure_is_apologised_for_and_not_remembered(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = assistant.composer.compose
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("a bug hit once")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(assistant.composer, "compose", flaky)
    sorry = assistant.ask("budget of LM.0024")
    assert sorry.intent != "budget"
    answer = assistant.ask("budget of LM.0024")
    assert answer.intent == "budget" and answer.entity == "lm-0024"
    assert len(assistant.memo) == 1


def test_replies_cannot_be_changed_once_handed_out(assistant: Assistant) -> None:
    reply = assistant.ask("budget of LM.0024")
    with pytest.raises(pydantic.ValidationError):
        reply.text = "changed"  # type: ignore[misc]


def test_the_memo_keeps_the_most_recently_used_within_its_size() -> None:
    memo: Memo[str] = Memo(2)
    assert memo.get("a", lambda: "A") == "A"
    assert memo.get("b", lambda: "B") == "B"
    assert memo.get("a", lambda: "stale") == "A"  # "a" is now the most recent
    assert memo.get("c", lambda: "C") == "C"  # drops "b", the least recent
    assert memo.get("b", lambda: "B again") == "B again"
    assert memo.get("a", lambda: "recomputed") == "recomputed"  # dropped by "b"
    assert len(memo) == 2


def test_a_memo_of_size_zero_remembers_nothing() -> None:
    memo: Memo[str] = Memo(0)
    assert memo.get("a", lambda: "A") == "A"
    assert memo.get("a", lambda: "again") == "again" and len(memo) == 0


def test_a_context_is_a_memo_key() -> None:
    assert hash(Context(entity="lm-0024")) == hash(Context(entity="lm-0024"))
    assert Context(entity="lm-0024") != Context(entity="lm-0025")
