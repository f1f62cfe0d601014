"""Slow answers ("typing…"), replies over 4096 characters, the error handler, token scrubbing."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from conftest import TOKEN
from tgfake import FakeBotApi
from tgfake.driver import say

from migbot.answers.reply import Action, Button, Reply
from migbot.ops.holder import AssistantHolder
from migbot.telegram import handlers, logsafe


def long_reply(lines: int = 600) -> Reply:
    body = "\n".join(f"<b>{i}</b> {'word ' * 12}" for i in range(lines))
    return Reply(
        intent="overview",
        text="long",
        html=body,
        buttons=[[Button(label="Home", action=Action(kind="home"))]],
    )


async def test_long_reply_is_split_with_buttons_on_the_last_part(
    fake: FakeBotApi, bot: Any, holder: AssistantHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        holder, "ask", lambda text, context=None, chat_key="", lang=None: long_reply()
    )
    parts = await say(fake, 3001, "anything long")
    assert len(parts) >= 2
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert [("reply_markup" in p) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert parts[0]["text"].startswith("0 word")


async def test_slow_answers_show_typing(
    fake: FakeBotApi, bot: Any, holder: AssistantHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = holder.ask

    def slow(text: str, context: Any = None, chat_key: str = "", lang: str | None = None) -> Reply:
        time.sleep(handlers.TYPING_AFTER * 2)
        return answer(text, context, chat_key)

    monkeypatch.setattr(holder, "ask", slow)
    monkeypatch.setattr(handlers._Pace, "seconds", 1.0)  # answers have been slow lately
    [reply] = await say(fake, 3002, "budget of LM.0024")
    assert reply["text"]
    actions = fake.calls_of("sendChatAction")
    assert [c.params["action"] for c in actions] == ["typing"]
    assert actions[0].params["chat_id"] == 3002


async def test_a_failing_answer_gets_a_polite_reply_and_a_clean_log(
    fake: FakeBotApi,
    bot: Any,
    holder: AssistantHolder,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(
        text: str, context: Any = None, chat_key: str = "", lang: str | None = None
    ) -> Reply:
        raise RuntimeError(f"boom while calling https://api.telegram.org/bot{TOKEN}/sendMessage")

    monkeypatch.setattr(holder, "ask", broken)
    [sorry] = await say(fake, 3003, "hello")
    assert sorry["text"] == handlers.SORRY
    [record] = [r for r in caplog.records if r.name == "migbot.telegram.handlers"]
    assert record.levelno == logging.ERROR and "update " in record.getMessage()
    assert "boom" in record.getMessage() and TOKEN not in record.getMessage()
    assert record.exc_text and "RuntimeError" in record.exc_text and TOKEN not in record.exc_text


def test_any_logger_is_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    logsafe.protect(TOKEN)
    log = logging.getLogger("some.library")
    with caplog.at_level(logging.INFO):
        log.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise ValueError(f"bad url /bot{TOKEN}/x")
        except ValueError:
            log.exception("request failed")
    text = "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "<token>" in text and TOKEN not in text and TOKEN.split(":")[1] not in text
    assert logging.getLogger("httpx").level == logging.WARNING
