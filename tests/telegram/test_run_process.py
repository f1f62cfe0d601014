"""`migbot run` as a process: polling and webhook mode, /healthz, SIGTERM, no token in output."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from conftest import SECRET, TOKEN
from tgfake import FakeBotApi
from tgfake.driver import say


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_migbot_run_answers_and_stops_cleanly(
    fake: FakeBotApi, tmp_path: Path, mode: str
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "MIGBOT_RATE_OVERALL": "0",
        "MIGBOT_RATE_GROUP": "0",
        "MIGBOT_INBOX": str(tmp_path / "inbox.sqlite3"),
    }
    port = free_port()
    if mode == "webhook":
        env |= {
            "MIGBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "MIGBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "MIGBOT_WEBHOOK_PORT": str(port),
            "MIGBOT_WEBHOOK_SECRET": SECRET,
        }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "migbot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        if mode == "webhook":
            await fake.wait_for(lambda: fake.webhook is not None, timeout=60)
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"http://127.0.0.1:{port}/healthz") as r,
            ):
                assert r.status == 200 and (await r.json())["status"] == "ready"
        [home] = await say(fake, 4001, "/start")
        assert "Dialogues" in str(home["reply_markup"])
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()[-2000:]
    output = (out + err).decode()
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert fake.calls_of("setMyCommands")
