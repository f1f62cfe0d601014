"""Scenario 2 (free text, follow-up, clarification), 3 (groups) and 5 (bad input)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from tgfake import BOT_ID, BOT_USERNAME, FakeBotApi
from tgfake.driver import buttons, click, say, settle

from migbot.telegram.handlers import CHAT_STATE

GROUP = -100_200_300


async def chat_context(bot: Any, chat: int) -> Any:
    state = await bot.bot_data[CHAT_STATE].get(str(chat))
    assert not bot.chat_data, "PTB's chat_data keeps every chat forever: not used"
    return state["context"]


async def test_free_text_follow_up_and_clarification(fake: FakeBotApi, bot: Any) -> None:
    chat = 2001
    [answer] = await say(fake, chat, "who are the members of the Cluster Process?")
    assert "Georgia" in answer["text"]
    [follow] = await say(fake, chat, "and when did it meet?")
    assert "Cluster" in follow["text"] or "meet" in follow["text"].lower()
    context = await chat_context(bot, chat)
    assert context["entity"] == "eu-south-caucasus-cluster-process"

    [unsure] = await say(fake, chat, "georgia project")
    assert (await chat_context(bot, chat))["candidates"]  # a clarification on offer
    choices = [b["callback_data"] for b in buttons(unsure) if "callback_data" in b]
    before = (unsure["text"], json.dumps(unsure.get("reply_markup")))
    chosen = await click(fake, unsure, choices[0])  # the same message, edited in place
    assert (chosen["text"], json.dumps(chosen.get("reply_markup"))) != before
    assert not (await chat_context(bot, chat))["candidates"]
    assert (await chat_context(bot, chat))["entity"] is not None
    [budget] = await say(fake, chat, "/ask budget LM.0024")
    assert "64,240" in budget["text"] or "64240" in budget["text"]


async def test_group_ask_mentions_replies_and_ignored_chatter(fake: FakeBotApi, bot: Any) -> None:
    [asked] = await say(fake, GROUP, f"/ask@{BOT_USERNAME} budget LM.0024", user_id=31)
    assert asked["reply_to_message"]["text"].startswith("/ask@")
    assert "LM.0024" in asked["text"]

    [mention] = await say(fake, GROUP, f"@{BOT_USERNAME} members of the Cluster Process")
    assert mention["reply_to_message"]["text"].startswith("@")

    [replied] = await say(fake, GROUP, "and its budget?", reply_to=asked)
    assert replied["reply_to_message"]["text"] == "and its budget?"

    assert await say(fake, GROUP, "hello everyone, lunch at noon?") == []
    assert await say(fake, GROUP, "/ask@OtherBot budget LM.0024") == []
    assert await say(fake, GROUP, "/start") == []
    assert await say(fake, GROUP, "@SomebodyElse what about LM.0024?") == []


@pytest.mark.parametrize(
    "data",
    [
        "1|o|ezzzzzzzz",  # a record key that does not exist (stale knowledge)
        "2|h",  # a future version
        "1|o|erp65cdtd|s99",  # section out of range
        "1|h|p0",  # not canonical
        "garbage",
        "x" * 64,
    ],
)
async def test_forged_and_stale_callback_data(fake: FakeBotApi, bot: Any, data: str) -> None:
    [card] = await say(fake, 2002, "/start lm-0024")
    after = await click(fake, card, data)  # answered exactly once inside ``click``
    [query] = [q for q in fake.queries.values()]
    assert query["text"] and "expired" in query["text"]
    assert "Dialogues" in str(after["reply_markup"])  # the home menu


async def test_oversized_callback_data_is_refused_politely(fake: FakeBotApi, bot: Any) -> None:
    [card] = await say(fake, 2003, "/menu")
    # Telegram never sends more than 64 bytes; a client that does gets the home menu.
    fake.press(card, "1|" + "o" * 200)
    await settle(fake)
    assert all(q["answered"] == 1 for q in fake.queries.values())


async def test_bad_messages_get_polite_replies(
    fake: FakeBotApi, bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    chat = 2004
    [empty] = await say(fake, chat, "/ask")
    assert empty["text"]
    [huge] = await say(fake, chat, "budget " * 1500)  # 10,500 characters
    assert huge["text"]
    [tags] = await say(fake, chat, "<b>budget</b> of <i>LM.0024</i> &amp; <script>x</script>")
    assert tags["text"]
    [whitespace] = await say(fake, chat, "   ")
    assert whitespace["text"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [c for c in fake.calls if not c.ok and c.method != "getUpdates"]


async def test_messages_from_other_bots_users_in_groups_are_not_answered_twice(
    fake: FakeBotApi, bot: Any
) -> None:
    replies = await say(fake, GROUP, f"/ask@{BOT_USERNAME} LM.0024")
    assert len(replies) == 1 and replies[0]["from"]["id"] == BOT_ID


async def test_edited_messages_are_not_answered_again(fake: FakeBotApi, bot: Any) -> None:
    [first] = await say(fake, 2005, "budget of LM.0024")
    original = fake.messages[(2005, 1)]
    fake.raw_update({"edited_message": {**original, "text": "budget of LM.0024?", "edit_date": 1}})
    await settle(fake)
    assert fake.bot_messages(2005) == [first]
