"""The ops side of the bot: admin commands, the inbox and metrics observers, reload triggers.

The application factory calls ``register(application, holder, settings)``. It

- attaches the unanswered-question inbox (``settings.inbox``) and the metrics to ``holder``;
- adds ``/reload`` (``/reload force``: even if many records vanished), ``/inbox`` and
  ``/stats`` for the user ids in ``settings.admins``, in their private chats, for new (not
  edited, not forwarded) messages. They sit
  in handler group -1 and stop further handling, so the normal handlers never see an admin
  command; for anybody else the filter does not match and the update flows on unchanged;
- adds ``/metrics`` (Prometheus) to the webhook server's routes;
- counts handler errors in the metrics (an extra error handler; the transport's own one still
  logs and replies);
- installs SIGHUP reload, and the file watcher when ``settings.watch``, once the application
  runs (chained onto ``post_init``/``post_stop``, which ``run_polling``/``run_webhook`` call).
  A runner that does not use those may call ``migbot.ops.watch.install_reload_triggers``
  itself; installing twice is harmless.
"""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

import tornado.web
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, ContextTypes, filters

from migbot.i18n import _, ngettext, speaking
from migbot.knowledge.loader import Problem
from migbot.ops import inbox as inbox_mod
from migbot.ops import metrics as metrics_mod
from migbot.ops import report, watch
from migbot.ops.holder import AssistantHolder, said
from migbot.telegram import handlers

log = logging.getLogger(__name__)

ADMIN_GROUP = -1
MAX_TEXT = 4000  # below Telegram's 4096 after the <pre> wrapper and an ellipsis
INBOX_GROUPS = 15
# ``app.ROUTES``: extra (path, handler, kwargs) routes of the webhook server (named here to
# avoid importing app, which imports this module).
ROUTES = "migbot.routes"

App = Application[Any, Any, Any, Any, Any, Any]


def admin_ids(settings: Any) -> set[int]:
    """The admins of ``settings`` (a list, set, or comma-separated string of user ids)."""
    raw = getattr(settings, "admins", None) or ()
    if isinstance(raw, str):
        raw = [part for part in raw.replace(";", ",").split(",") if part.strip()]
    return {int(x) for x in raw}


def inbox_path(settings: Any) -> str | None:
    """Where the inbox lives; ``off``/``none`` (or an empty value) disables it."""
    path = getattr(settings, "inbox", None) or getattr(settings, "inbox_path", None)
    if path is None:
        return str(inbox_mod.default_inbox_path(getattr(settings, "state_dir", None)))
    path = str(path).strip()
    return None if path.lower() in ("", "off", "none") else path


def open_inbox(holder: AssistantHolder, settings: Any) -> inbox_mod.InboxStore | None:
    """The inbox of ``settings`` (PostgreSQL when a database URL is set), attached."""
    path = inbox_path(settings)
    if path is None:
        return None
    url, key = getattr(settings, "database_url", None), getattr(settings, "inbox_key", None)
    return inbox_mod.attach(
        holder,
        path,
        database_url=url.get_secret_value() if url is not None else None,
        key=key.get_secret_value() if key is not None else None,
        retention=getattr(settings, "inbox_retention_days", None),
        state_dir=getattr(settings, "state_dir", None),
    )


def register(application: App, holder: AssistantHolder, settings: Any) -> None:
    admins = admin_ids(settings)
    # Admins' new messages in their private chat only: in a group /inbox would show other
    # people's questions to everyone; an edit or a forward must not run a command again.
    only_admins = (
        filters.User(user_id=admins)  # an empty set matches nobody
        & filters.ChatType.PRIVATE
        & filters.UpdateType.MESSAGE
        & ~filters.FORWARDED
    )
    inbox = open_inbox(holder, settings)
    metrics = metrics_mod.attach(holder)

    async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        force = [arg.lower() for arg in context.args or ()] == ["force"]
        problems = await asyncio.to_thread(watch.reload_and_log, holder, "/reload", force)
        with speaking(await _admin_lang(update, context)):
            text = _reloaded(problems, len(holder.current.kb.records))
        await _answer(update, text)
        raise ApplicationHandlerStop

    async def show_inbox(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        entries = None if inbox is None else await asyncio.to_thread(inbox.entries)
        with speaking(await _admin_lang(update, context)):
            if entries is None:
                text = _("The inbox is off (MIGBOT_INBOX=off).")
            else:
                groups = report.group_entries(entries)
                text = report.render(groups, INBOX_GROUPS, total=len(entries))
        await _answer(update, text)
        raise ApplicationHandlerStop

    async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        unanswered = None if inbox is None else await asyncio.to_thread(inbox.count)
        with speaking(await _admin_lang(update, context)):
            text = metrics.summary(records=len(holder.current.kb.records))
            if unanswered is not None:
                text += "\n" + _("inbox: {n} unanswered").format(n=unanswered)
        await _answer(update, text)
        raise ApplicationHandlerStop

    async def count_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        metrics.error("update" if isinstance(update, Update) else "other")

    for name, callback in (("reload", reload), ("inbox", show_inbox), ("stats", stats)):
        application.add_handler(CommandHandler(name, callback, filters=only_admins), ADMIN_GROUP)
    application.add_error_handler(count_error)
    routes = application.bot_data.setdefault(ROUTES, [])
    routes.append((r"/metrics", MetricsHandler, {"holder": holder}))
    _chain_lifecycle(application, holder, bool(getattr(settings, "watch", False)))


async def _admin_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The admin's language: their chat's, as every other reply there."""
    chat = update.effective_chat
    return await handlers.notice_lang(
        context, chat.id if chat is not None else None, update.effective_user
    )


def _reloaded(problems: list[Problem], records: int) -> str:
    """The outcome of /reload, in the language being spoken."""
    if not problems:
        return ngettext("reloaded: {n} record", "reloaded: {n} records", records).format(n=records)
    lines = [
        ngettext(
            "reload refused, old knowledge still serving: {n} problem",
            "reload refused, old knowledge still serving: {n} problems",
            len(problems),
        ).format(n=len(problems))
    ]
    return "\n".join(lines + [said(p) for p in problems])


def _chain_lifecycle(application: App, holder: AssistantHolder, watching: bool) -> None:
    """Install reload triggers after the transport's own ``post_init``; remove them at stop."""
    previous_init, previous_stop = application.post_init, application.post_stop

    async def post_init(app: App) -> None:
        if previous_init is not None:
            await previous_init(app)
        watch.install_reload_triggers(holder, watch=watching)

    async def post_stop(app: App) -> None:
        watch.remove_reload_triggers(holder)
        if previous_stop is not None:
            await previous_stop(app)

    application.post_init = post_init
    application.post_stop = post_stop


class MetricsHandler(tornado.web.RequestHandler):
    """``GET /metrics`` of the webhook server, Prometheus text format."""

    def initialize(self, holder: AssistantHolder) -> None:
        self.holder = holder

    def get(self) -> None:
        body, content_type = metrics_mod.exposition(self.holder)
        self.set_header("Content-Type", content_type)
        self.finish(body)


async def _answer(update: Update, text: str) -> None:
    message = update.effective_message
    if message is None:
        return
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "\n…"
    await message.reply_text(f"<pre>{html.escape(text)}</pre>", parse_mode=ParseMode.HTML)
