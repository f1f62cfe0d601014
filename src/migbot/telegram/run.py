"""``migbot run``: the Telegram bot, by long polling or, when configured, by webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from pydantic import ValidationError
from telegram import Update

from migbot.knowledge.loader import KnowledgeError
from migbot.ops.holder import AssistantHolder, settle_heap
from migbot.settings import Settings, SettingsError
from migbot.telegram import logsafe

log = logging.getLogger("migbot")


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
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
