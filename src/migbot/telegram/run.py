"""``migbot run``: the Telegram bot, by long polling or, when configured, by webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from migbot.knowledge.loader import KnowledgeError
from migbot.logs import configure
from migbot.ops.holder import AssistantHolder, settle_heap
from migbot.settings import SettingsError, load
from migbot.telegram import logsafe, startup

log = logging.getLogger("migbot")


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
            from migbot.telegram.webhook import serve_ops_while_polling

            serve_ops_while_polling(application, settings)
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:  # revoked between the check and the start
        print(f"migbot run: {startup.refused(settings)}", file=sys.stderr)
        return startup.EXIT_REFUSED
    except NetworkError:  # lost between the check and the start
        print(f"migbot run: {startup.unreachable(settings)}", file=sys.stderr)
        return startup.EXIT_UNREACHABLE
    return 0
