"""Delivery at scale: memory after 100,000 chats, and one replica vs two on Redis.

Real ``migbot run`` processes against the strict fake Bot API server (in a process of its
own), a real ``redis-server`` started here on 127.0.0.1:

- **memory**: resident set size of a polling bot after 100,000 chats have each asked a
  question (each leaves a follow-up context behind): chat state in memory (bounded by
  ``MIGBOT_CHATS_IN_MEMORY``, default 10,000) and in Redis;
- **updates/s**: a burst of updates from many chats through the webhook, answered by one
  replica (state in memory) and by two replicas sharing Redis, in the same run.

Flood limits are off (the fake server is not Telegram): the figures are capacity.

    python -m benchmarks.delivery [--chats 100000] [--burst 4000] [--burst-chats 400]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.e2e import TOKEN, Remote, _fake_process, _free_port

SECRET = "bench-secret"
QUESTION = ["who are the members of the Cluster Process?"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@asynccontextmanager
async def fake_server() -> AsyncIterator[tuple[Remote, int]]:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_fake_process, args=(child, False), daemon=True)
    process.start()
    port = parent.recv()
    async with aiohttp.ClientSession() as session:
        try:
            yield Remote(port, session), port
        finally:
            parent.send("stop")
            process.join(10)


@asynccontextmanager
async def redis_server() -> AsyncIterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not installed (Debian package redis-server)")
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp],
            stdout=subprocess.DEVNULL,
        )
        try:
            await wait_port(port)
            yield f"redis://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(10)


async def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


def start_bot(fake: Remote, state: Path, **extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIGBOT_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        MIGBOT_RATE_OVERALL="0",
        MIGBOT_RATE_GROUP="0",
        MIGBOT_RATE_CHAT="0",
        MIGBOT_STATE_DIR=str(state),
        MIGBOT_INBOX="off",
        **extra,
    )
    return subprocess.Popen(
        [sys.executable, "-m", "migbot.cli", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def until_sent(fake: Remote, count: int, seconds: float = 900) -> float:
    deadline = time.monotonic() + seconds
    while (await fake("count"))["sent"] < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"fewer than {count} answers after {seconds}s")
        await asyncio.sleep(0.2)
    return time.perf_counter()


async def memory(chats: int, redis: str | None, tmp: Path) -> tuple[float, float]:
    """RSS (MB) of a polling bot once started, and after ``chats`` chats asked once each."""
    async with fake_server() as (fake, _):
        extra = {"MIGBOT_REDIS_URL": redis} if redis else {}
        bot = start_bot(fake, tmp / f"mem-{bool(redis)}", **extra)
        try:
            await fake("burst", base=1_000_000, chats=1, per_chat=1, texts=QUESTION)
            await until_sent(fake, 1, 120)
            before = rss_mb(bot.pid)
            done = 0
            while done < chats:  # in slices: the fake server holds what it was sent
                step = min(20_000, chats - done)
                await fake("burst", base=2_000_000 + done, chats=step, per_chat=1, texts=QUESTION)
                done += step
                await until_sent(fake, 1 + done)
            return before, rss_mb(bot.pid)
        finally:
            bot.terminate()
            bot.wait(30)


async def throughput(replicas: int, redis: str | None, burst: int, chats: int, tmp: Path) -> float:
    """Updates/s of ``replicas`` webhook replicas answering a burst from ``chats`` chats."""
    async with fake_server() as (fake, _):
        ports = [_free_port() for _ in range(replicas)]
        await fake("spread", urls=[f"http://127.0.0.1:{p}/telegram" for p in ports])
        bots = []
        for i, port in enumerate(ports):
            extra = {
                "MIGBOT_WEBHOOK_URL": "https://bot.example.org/telegram",
                "MIGBOT_WEBHOOK_LISTEN": "127.0.0.1",
                "MIGBOT_WEBHOOK_PORT": str(port),
                "MIGBOT_WEBHOOK_SECRET": SECRET,
            }
            if redis:
                extra["MIGBOT_REDIS_URL"] = redis
            bots.append(start_bot(fake, tmp / f"tp-{replicas}-{i}", **extra))
        try:
            for port in ports:
                await wait_port(port)
            await fake("burst", base=3_000_000, chats=chats, per_chat=1, texts=QUESTION)
            await until_sent(fake, chats, 120)  # warm: every replica has answered
            per_chat = max(1, burst // chats)
            t0 = time.perf_counter()
            await fake("burst", base=4_000_000, chats=chats, per_chat=per_chat, texts=QUESTION)
            t1 = await until_sent(fake, chats + chats * per_chat)
            return chats * per_chat / (t1 - t0)
        finally:
            for bot in bots:
                bot.terminate()
            for bot in bots:
                bot.wait(30)


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        async with redis_server() as redis:
            results["memory, in memory"] = await memory(args.chats, None, Path(tmp))
            # A database per run: each fake server counts update ids from 1 again.
            results["memory, Redis"] = await memory(args.chats, f"{redis}/1", Path(tmp))
            results["updates/s, 1 replica in memory"] = await throughput(
                1, None, args.burst, args.burst_chats, Path(tmp)
            )
            results["updates/s, 2 replicas on Redis"] = await throughput(
                2, f"{redis}/2", args.burst, args.burst_chats, Path(tmp)
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--burst", type=int, default=4000)
    parser.add_argument("--burst-chats", type=int, default=400)
    args = parser.parse_args(argv)
    results = asyncio.run(main_async(args))
    for name, value in results.items():
        if isinstance(value, tuple):
            print(f"{name}: RSS {value[0]:.0f} MB at start, {value[1]:.0f} MB after {args.chats}")
        else:
            print(f"{name}: {value:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
