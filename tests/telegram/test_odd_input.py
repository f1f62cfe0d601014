"""Input Telegram never sends but a proxy or a forged update might, and buttons on messages
that can no longer be edited: a polite answer, no traceback, and the question recorded."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pytest
from tgfake import BOT_USERNAME, FakeBotApi
from tgfake.driver import buttons, say, settle

from migbot.ops.inbox import Inbox

UNKNOWN = "How do I renew my passport in Lisbon?"  # out of scope: goes to the inbox


def message(fake: FakeBotApi, chat_id: int, text: str, **extra: Any) -> dict[str, Any]:
    fake.chat(chat_id, "private" if chat_id > 0 else "supergroup")
    return {
        "message_id": 7000 + len(fake.updates) + len(fake.calls),
        "date": int(time.time()),
        "chat": fake.chats[chat_id],
        "from": fake.user(abs(chat_id) if chat_id > 0 else 77),
        "text": text,
        **extra,
    }


def inbox_questions(tmp_path: Path) -> list[str]:
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    try:
        return [entry.question for entry in inbox.entries()]
    finally:
        inbox.close()


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_text or r.exc_info]
    assert not bad, [r.getMessage() for r in bad]


async def test_a_lone_surrogate_is_answered_and_recorded(
    fake: FakeBotApi, bot: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chat = 3101
    question = UNKNOWN.replace("passport", "pass\ud800port")
    fake.raw_update({"message": message(fake, chat, question)})
    await settle(fake)
    [reply] = fake.bot_messages(chat)
    assert "went wrong" not in reply["text"]
    assert UNKNOWN.replace("passport", "pass\ufffdport") in inbox_questions(tmp_path)
    no_tracebacks(caplog)


async def test_a_mention_entity_splitting_a_surrogate_pair(
    fake: FakeBotApi, bot: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    group = -100_310_200
    text = f"😀@{BOT_USERNAME} {UNKNOWN}"
    # The emoji is two UTF-16 units; an offset of 1 cuts it in half.
    entities = [{"type": "mention", "offset": 1, "length": len(BOT_USERNAME) + 2}]
    fake.raw_update({"message": message(fake, group, text, entities=entities)})
    await settle(fake)
    replies = fake.bot_messages(group)
    assert replies and all("went wrong" not in m["text"] for m in replies)
    assert any("Lisbon" in q for q in inbox_questions(tmp_path))
    no_tracebacks(caplog)


@pytest.mark.parametrize("owner", ["deleted", "not the bot's"])
async def test_a_button_on_a_message_that_cannot_be_edited(
    fake: FakeBotApi, bot: Any, caplog: pytest.LogCaptureFixture, owner: str
) -> None:
    chat = 3201
    [home] = await say(fake, chat, "/start")
    data = next(b["callback_data"] for b in buttons(home) if "callback_data" in b)
    stale = dict(home, message_id=99_999)  # the fake knows no such message: "not found"
    if owner != "deleted":
        stale = dict(home, **{"from": fake.user(chat)})  # "message can't be edited"
        fake.messages[(chat, home["message_id"])] = stale
    before = len(fake.bot_messages(chat))
    query = fake.press(stale, data)
    await settle(fake)
    assert fake.queries[query]["answered"] == 1
    new = fake.bot_messages(chat)[before:]
    assert new and all("went wrong" not in m["text"] for m in new)
    assert new[-1].get("reply_markup")  # the answer, with its buttons, as a new message
    assert any(c.description.endswith(("not found", "can't be edited")) for c in fake.calls)
    no_tracebacks(caplog)
