"""The webhook server refuses on the headers (wrong secret, too large) before reading a body,
answers 400 to JSON that is not an update, and can leave /metrics to a server of its own."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from conftest import SECRET, attach, make_settings
from tgfake import FakeBotApi
from tgfake.driver import say

from migbot.ops.holder import AssistantHolder
from migbot.settings import Settings
from migbot.telegram.app import build_application, running
from migbot.telegram.webhook import MAX_BODY, WebhookServer, ops_server_of

HUGE = 200 * 1024 * 1024


async def exchange(base: str, head: str, body: bytes = b"") -> tuple[bytes, bytes]:
    """Send raw request headers (and ``body``); (status line, what followed until close)."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head.encode() + body)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 30)
        rest = await asyncio.wait_for(reader.read(), 30)  # until the server closes
        return status, rest
    except ConnectionResetError:  # closed by the server without an answer
        return b"", b""
    finally:
        writer.close()


def headers(length: int, secret: str) -> str:
    return (
        "POST /telegram HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\n\r\n"
    )


async def test_refused_on_headers_before_any_body_byte(
    fake: FakeBotApi, hooked: tuple[Any, str]
) -> None:
    _, base = hooked
    # Only the headers are sent: the answer comes, and the connection closes, without the
    # server waiting for (or buffering) the 200 MB announced.
    status, _ = await exchange(base, headers(HUGE, SECRET))
    assert status.startswith(b"HTTP/1.1 413")
    status, _ = await exchange(base, headers(HUGE, "wrong-secret"))
    assert status.startswith(b"HTTP/1.1 403")
    status, _ = await exchange(base, headers(10, "wrong-secret"))
    assert status.startswith(b"HTTP/1.1 403")


async def test_a_chunked_body_past_the_limit_is_cut_off(
    fake: FakeBotApi, hooked: tuple[Any, str]
) -> None:
    _, base = hooked
    head = (
        "POST /telegram HTTP/1.1\r\nHost: bot\r\nTransfer-Encoding: chunked\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n\r\n"
    )
    chunk = b"x" * (MAX_BODY // 4)
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(6)) + b"0\r\n\r\n"
    status, _ = await exchange(base, head, body)
    assert status == b""  # the connection is closed once the limit is passed


UPDATE = {
    "update_id": 5,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 81_001, "type": "private", "first_name": "X"},
        "text": "/start",
    },
}


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"42",
        b'"update"',
        b"null",
        b"{}",
        b"not json",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"update_id": 1, "message": ' + b"[" * 500 + b"]" * 500 + b"}",  # parses, too deep
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b'{"update_id": 1, "message": 5}',
        b'{"update_id": 1, "message": {"chat": "x"}}',
        b'{"update_id": 1, "callback_query": []}',
    ],
    ids=lambda body: body[:24].decode(errors="replace"),
)
async def test_json_that_is_not_an_update_gets_400(
    fake: FakeBotApi, hooked: tuple[Any, str], body: bytes
) -> None:
    _, base = hooked
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{base}/telegram",
            data=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        ) as response,
    ):
        assert response.status == 400, await response.text()


async def test_an_update_still_gets_200(fake: FakeBotApi, hooked: tuple[Any, str]) -> None:
    _, base = hooked
    fake.chat(81_001)
    assert await fake.post_update(f"{base}/telegram", UPDATE, SECRET) == 200
    await fake.wait_for(lambda: bool(fake.bot_messages(81_001)))


def test_servers_listen_on_loopback_by_default() -> None:
    settings = Settings.of()
    assert settings.webhook_listen == "127.0.0.1" and settings.metrics_listen == "127.0.0.1"


async def test_metrics_on_a_server_of_its_own(
    fake: FakeBotApi, holder: AssistantHolder, tmp_path: Path
) -> None:
    settings = make_settings(
        fake,
        tmp_path,
        webhook_url="http://127.0.0.1/telegram",
        webhook_secret=SECRET,
        metrics_port=0,
    )
    application = attach(fake, build_application(settings, holder))
    async with running(application, poll=False):
        server = WebhookServer(application, settings, SECRET)
        port = server.start(port=0, address="127.0.0.1")
        ops = ops_server_of(application, settings)
        assert ops is not None
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/metrics") as r:
                    assert r.status == 404  # not beside the webhook
                async with session.get(f"http://127.0.0.1:{ops.port}/metrics") as r:
                    assert r.status == 200 and "migbot_" in await r.text()
        finally:
            await ops.stop()
            await server.stop()
        fake.release_polls()


async def test_polling_bot_serves_metrics_on_its_own_port(fake: FakeBotApi, tmp_path: Path) -> None:
    """`migbot run` by long polling, MIGBOT_METRICS_PORT set: /metrics over HTTP."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The state dir stays the test's own (conftest): the delivery journal remembers update ids.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MIGBOT_", "TELEGRAM_")) or k == "MIGBOT_STATE_DIR"
    }
    env |= {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "MIGBOT_INBOX": str(tmp_path / "inbox.sqlite3"),
        "MIGBOT_METRICS_PORT": str(port),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "migbot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        [home] = await say(fake, 4101, "budget of LM.0024")
        assert "64,240" in home["text"]
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/metrics") as r,
        ):
            assert r.status == 200
            assert 'migbot_questions_total{intent="budget"}' in await r.text()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()[-2000:]
