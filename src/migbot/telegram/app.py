"""The application factory: ``build_application(settings, holder) -> Application``.

Everything the bot does is wired here once, for polling and webhook alike; the ops hook
``admin.register`` runs last so it can add admin commands, observers and webhook routes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.ext import Application, ApplicationBuilder

from migbot.languages import LANGUAGES, SOURCE
from migbot.ops import redisstore, statedir
from migbot.ops.chatstate import MemoryChatState
from migbot.ops.holder import AssistantHolder
from migbot.ops.journal import Journal, SqliteJournal
from migbot.ops.redisstore import RedisChatState, RedisFloodBudget, RedisJournal
from migbot.settings import Settings
from migbot.telegram import admin, handlers, inline, logsafe, words
from migbot.telegram.delivery import Deliverer, DeliveryLimiter
from migbot.telegram.jsonrequest import JsonRequest
from migbot.telegram.ordering import ChatOrderedProcessor
from migbot.telegram.polling import Poller

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]

# Extra routes of the webhook server: a list of (path regex, tornado RequestHandler class,
# init kwargs). The ops hook appends ``/metrics`` here; see ``webhook.py``.
ROUTES = "migbot.routes"
DELIVERER = "migbot.deliverer"
SHARED = "migbot.shared"

PRIVATE_COMMANDS = [BotCommand(name, said) for name, said in words.private_commands()]
GROUP_COMMANDS = [BotCommand(name, said) for name, said in words.group_commands()]


class MigbotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application without its per-chat bookkeeping for persistence (none is used).

    PTB notes every chat and user id it sees for its next persistence flush; without a
    persistence there is none, and the two sets grew by every chat the bot ever met.
    """

    def _mark_for_persistence_update(self, *, update: object = None, job: Any = None) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)


def build_application(settings: Settings, holder: AssistantHolder) -> AnyApp:
    token = settings.bot_token()
    logsafe.protect(token)
    for secret in (settings.webhook_secret, settings.redis_url, settings.database_url):
        if secret is not None:  # URLs may carry a password
            logsafe.protect(secret.get_secret_value())
    shared = Shared.of(settings)
    journal = shared.journal if shared is not None else open_journal(settings)
    limiter = DeliveryLimiter(
        journal,
        deadline=settings.send_deadline,
        budget=shared.budget if shared is not None else None,
        overall_max_rate=settings.rate_overall_per_second,
        overall_time_period=1,
        group_max_rate=settings.rate_group_per_minute,
        group_time_period=60,
    )
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .rate_limiter(limiter)
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        # One connection per update handled at once, and a few for admin work and typing.
        .request(JsonRequest(connection_pool_size=settings.concurrent_updates + 4))
        # Two connections for getUpdates: at shutdown the poller confirms the offset with
        # one more getUpdates while the cancelled long poll may still hold the only one.
        .get_updates_request(JsonRequest(connection_pool_size=2))
        .application_class(MigbotApplication)
        .post_init(prepare)
        .build()
    )
    application.bot_data[handlers.HOLDER] = holder
    application.bot_data[handlers.SETTINGS] = settings
    application.bot_data[DELIVERER] = Deliverer(application, journal)
    application.bot_data[handlers.CHAT_STATE] = (
        shared.chats
        if shared is not None
        else MemoryChatState(settings.chats_in_memory, settings.chat_ttl)
    )
    application.bot_data[SHARED] = shared
    application.bot_data[ROUTES] = []
    handlers.register(application)
    inline.register(application)
    admin.register(application, holder, settings)  # the ops hook: admin commands, metrics
    return application


@dataclass
class Shared:
    """What replicas share in Redis (``MIGBOT_REDIS_URL``)."""

    redis: Redis
    journal: RedisJournal
    chats: RedisChatState
    budget: RedisFloodBudget

    @classmethod
    def of(cls, settings: Settings) -> Shared | None:
        if settings.redis_url is None:
            return None
        client = redisstore.connect(settings.redis_url.get_secret_value())
        prefix = f"migbot:{bot_id(settings)}:"
        return cls(
            client,
            RedisJournal(client, prefix),
            RedisChatState(client, prefix, settings.chat_ttl),
            RedisFloodBudget(
                client,
                prefix,
                overall_per_second=settings.rate_overall_per_second,
                chat_per_second=settings.rate_chat_per_second,
                group_per_minute=settings.rate_group_per_minute,
            ),
        )


def bot_id(settings: Settings) -> str:
    """The bot's numeric id (the token's public half): update ids count per bot."""
    return settings.bot_token().split(":", 1)[0]


def open_journal(settings: Settings) -> Journal:
    """The delivery journal of this bot (update ids are per bot) in the state directory."""
    return SqliteJournal(
        statedir.prepare(settings.state_dir) / f"delivery-{bot_id(settings)}.sqlite3"
    )


def deliverer_of(application: AnyApp) -> Deliverer:
    deliverer: Deliverer = application.bot_data[DELIVERER]
    return deliverer


def poller_for(application: AnyApp, settings: Settings) -> Poller:
    return Poller(
        application,
        deliverer_of(application),
        batch=settings.fetch_ahead,
        stop_seconds=settings.stop_seconds,
    )


async def prepare(application: AnyApp) -> None:
    """Start-up work after ``initialize``: the command menus of private chats and groups,
    in English for everyone and translated for users whose app speaks another language."""
    bot = application.bot
    await bot.set_my_commands(PRIVATE_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())
    for lang in LANGUAGES:
        if lang == SOURCE:
            continue
        private = [BotCommand(name, said) for name, said in words.private_commands(lang)]
        groups = [BotCommand(name, said) for name, said in words.group_commands(lang)]
        await bot.set_my_commands(
            private, scope=BotCommandScopeAllPrivateChats(), language_code=lang
        )
        await bot.set_my_commands(groups, scope=BotCommandScopeAllGroupChats(), language_code=lang)
    log.info("ready: send /start to @%s in Telegram", application.bot.username)


@asynccontextmanager
async def running(application: AnyApp, *, poll: bool = True) -> AsyncIterator[AnyApp]:
    """Run ``application`` inside the current event loop (tests, benchmarks, webhook mode)."""
    await application.initialize()
    try:
        await prepare(application)
        await application.start()
        poller = poller_for(application, application.bot_data[handlers.SETTINGS])
        polling = asyncio.ensure_future(poller.run()) if poll else None
        try:
            yield application
        finally:
            if polling is not None:
                poller.stop()
                await polling
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        await deliverer_of(application).journal.close()
