"""End to end: updates/s and update→reply latency through the strict fake Bot API server.

migbot (the real Application, bundled knowledge) and a bare python-telegram-bot echo bot run
in the same harness, by long polling and by webhook, one after the other, each against a
fresh fake server on 127.0.0.1 that checks every request against ``api.json``:

- **updates/s**: a burst of updates from many chats is made available at once; the figure is
  the number of updates over the time from the burst to the last reply.
- **p50/p99 latency**: one update at a time (closed loop): from the moment the update is
  available on the fake server to the moment the bot's reply arrives there.

    python -m benchmarks.e2e [--burst 600] [--chats 60] [--latency 200]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "telegram"))

from tgfake import FakeBotApi, Spec  # noqa: E402

from migbot.ops.holder import AssistantHolder  # noqa: E402
from migbot.telegram.app import build_application, running  # noqa: E402
from migbot.telegram.settings import Settings  # noqa: E402
from migbot.telegram.webhook import WebhookServer  # noqa: E402

TOKEN = "123456:BENCH-token-not-real"
SECRET = "bench-secret"
QUESTIONS = [
    "budget of LM.0024",
    "/start lm-0024",
    "who are the members of the Cluster Process?",
    "/dialogues",
    "when did the Cluster Process meet?",
    "/menu",
]
AnyApp = Application[Any, Any, Any, Any, Any, Any]


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text, do_quote=False)


def echo_bot(fake: FakeBotApi) -> AnyApp:
    application = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def migbot_bot(fake: FakeBotApi, holder: AssistantHolder, inbox: str) -> AnyApp:
    settings = Settings.model_validate(
        {
            "token": TOKEN,
            "api_base_url": fake.base_url,
            "rate_overall_per_second": 0,  # the fake server, not Telegram: no flood limits
            "rate_group_per_minute": 0,
            "inbox": inbox,
        }
    )
    return build_application(settings, holder)


@asynccontextmanager
async def serve(application: AnyApp, mode: str, echo_only: bool) -> AsyncIterator[None]:
    """Run ``application`` by polling or webhook (PTB's own webhook server for the echo bot)."""
    if mode == "polling":
        async with running(application):
            yield
        return
    if echo_only:
        await application.initialize()
        await application.start()
        assert application.updater is not None
        port = _free_port()
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="telegram",
            webhook_url=f"http://127.0.0.1:{port}/telegram",
            secret_token=SECRET,
        )
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
        return
    settings: Settings = application.bot_data["migbot.settings"]
    async with running(application, poll=False):
        server = WebhookServer(application, settings, SECRET)
        port = server.start(port=0, address="127.0.0.1")
        await application.bot.set_webhook(f"http://127.0.0.1:{port}/telegram", secret_token=SECRET)
        try:
            yield
        finally:
            await server.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def measure(
    make: Callable[[FakeBotApi], AnyApp], mode: str, echo_only: bool, args: argparse.Namespace
) -> dict[str, float]:
    fake = await FakeBotApi(TOKEN, spec=Spec.load()).start()
    try:
        application = make(fake)
        async with serve(application, mode, echo_only):
            await _round(fake, 900_000, 1, 20)  # warm up
            start = time.perf_counter()
            await _round(fake, 100_000, args.chats, args.burst // args.chats)
            seconds = time.perf_counter() - start
            latencies = []
            for i in range(args.latency):
                chat = 500_000 + i % 10
                before = len(fake.bot_messages(chat))
                sent = time.perf_counter()
                fake.send(chat, QUESTIONS[i % len(QUESTIONS)])
                await fake.wait_for(lambda c=chat, b=before: len(fake.bot_messages(c)) > b, 60)
                latencies.append(fake.bot_messages(chat)[before]["_at"] - sent)
            fake.release_polls()
    finally:
        await fake.stop()
    latencies.sort()
    return {
        "updates_per_s": (args.burst // args.chats) * args.chats / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


async def _round(fake: FakeBotApi, base: int, chats: int, per_chat: int) -> None:
    """Every chat sends ``per_chat`` messages at once; wait until each has its reply."""
    expected = {}
    for i in range(per_chat):
        for c in range(chats):
            fake.send(base + c, QUESTIONS[(c + i) % len(QUESTIONS)])
            expected[base + c] = per_chat
    await fake.wait_for(
        lambda: all(len(fake.by_bot.get(c, ())) >= n for c, n in expected.items()), 120
    )


async def main_async(args: argparse.Namespace) -> list[tuple[str, str, dict[str, float]]]:
    holder = AssistantHolder.load()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inbox = os.path.join(tmp, "inbox.sqlite3")
        for mode in ("polling", "webhook"):
            rows.append(("echo (bare PTB)", mode, await measure(echo_bot, mode, True, args)))
            rows.append(
                (
                    "migbot",
                    mode,
                    await measure(lambda f: migbot_bot(f, holder, inbox), mode, False, args),
                )
            )
    return rows


def table(rows: list[tuple[str, str, dict[str, float]]]) -> str:
    lines = [
        "| bot | mode | updates/s | p50 ms | p99 ms | vs echo |",
        "|---|---|---:|---:|---:|---:|",
    ]
    echo_rate = {mode: r["updates_per_s"] for name, mode, r in rows if name.startswith("echo")}
    for name, mode, r in rows:
        ratio = r["updates_per_s"] / echo_rate[mode]
        lines.append(
            f"| {name} | {mode} | {r['updates_per_s']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {ratio:.2f}× |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.e2e", description=__doc__)
    parser.add_argument("--burst", type=int, default=600, help="updates in the burst")
    parser.add_argument("--chats", type=int, default=60, help="chats the burst comes from")
    parser.add_argument("--latency", type=int, default=200, help="closed-loop updates")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    rows = asyncio.run(main_async(args))
    print(table(rows))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\n{args.burst} updates from {args.chats} chats per burst, {args.latency} closed-loop "
        f"updates; {os.cpu_count()} CPUs, load average {load:.2f}; "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
