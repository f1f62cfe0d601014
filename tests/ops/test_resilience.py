"""Resilience through the strict fake Bot API server (tests/telegram/tgfake).

- Graceful shutdown: the real ``migbot run`` process gets SIGTERM in the middle of a burst;
  it finishes what it has fetched and exits 0; a restarted process answers the rest. Every
  update of the burst is answered exactly once, in order per chat. Its log never shows the
  token.
- Sustained faults: every API method fails (429 with retry_after, 5xx, dropped connections)
  for a while; the bot survives and answers every update once after the server recovers.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from migbot.answers.reply import Action
from migbot.ops.holder import AssistantHolder

# The Telegram tests' fixtures (fake server, real application), loaded under their own name
# so that this folder's conftest keeps its own.
_TG = Path(__file__).resolve().parent.parent / "telegram"
_spec = importlib.util.spec_from_file_location("telegram_conftest", _TG / "conftest.py")
assert _spec is not None and _spec.loader is not None
tg = importlib.util.module_from_spec(_spec)
sys.modules["telegram_conftest"] = tg
_spec.loader.exec_module(tg)

from tgfake import FakeBotApi  # noqa: E402
from tgfake.driver import settle  # noqa: E402
from tgfake.tghtml import parse  # noqa: E402

from migbot.telegram import render  # noqa: E402

spec, fake, assistant, holder, bot, no_token_in_logs = (
    tg.spec,
    tg.fake,
    tg.assistant,
    tg.holder,
    tg.bot,
    tg.no_token_in_logs,
)
TOKEN: str = tg.TOKEN
MEASURED: dict[str, float] = {}


def card_text(holder: AssistantHolder, record_id: str) -> str:
    reply = holder.current.press(Action(kind="open", entity=record_id))
    return parse(render.split_html(reply.html)[0]).strip()


def send_burst(
    fake: FakeBotApi, ids: list[str], chats: int, per_chat: int, base: int = 70_000
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


def answered(fake: FakeBotApi, chats: dict[int, list[str]]) -> int:
    return sum(len(fake.bot_messages(chat)) for chat in chats)


def assert_each_answered_once(
    fake: FakeBotApi, holder: AssistantHolder, sent: dict[int, list[str]]
) -> None:
    for chat, rids in sent.items():
        got = [m["text"] for m in fake.bot_messages(chat)]
        assert got == [card_text(holder, rid) for rid in rids], chat


# --- graceful shutdown of the real process ---------------------------------------------------


async def start_process(fake: FakeBotApi, tmp_path: Path, log: Path) -> asyncio.subprocess.Process:
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
        MIGBOT_INBOX=str(tmp_path / "inbox.sqlite3"),
        MIGBOT_STATE_DIR=str(tmp_path / "state"),
        PYTHONUNBUFFERED="1",
    )
    polls = len(fake.calls_of("getUpdates"))
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
    # Ready once it polls for updates.
    await fake.wait_for(lambda: len(fake.calls_of("getUpdates")) > polls, timeout=60)
    return process


async def test_sigterm_mid_burst_loses_and_repeats_nothing(
    fake: FakeBotApi, holder: AssistantHolder, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    ids = sorted(holder.current.kb.records)
    # Slow answers, so the burst is still going when SIGTERM arrives.
    slow = fake.fault("sendMessage", "slow", times=10**6, delay=0.01)
    first = await start_process(fake, tmp_path, log)
    sent = send_burst(fake, ids, chats=20, per_chat=10)
    await fake.wait_for(lambda: answered(fake, sent) >= 20, timeout=60)

    at_term = answered(fake, sent)
    t0 = time.perf_counter()
    first.send_signal(signal.SIGTERM)
    # Updates keep arriving while the bot shuts down.
    late = send_burst(fake, ids[::-1], chats=20, per_chat=5)
    for chat, rids in late.items():
        sent[chat] += rids
    total = sum(len(r) for r in sent.values())
    assert await asyncio.wait_for(first.wait(), 60) == 0
    shutdown = time.perf_counter() - t0
    by_first = answered(fake, sent)
    # What the first process took from Telegram (confirmed via offset), it answered: the
    # updates in flight at SIGTERM were finished, none was dropped half-way.
    pending = len(fake.updates)
    assert by_first + pending == total
    assert at_term < by_first

    slow.times = 0
    t1 = time.perf_counter()
    second = await start_process(fake, tmp_path, log)
    try:
        await fake.wait_for(lambda: answered(fake, sent) >= total, timeout=120)
        restart = time.perf_counter() - t1
        await settle(fake)  # nothing more arrives afterwards
        assert_each_answered_once(fake, holder, sent)
    finally:
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 60) == 0

    text = log.read_text(errors="replace")
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert "Traceback" not in text
    MEASURED.update(
        burst=total,
        answered_before_sigterm=at_term,
        finished_after_sigterm=by_first - at_term,
        shutdown_seconds=shutdown,
        restart_to_all_answered_seconds=restart,
    )
    print(f"\nresilience: graceful shutdown {MEASURED}")


# --- sustained faults ---------------------------------------------------------------------


@pytest.fixture
async def faulty_bot(
    fake: FakeBotApi, holder: AssistantHolder, tmp_path: Path, no_token_in_logs: None
) -> AsyncIterator[Any]:
    application = tg.attach(fake, tg.build_application(tg.make_settings(fake, tmp_path), holder))
    async with tg.running(application):
        yield application
        fake.release_polls()


def outage(fake: FakeBotApi, method: str, cycles: int) -> list[Any]:
    """Consecutive failures of ``method``: 502, a dropped connection, 429 (retry_after 1)."""
    faults = []
    for _ in range(cycles):
        faults.append(fake.fault(method, "5xx", times=1, status=502))
        faults.append(fake.fault(method, "drop", times=1))
        faults.append(fake.fault(method, "429", times=1, retry_after=1))
    return faults


async def test_sustained_receive_outage_then_recovery(
    fake: FakeBotApi, faulty_bot: Any, holder: AssistantHolder
) -> None:
    """Every call fails for a while (the bot can fetch nothing); then all is answered once."""
    ids = sorted(holder.current.kb.records)
    before = send_burst(fake, ids, chats=5, per_chat=2, base=80_000)
    await fake.wait_for(lambda: answered(fake, before) == 10, timeout=60)

    faults = outage(fake, "*", cycles=4)
    start = time.perf_counter()
    sent = send_burst(fake, ids, chats=10, per_chat=5)
    total = sum(len(r) for r in sent.values())
    await fake.wait_for(lambda: all(f.times == 0 for f in faults), timeout=120)
    recovered = time.perf_counter()
    await fake.wait_for(lambda: answered(fake, sent) >= total, timeout=120)
    done = time.perf_counter()
    await settle(fake)
    assert_each_answered_once(fake, holder, sent)
    assert_each_answered_once(fake, holder, before)
    MEASURED.update(
        receive_outage_seconds=recovered - start,
        receive_outage_failed_calls=len(faults),
        receive_recovery_to_all_answered_seconds=done - recovered,
        receive_updates=total,
    )
    print(f"\nresilience: receive outage {MEASURED}")


async def test_sustained_send_outage_then_recovery(
    fake: FakeBotApi, faulty_bot: Any, holder: AssistantHolder
) -> None:
    """sendMessage fails many times in a row (seconds); every answer still arrives once."""
    ids = sorted(holder.current.kb.records)
    faults = outage(fake, "sendMessage", cycles=4)
    start = time.perf_counter()
    sent = send_burst(fake, ids, chats=4, per_chat=3)
    total = sum(len(r) for r in sent.values())
    await fake.wait_for(lambda: all(f.times == 0 for f in faults), timeout=120)
    recovered = time.perf_counter()
    await settle(fake)
    done = time.perf_counter()
    MEASURED.update(
        send_outage_seconds=recovered - start,
        send_outage_failed_calls=len(faults),
        send_recovery_to_all_answered_seconds=done - recovered,
        send_updates=total,
        send_answered=answered(fake, sent),
    )
    print(f"\nresilience: send outage {MEASURED}")
    assert_each_answered_once(fake, holder, sent)
