"""Fixtures: the strict fake Bot API server and the real migbot Application pointed at it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from tgfake import SPEC_PATH, FakeBotApi, Spec

from migbot.assistant import Assistant
from migbot.ops.holder import AssistantHolder
from migbot.telegram.app import build_application, running
from migbot.telegram.settings import Settings
from migbot.telegram.webhook import WebhookServer

TOKEN = "123456:TEST-token-not-real"
SECRET = "hook-secret_123"


@pytest.fixture(scope="session")
def spec() -> Spec | None:
    return Spec.load()


@pytest.fixture
def need_spec(spec: Spec | None) -> Spec:
    if spec is None:
        pytest.skip(f"Bot API specification not found at {SPEC_PATH}")
    return spec


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()


@pytest.fixture
def holder(assistant: Assistant) -> AssistantHolder:
    return AssistantHolder(assistant)


@pytest.fixture
async def fake(spec: Spec | None) -> AsyncIterator[FakeBotApi]:
    server = await FakeBotApi(TOKEN, spec=spec).start()
    try:
        yield server
    finally:
        await server.stop()


def make_settings(fake: FakeBotApi, tmp_path: Path, **extra: Any) -> Settings:
    # Flood limits off: Telegram's 30 msg/s would turn the load test into minutes of
    # waiting. 429s from the fake are still waited out, as in production.
    values: dict[str, Any] = {
        "token": TOKEN,
        "api_base_url": fake.base_url,
        "rate_overall_per_second": 0,
        "rate_group_per_minute": 0,
        "inbox": str(tmp_path / "inbox.sqlite3"),
        "state_dir": str(tmp_path / "state"),
        "admins": [],
    }
    values.update(extra)
    return Settings.of(**values)


def attach(fake: FakeBotApi, application: Any) -> Any:
    """Let ``settle`` wait until ``application`` handles no update (see ``bot_idle``)."""
    fake.bot_idle = application.update_processor.idle
    return application


@pytest.fixture
def no_token_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert TOKEN not in text and TOKEN.split(":")[1] not in text, record.name


@pytest.fixture
async def bot(
    fake: FakeBotApi, holder: AssistantHolder, tmp_path: Path, no_token_in_logs: None
) -> AsyncIterator[Any]:
    application = attach(fake, build_application(make_settings(fake, tmp_path), holder))
    async with running(application):
        yield application
        fake.release_polls()


@pytest.fixture
async def hooked(
    fake: FakeBotApi, holder: AssistantHolder, tmp_path: Path, no_token_in_logs: None
) -> AsyncIterator[tuple[Any, str]]:
    """The bot in webhook mode: (application, base URL of its webhook server)."""
    settings = make_settings(
        fake, tmp_path, webhook_url="http://127.0.0.1/telegram", webhook_secret=SECRET
    )
    application = attach(fake, build_application(settings, holder))
    async with running(application, poll=False):
        server = WebhookServer(application, settings, SECRET)
        port = server.start(port=0, address="127.0.0.1")
        base = f"http://127.0.0.1:{port}"
        await application.bot.set_webhook(f"{base}/telegram", secret_token=SECRET)
        try:
            yield application, base
        finally:
            await server.stop()
