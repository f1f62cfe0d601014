"""The application factory: ``build_application(settings, holder) -> Application``.

Everything the bot does is wired here once, for polling and webhook alike; the ops hook
``admin.register`` runs last so it can add admin commands, observers and webhook routes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from migbot.ops.holder import AssistantHolder
from migbot.settings import Settings
from migbot.telegram import admin, handlers, inline, logsafe, words
from migbot.telegram.jsonrequest import JsonRequest
from migbot.telegram.ordering import ChatOrderedProcessor

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]

# Extra routes of the webhook server: a list of (path regex, tornado RequestHandler class,
# init kwargs). The ops hook appends ``/metrics`` here; see ``webhook.py``.
ROUTES = "migbot.routes"

PRIVATE_COMMANDS = [BotCommand(name, said) for name, said in words.private_commands()]
GROUP_COMMANDS = [BotCommand(name, said) for name, said in words.group_commands()]


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (flood limits, waits out 429) that also retries server errors.

    A 5xx or a dropped connection before any answer means Telegram did not act on the
    request, so sending it again cannot duplicate a message. A timeout is not retried: the
    request may have been carried out. ``getUpdates`` is left to the updater's own backoff.
    """

    def __init__(self, *args: Any, network_retry_seconds: float = 60.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Retry for this long, not a fixed count: an outage of a few seconds must not cost
        # anyone their answer (issue 5), while a dead API still ends in the error handler.
        self.network_retry_seconds = network_retry_seconds

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        delay = 0.05
        deadline = time.monotonic() + self.network_retry_seconds
        attempt = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                attempt += 1
                if endpoint == "getUpdates" or time.monotonic() + delay > deadline:
                    raise
                log.warning(
                    "%s failed (%s), retry %d in %.2fs",
                    endpoint,
                    logsafe.scrub(str(exc)),
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)


def build_application(settings: Settings, holder: AssistantHolder) -> AnyApp:
    token = settings.bot_token()
    logsafe.protect(token)
    if settings.webhook_secret is not None:
        logsafe.protect(settings.webhook_secret.get_secret_value())
    limiter = RetryingRateLimiter(
        overall_max_rate=settings.rate_overall_per_second,
        overall_time_period=1,
        group_max_rate=settings.rate_group_per_minute,
        group_time_period=60,
        max_retries=settings.rate_max_retries,
    )
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .rate_limiter(limiter)
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        # One connection per update handled at once, and a few for admin work and typing.
        .request(JsonRequest(connection_pool_size=settings.concurrent_updates + 4))
        # Two connections for getUpdates: at shutdown PTB confirms the offset with one more
        # getUpdates while the cancelled long poll may still hold the only connection
        # ("Pool timeout"); an unconfirmed offset would replay updates after a restart.
        .get_updates_request(JsonRequest(connection_pool_size=2))
        .post_init(prepare)
        .build()
    )
    application.bot_data[handlers.HOLDER] = holder
    application.bot_data[handlers.SETTINGS] = settings
    application.bot_data[ROUTES] = []
    handlers.register(application)
    inline.register(application)
    admin.register(application, holder, settings)  # the ops hook: admin commands, metrics
    return application


async def prepare(application: AnyApp) -> None:
    """Start-up work after ``initialize``: the command menus of private chats and groups."""
    await application.bot.set_my_commands(PRIVATE_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    await application.bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())
    log.info("ready: send /start to @%s in Telegram", application.bot.username)


@asynccontextmanager
async def running(application: AnyApp, *, poll: bool = True) -> AsyncIterator[AnyApp]:
    """Run ``application`` inside the current event loop (tests, benchmarks, webhook mode)."""
    await application.initialize()
    try:
        await prepare(application)
        await application.start()
        if poll and application.updater is not None:
            await application.updater.start_polling(poll_interval=0, timeout=10)
        try:
            yield application
        finally:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
