"""``migbot run`` as a real process against the fake Bot API, and burst bookkeeping."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from conftest import TOKEN
from tgfake import FakeBotApi
from tgfake.tghtml import parse

from migbot.answers.reply import Action
from migbot.ops.holder import AssistantHolder
from migbot.telegram import render


async def start(
    fake: FakeBotApi, tmp_path: Path, log: Path, **extra: str
) -> asyncio.subprocess.Process:
    """``migbot run`` with its state in ``tmp_path/state``; returns once it calls the API."""
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith(("MIGBOT_", "TELEGRAM_")) or k == "MIGBOT_STATE_DIR")
        and k != "BOT_TOKEN"
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        MIGBOT_RATE_OVERALL="0",
        MIGBOT_RATE_GROUP="0",
        MIGBOT_STATE_DIR=str(tmp_path / "state"),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    calls = len(fake.calls)
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "migbot.cli",
            "run",
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=out,
        )
    await fake.wait_for(lambda: len(fake.calls) > calls, timeout=60)
    return process


def send_burst(
    fake: FakeBotApi, ids: list[str], chats: int, per_chat: int, base: int = 300_000
) -> dict[int, list[str]]:
    """``chats × per_chat`` deep links, interleaved across chats; what each chat asked."""
    sent: dict[int, list[str]] = {}
    for i in range(per_chat):
        for c in range(chats):
            chat = base + c
            rid = ids[(c * 7 + i) % len(ids)]
            sent.setdefault(chat, []).append(rid)
            fake.send(chat, f"/start {rid}")
    return sent


def answered(fake: FakeBotApi, sent: dict[int, list[str]]) -> int:
    return sum(len(fake.bot_messages(chat)) for chat in sent)


def card_text(holder: AssistantHolder, record_id: str) -> str:
    reply = holder.current.press(Action(kind="open", entity=record_id))
    return parse(render.split_html(reply.html)[0]).strip()


def lost_and_twice(
    fake: FakeBotApi, holder: AssistantHolder, sent: dict[int, list[str]]
) -> tuple[int, int]:
    """Answers missing and answers repeated, over every chat of ``sent``."""
    lost = twice = 0
    for chat, rids in sent.items():
        want = [card_text(holder, rid) for rid in rids]
        got = [m["text"] for m in fake.bot_messages(chat)]
        for text in set(want) | set(got):
            lost += max(0, want.count(text) - got.count(text))
            twice += max(0, got.count(text) - want.count(text))
    return lost, twice


def assert_each_answered_once(
    fake: FakeBotApi, holder: AssistantHolder, sent: dict[int, list[str]]
) -> None:
    assert lost_and_twice(fake, holder, sent) == (0, 0)
    for chat, rids in sent.items():
        got = [m["text"] for m in fake.bot_messages(chat)]
        assert got == [card_text(holder, rid) for rid in rids], chat  # and in order
