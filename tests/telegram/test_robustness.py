"""Slow answers ("typing…"), replies over 4096 characters, the error handler, token scrubbing."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from conftest import TOKEN
from tgfake import FakeBotApi
from tgfake.driver import click, data_of, say

from migbot.answers.reply import Action, Button, Reply
from migbot.ops.holder import AssistantHolder
from migbot.telegram import handlers, logsafe, words


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
    assert sorry["text"] == words.sorry("en")
    [record] = [r for r in caplog.records if r.name == "migbot.telegram.handlers"]
    assert record.levelno == logging.ERROR and "update " in record.getMessage()
    assert "boom" in record.getMessage() and TOKEN not in record.getMessage()
    assert record.exc_text and "RuntimeError" in record.exc_text and TOKEN not in record.exc_text


async def test_the_apology_is_in_the_chats_language(
    fake: FakeBotApi, bot: Any, holder: AssistantHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    russian, french = 3011, 3012
    fake.language_codes.update({russian: "ru", french: "ru"})
    [menu] = await say(fake, french, "/language")
    await click(fake, menu, data_of(menu, "Français"))  # the chat's choice beats the app's

    def broken(
        text: str, context: Any = None, chat_key: str = "", lang: str | None = None
    ) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setattr(holder, "ask", broken)
    [sorry] = await say(fake, russian, "какой бюджет у LM.0024?")
    assert sorry["text"] == words.sorry("ru") and sorry["text"].startswith("Извините")
    [désolé] = await say(fake, french, "budget of LM.0024")
    assert désolé["text"] == words.sorry("fr") and désolé["text"].startswith("Désolé")


async def test_an_unreadable_chat_state_apologises_in_the_users_language(
    fake: FakeBotApi, bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = 3013
    fake.language_codes[chat] = "es"
    store = bot.bot_data[handlers.CHAT_STATE]

    async def unreadable(key: str) -> None:
        raise ConnectionError("chat state store down")

    monkeypatch.setattr(store, "get", unreadable)
    [sorry] = await say(fake, chat, "presupuesto de LM.0024")
    assert sorry["text"] == words.sorry("es")


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
