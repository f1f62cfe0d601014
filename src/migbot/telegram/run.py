"""``migbot run``: the Telegram bot, by long polling or, when configured, by webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from telegram.error import InvalidToken, NetworkError

from migbot.knowledge.loader import KnowledgeError
from migbot.logs import configure
from migbot.ops import statedir
from migbot.ops.holder import AssistantHolder, settle_heap
from migbot.ops.watch import install_reload_triggers, remove_reload_triggers
from migbot.settings import Settings, SettingsError, load
from migbot.telegram import handlers, logsafe, startup

log = logging.getLogger("migbot")

AnyApp = Any  # telegram.ext.Application (imported late: start-up errors come first)


def main(args: argparse.Namespace) -> int:
    try:
        settings = load()
        token = settings.bot_token()
    except SettingsError as exc:
        print(f"migbot run: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "watch", False):
        settings = settings.model_copy(update={"watch": True})
    # Before anything can log or fail: every later line and traceback is scrubbed.
    logsafe.protect(token)
    logsafe.install_excepthook()
    configure(settings.log_level)
    try:
        statedir.prepare(settings.state_dir)
    except statedir.StateDirError as exc:
        print(f"migbot run: {exc}", file=sys.stderr)
        return 2
    try:
        holder = AssistantHolder.load(settings.knowledge, max_drop=settings.reload_max_drop)
    except KnowledgeError as exc:
        print(f"migbot run: knowledge has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        asyncio.run(startup.reach(settings))
    except startup.StartupError as exc:
        print(f"migbot run: {exc}", file=sys.stderr)
        return exc.code

    from migbot.telegram.app import build_application

    application = build_application(settings, holder)
    settle_heap()  # after everything long-lived is built
    log.info("knowledge loaded: %d records", len(holder.current.kb.records))
    try:
        if settings.webhook_url:
            from migbot.telegram import webhook

            asyncio.run(webhook.serve(application, settings))
        else:
            asyncio.run(poll(application, settings))
    except InvalidToken:  # revoked between the check and the start
        print(f"migbot run: {startup.refused(settings)}", file=sys.stderr)
        return startup.EXIT_REFUSED
    except NetworkError:  # lost between the check and the start
        print(f"migbot run: {startup.unreachable(settings)}", file=sys.stderr)
        return startup.EXIT_UNREACHABLE
    return 0


async def poll(application: AnyApp, settings: Settings) -> None:
    """Polling mode until SIGINT/SIGTERM (see ``migbot.telegram.polling`` for the stop); with
    ``MIGBOT_METRICS_PORT``, ``/metrics`` is served alongside."""
    from migbot.telegram import app as appmod
    from migbot.telegram.webhook import ops_server_of

    async with appmod.running(application, poll=False):
        ops = ops_server_of(application, settings)
        holder = application.bot_data[handlers.HOLDER]
        install_reload_triggers(holder, settings.watch)
        poller = appmod.poller_for(application, settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, poller.stop)
        log.info("polling: %d updates at most in hand", settings.fetch_ahead)
        await poller.run()
        remove_reload_triggers(holder)
        if ops is not None:
            await ops.stop()
