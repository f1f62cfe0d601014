"""The token reaches no output of a real `migbot run`: refused (401), echoed back in any
case in error descriptions, or with the Bot API out of reach; start-up failures are one line."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from conftest import TOKEN
from tgfake import FakeBotApi

from migbot.telegram import logsafe

SECRET_PART = TOKEN.split(":")[1]


def leaks(text: str) -> list[str]:
    """Every form of the token found in ``text``, whatever the case."""
    folded = text.casefold()
    return [form for form in (TOKEN, SECRET_PART) if form.casefold() in folded]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again on return: connections are refused


def run_env(tmp_path: Path, base_url: str, token: str = TOKEN, **extra: str) -> dict[str, str]:
    # The state dir stays the test's own (conftest): the delivery journal remembers update ids.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MIGBOT_", "TELEGRAM_")) or k == "MIGBOT_STATE_DIR"
    }
    env.pop("BOT_TOKEN", None)
    return env | {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "MIGBOT_RATE_OVERALL": "0",
        "MIGBOT_RATE_GROUP": "0",
        "MIGBOT_INBOX": str(tmp_path / "inbox.sqlite3"),
        **extra,
    }


async def migbot_run(tmp_path: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "migbot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def test_scrub_ignores_case_and_url_encoding() -> None:
    logsafe.protect(TOKEN)
    for text in (
        f"https://api.example/bot{TOKEN}/getMe",
        f"HTTPS://API.EXAMPLE/BOT{TOKEN.upper()}/GETME",
        f"http://x/bot{TOKEN.lower()}/sendmessage",
        f"bot{TOKEN.replace(':', '%3A')}/x and {TOKEN.replace(':', '%3a').lower()}",
        f"the secret alone: {SECRET_PART.swapcase()}",
    ):
        scrubbed = logsafe.scrub(text)
        assert not leaks(scrubbed), scrubbed
        assert logsafe.MASK in scrubbed


async def test_refused_token_is_one_line_naming_the_setting_and_host(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    wrong = "42424242:WRONG-token-of-someone"
    process = await migbot_run(tmp_path, run_env(tmp_path, fake.base_url, token=wrong))
    out, err = await asyncio.wait_for(process.communicate(), 60)
    text = err.decode()
    assert process.returncode == 2, text
    assert out == b"" and len(text.splitlines()) == 1, text
    assert "TELEGRAM_BOT_TOKEN" in text and f"127.0.0.1:{fake.port}" in text
    assert wrong not in text and wrong.split(":")[1].casefold() not in text.casefold()


async def test_unreachable_api_retries_for_the_stated_time_then_one_line(tmp_path: Path) -> None:
    port = closed_port()
    env = run_env(tmp_path, f"http://127.0.0.1:{port}/bot", MIGBOT_STARTUP_TIMEOUT="1.5")
    process = await migbot_run(tmp_path, env)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    text = err.decode()
    assert process.returncode == 1, text
    assert out == b"" and len(text.splitlines()) == 1, text
    assert f"127.0.0.1:{port}" in text and "TELEGRAM_API_BASE_URL" in text
    assert "tried for 1.5 s" in text and "MIGBOT_STARTUP_TIMEOUT" in text
    assert not leaks(text)


@pytest.mark.parametrize("case", ["upper", "lower"])
async def test_token_echoed_in_error_descriptions_never_printed(
    fake: FakeBotApi, tmp_path: Path, case: str
) -> None:
    # DEBUG: every logger speaks; the reply fails with the URL in its description, then the
    # error handler's apology gets through.
    env = run_env(tmp_path, fake.base_url, MIGBOT_LOG_LEVEL="DEBUG")
    process = await migbot_run(tmp_path, env)
    try:
        fake.fault("sendMessage", "echo", times=1, status=400, case=case, chat_id=4001)
        fake.send(4001, "/start")
        # Wait for the apology itself: chats are handled side by side, so a later chat's
        # answer (what ``say`` waits for) may come while this one is still failing.
        await fake.wait_for(
            lambda: any("went wrong" in m["text"] for m in fake.bot_messages(4001)), timeout=60
        )
        echoed = [c for c in fake.calls if "cannot serve" in c.description.lower()]
        assert not echoed  # the fault answers before the call is recorded
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    output = (out + err).decode()
    assert process.returncode == 0, output[-2000:]
    assert "sendMessage".casefold() in output.casefold()  # the failure was logged...
    assert logsafe.MASK in output  # ...with the token masked
    assert not leaks(output), [line for line in output.splitlines() if leaks(line)][:3]
