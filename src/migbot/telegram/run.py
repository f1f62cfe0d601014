"""``migbot run``: the Telegram bot, by long polling or, when configured, by webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from pydantic import ValidationError

from migbot.knowledge.loader import KnowledgeError
from migbot.ops import statedir
from migbot.ops.holder import AssistantHolder, settle_heap
from migbot.ops.watch import install_reload_triggers, remove_reload_triggers
from migbot.telegram import handlers, logsafe
from migbot.telegram.settings import Settings, SettingsError

log = logging.getLogger("migbot")

AnyApp = Any  # telegram.ext.Application (imported late: start-up errors come first)


def main(args: argparse.Namespace) -> int:
    try:
        settings = Settings()
        settings.bot_token()
    except SettingsError as exc:
        print(f"migbot run: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        # Name the bad settings, never their values (one of them may be the token).
        names = ", ".join(str(err["loc"][0]) for err in exc.errors() if err["loc"])
        print(f"migbot run: invalid settings: {names}", file=sys.stderr)
        return 2
    if getattr(args, "watch", False):
        settings = settings.model_copy(update={"watch": True})
    logsafe.protect(settings.bot_token())
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logsafe.protect(settings.bot_token())  # basicConfig may reset nothing, but be explicit
    try:
        statedir.prepare(settings.state_dir)
    except statedir.StateDirError as exc:
        print(f"migbot run: {exc}", file=sys.stderr)
        return 2
    try:
        holder = AssistantHolder.load(settings.knowledge)
    except KnowledgeError as exc:
        print(f"migbot run: knowledge has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1

    from migbot.telegram.app import build_application

    application = build_application(settings, holder)
    settle_heap()  # after everything long-lived is built
    log.info("knowledge loaded: %d records", len(holder.current.kb.records))
    if settings.webhook_url:
        from migbot.telegram import webhook

        asyncio.run(webhook.serve(application, settings))
    else:
        asyncio.run(poll(application, settings))
    return 0


async def poll(application: AnyApp, settings: Settings) -> None:
    """Polling mode until SIGINT/SIGTERM (see ``migbot.telegram.polling`` for the stop)."""
    from migbot.telegram import app as appmod

    async with appmod.running(application, poll=False):
        holder = application.bot_data[handlers.HOLDER]
        install_reload_triggers(holder, settings.watch)
        poller = appmod.poller_for(application, settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, poller.stop)
        log.info("polling: %d updates at most in hand", settings.fetch_ahead)
        await poller.run()
        remove_reload_triggers(holder)
