"""Two ``migbot run`` webhook replicas sharing a real Redis and PostgreSQL.

The fake server spreads updates over both as a load balancer in front of Telegram's webhook
would (chats side by side, each chat in order), and enforces Telegram's flood limits.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from conftest import SECRET, make_settings
from runproc import answered, assert_each_answered_once, lost_and_twice, send_burst, start
from test_run_process import free_port
from tgfake import FakeBotApi
from tgfake.driver import say, settle

from migbot.ops import inbox as inbox_mod
from migbot.ops.holder import AssistantHolder
from migbot.telegram.app import build_application, running
from migbot.telegram.handlers import HOLDER
from migbot.telegram.webhook import WebhookServer

LIMITS = (100, 5, 20)  # messages a second overall, a second per chat, a minute per group
OUT_OF_SCOPE = [
    "How do I renew my passport in Lisbon?",
    "what is the weather in Tbilisi tomorrow",
    "recipe for apple pie",
    "How do I renew my passport in Lisbon",
]


def in_chat(update: dict[str, Any], chat: int) -> bool:
    return bool(update.get("message", {}).get("chat", {}).get("id") == chat)


async def healthy(port: int) -> None:
    deadline = time.monotonic() + 60
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            assert time.monotonic() < deadline, f"replica on {port} never became ready"
            await asyncio.sleep(0.1)


async def test_two_replicas_share_context_inbox_flood_budget_and_survive_a_kill(
    fake: FakeBotApi,
    holder: AssistantHolder,
    tmp_path: Path,
    redis_url: str,
    database_url: str,
) -> None:
    ports = [free_port(), free_port()]
    fake.spread = [f"http://127.0.0.1:{port}/telegram" for port in ports]
    fake.flood = LIMITS

    def env(i: int) -> dict[str, str]:
        return {
            "MIGBOT_WEBHOOK_URL": "https://bot.example.org/telegram",  # the proxy's address
            "MIGBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "MIGBOT_WEBHOOK_PORT": str(ports[i]),
            "MIGBOT_WEBHOOK_SECRET": SECRET,
            "MIGBOT_REDIS_URL": redis_url,
            "MIGBOT_DATABASE_URL": database_url,
            "MIGBOT_INBOX_KEY": "one key for every replica",
            "MIGBOT_RATE_OVERALL": str(LIMITS[0]),
            "MIGBOT_RATE_CHAT": str(LIMITS[1]),
            "MIGBOT_RATE_GROUP": str(LIMITS[2]),
            "MIGBOT_STATE_DIR": str(tmp_path / f"state{i}"),
        }

    logs = [tmp_path / "replica0.log", tmp_path / "replica1.log"]
    replicas = [await start(fake, tmp_path, logs[i], **env(i)) for i in (0, 1)]
    try:
        await asyncio.gather(*(healthy(port) for port in ports))

        # A question on one replica, its follow-up on the other: the context is shared.
        chat = 510_001
        [answer] = await say(fake, chat, "who are the members of the Cluster Process?")
        [follow] = await say(fake, chat, "and when did it meet?")
        assert "Georgia" in answer["text"]
        assert "Cluster" in follow["text"] or "meet" in follow["text"].lower()
        first, second = [
            u["update_id"] for code, u in fake.webhook_log if code == 200 and in_chat(u, chat)
        ]
        assert fake.webhook_target[first] != fake.webhook_target[second]

        # Unanswerable questions reach both replicas; both land in the one inbox.
        asked = {}
        for i, question in enumerate(OUT_OF_SCOPE):
            before = max(fake.webhook_target)
            await say(fake, 520_000 + i, question)
            asked[question] = {fake.webhook_target[u] for u in fake.webhook_target if u > before}
        assert len(set().union(*asked.values())) == 2

        # 1,000 updates from 200 chats; one replica killed and restarted midway.
        sent = send_burst(fake, sorted(holder.current.kb.records), chats=200, per_chat=5)
        await fake.wait_for(lambda: answered(fake, sent) >= 300, timeout=120)
        replicas[0].kill()
        await replicas[0].wait()
        at_kill = answered(fake, sent)
        await fake.wait_for(lambda: answered(fake, sent) >= at_kill + 200, timeout=120)
        replicas[0] = await start(fake, tmp_path, logs[0], **env(0))
        await healthy(ports[0])
        await fake.wait_for(lambda: answered(fake, sent) >= 1000, timeout=180)
        await settle(fake)
        lost, twice = lost_and_twice(fake, holder, sent)
        print(f"\nrecovery two replicas, one kill -9 after {at_kill}: lost {lost}, twice {twice}")
        assert_each_answered_once(fake, holder, sent)
        assert fake.flood_violations == 0, fake.flood_log
        served = {fake.webhook_target[u] for u in fake.webhook_target}
        assert served == set(fake.spread)
    finally:
        for process in replicas:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        codes = [await asyncio.wait_for(p.wait(), 60) for p in replicas]
    assert codes[1] == 0 and codes[0] == 0
    for log in logs:
        assert "Traceback" not in log.read_text(errors="replace")

    report = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "migbot.cli",
        "report",
        env={**os.environ, "MIGBOT_DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await report.communicate()
    assert report.returncode == 0, err.decode()
    text = out.decode()
    assert text.startswith(f"{len(OUT_OF_SCOPE)} unanswered questions"), text
    for question in ("passport", "weather", "apple pie"):
        assert question in text


async def test_healthz_is_not_ready_while_redis_or_postgresql_is_unreachable(
    fake: FakeBotApi, holder: AssistantHolder, tmp_path: Path, redis_url: str, database_url: str
) -> None:
    dead_port = free_port()
    cases = [
        (redis_url, database_url, 200, "ready"),
        (f"redis://127.0.0.1:{dead_port}/0", database_url, 503, "unreachable: redis"),
        (
            redis_url,
            f"postgresql://postgres@127.0.0.1:{dead_port}/x",
            503,
            "unreachable: postgresql",
        ),
    ]
    for redis, database, code, status in cases:
        settings = make_settings(
            fake,
            tmp_path,
            webhook_url="http://127.0.0.1/telegram",
            webhook_secret=SECRET,
            redis_url=redis,
            database_url=database,
            inbox=str(tmp_path / "unused.sqlite3"),
        )
        application = build_application(settings, AssistantHolder(holder.current))
        async with running(application, poll=False):
            server = WebhookServer(application, settings, SECRET)
            port = server.start(port=0, address="127.0.0.1")
            try:
                async with (
                    aiohttp.ClientSession() as session,
                    session.get(f"http://127.0.0.1:{port}/healthz") as r,
                ):
                    assert (r.status, (await r.json())["status"]) == (code, status)
            finally:
                await server.stop()
        inbox = inbox_mod.attached(application.bot_data[HOLDER])
        assert inbox is not None
        inbox.close()
