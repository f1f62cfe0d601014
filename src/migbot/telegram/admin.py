"""Admin commands: /reload, /inbox, /stats — only for the user ids in ``settings.admins``.

The application factory calls ``register(application, holder, settings)``. Handlers sit in
group -1 and stop further handling, so the normal command/text handlers never see an admin
command; for everybody else the filter does not match and the update flows on unchanged.
"""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, ContextTypes, filters

from migbot.ops.holder import AssistantHolder

log = logging.getLogger(__name__)

ADMIN_GROUP = -1


def admin_ids(settings: Any) -> set[int]:
    """The admins of ``settings`` (a list, set, or comma-separated string of user ids)."""
    raw = getattr(settings, "admins", None) or ()
    if isinstance(raw, str):
        raw = [part for part in raw.replace(";", ",").split(",") if part.strip()]
    return {int(x) for x in raw}


def register(
    application: Application[Any, Any, Any, Any, Any, Any], holder: AssistantHolder, settings: Any
) -> None:
    admins = admin_ids(settings)
    only_admins = filters.User(user_id=admins)  # an empty set matches nobody

    async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        problems = await asyncio.to_thread(holder.reload)
        if problems:
            lines = [f"reload refused, old knowledge still serving: {len(problems)} problem(s)"]
            lines += [str(p) for p in problems[:30]]
            text = "\n".join(lines)
        else:
            text = f"reloaded: {len(holder.current.kb.records)} records"
        await _answer(update, text)
        raise ApplicationHandlerStop

    application.add_handler(CommandHandler("reload", reload, filters=only_admins), ADMIN_GROUP)


async def _answer(update: Update, text: str) -> None:
    message = update.effective_message
    if message is None:
        return
    if len(text) > 4000:
        text = text[:4000] + "\n…"
    await message.reply_text(f"<pre>{html.escape(text)}</pre>", parse_mode=ParseMode.HTML)
