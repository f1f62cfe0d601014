"""Scenario 6 (429 and 5xx injected), 7 (load), and webhook mode (scenarios 1 and 6)."""

from __future__ import annotations

import html
from typing import Any

import aiohttp
from tgfake import FakeBotApi
from tgfake.driver import click, data_of, say, settle
from tgfake.tghtml import parse

from migbot.answers.reply import Action
from migbot.ops.holder import AssistantHolder
from migbot.telegram import render


def card_text(holder: AssistantHolder, record_id: str) -> str:
    reply = holder.current.press(Action(kind="open", entity=record_id))
    return parse(render.split_html(reply.html)[0]).strip()


async def burst(fake: FakeBotApi, holder: AssistantHolder, chats: int, per_chat: int) -> None:
    """``chats × per_chat`` deep links; every one answered once, in order per chat."""
    ids = sorted(holder.current.kb.records)
    sent: dict[int, list[str]] = {}
    for i in range(per_chat):
        for c in range(chats):
            chat = 50_000 + c
            rid = ids[(c + i) % len(ids)]
            sent.setdefault(chat, []).append(rid)
            fake.send(chat, f"/start {rid}")
    await settle(fake)
    for chat, rids in sent.items():
        got = [m["text"] for m in fake.bot_messages(chat)]
        assert got == [card_text(holder, rid) for rid in rids], chat


async def test_429_and_5xx_every_update_answered_once(
    fake: FakeBotApi, bot: Any, holder: AssistantHolder
) -> None:
    fake.fault("sendMessage", "429", times=2, retry_after=1)
    fake.fault("sendMessage", "5xx", times=2, status=500)
    fake.fault("sendMessage", "5xx", times=1, status=502)
    fake.fault("sendMessage", "drop", times=1)
    fake.fault("editMessageText", "5xx", times=1, status=503)
    fake.fault("answerCallbackQuery", "429", times=1, retry_after=1)
    fake.fault("sendMessage", "slow", times=2, delay=0.3)
    await burst(fake, holder, chats=5, per_chat=4)
    [home] = await say(fake, 60_001, "/menu")
    card = await click(fake, home, data_of(home, "LM.0024"))
    assert "LM.0024" in card["text"]
    assert all(f.times == 0 for f in fake.faults)
    assert len(fake.calls_of("sendMessage", ok=False)) == 0  # faults never reach the API


async def test_getupdates_faults_are_survived(fake: FakeBotApi, bot: Any) -> None:
    fake.fault("getUpdates", "5xx", times=1, status=502)
    [home] = await say(fake, 60_002, "/start")
    assert home["text"]


async def test_load_1000_updates_from_100_chats(
    fake: FakeBotApi, bot: Any, holder: AssistantHolder
) -> None:
    await burst(fake, holder, chats=100, per_chat=10)
    assert len(fake.calls_of("sendMessage")) == 1000 + 1  # and the sentinel's /help


async def test_webhook_drill_down_and_health(fake: FakeBotApi, hooked: tuple[Any, str]) -> None:
    _, base = hooked
    async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as r:
        assert r.status == 200 and (await r.json())["status"] == "ready"
    [home] = await say(fake, 70_001, "/start")
    card = await click(fake, home, data_of(home, "Cluster"))
    members = await click(fake, card, data_of(card, "Members"))
    meetings = await click(fake, members, data_of(members, "Meetings"))
    back = await click(fake, meetings, data_of(meetings, "Back"))
    home_again = await click(fake, back, data_of(back, "Home"))
    project = await click(fake, home_again, data_of(home_again, "LM.0024"))
    budget = await click(fake, project, data_of(project, "Budget"))
    assert "Budget" in budget["text"] or "budget" in budget["text"]
    assert all(status == 200 for status, _ in fake.webhook_log)


async def test_webhook_faults(
    fake: FakeBotApi, hooked: tuple[Any, str], holder: AssistantHolder
) -> None:
    fake.fault("sendMessage", "429", times=1, retry_after=1)
    fake.fault("sendMessage", "5xx", times=2, status=500)
    await burst(fake, holder, chats=3, per_chat=3)


async def test_webhook_refuses_a_wrong_secret(fake: FakeBotApi, hooked: tuple[Any, str]) -> None:
    _, base = hooked
    update = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 80_001, "type": "private", "first_name": "X"},
            "text": "/start",
        },
    }
    assert await fake.post_update(f"{base}/telegram", update, "wrong-secret") == 403
    assert await fake.post_update(f"{base}/telegram", update, None) == 403
    await settle(fake)
    assert fake.bot_messages(80_001) == []
    assert html.escape("x") == "x"
