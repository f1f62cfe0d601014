"""Webhook mode: a tornado server with the webhook route, ``/healthz`` and extra routes.

PTB's own ``run_webhook`` server has no way to add routes, so this is PTB's documented
"custom webhook" setup: the same tornado stack PTB uses, the secret header checked in
constant time. An update is answered 200 only once it is handled and recorded (Telegram
POSTs it again on anything else, so a crash loses nothing), and 503 when it could not be
delivered yet or more than ``webhook_connections`` are in hand. The ops hook adds
routes (``/metrics``) by appending ``(path, RequestHandler, kwargs)`` to
``application.bot_data[app.ROUTES]`` before the server starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import signal
from typing import Any
from urllib.parse import urlparse

import tornado.netutil
import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer

from migbot.ops import inbox as inbox_mod
from migbot.ops import redisstore
from migbot.ops.holder import AssistantHolder
from migbot.ops.watch import install_reload_triggers, remove_reload_triggers
from migbot.settings import Settings
from migbot.telegram import app as appmod
from migbot.telegram import handlers, logsafe

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


# Telegram's updates are a few kilobytes (a 4096-character message with its entities and
# the message it replies to); anything near this is not from Telegram.
MAX_BODY = 1024 * 1024
# Deeper JSON than any update has; json.loads would otherwise recurse until it fails.
MAX_DEPTH = 64


class InFlight:
    """Updates being handled by the webhook, bounded; ``drained`` once none is left."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0
        self.drained = asyncio.Event()
        self.drained.set()
        self.tasks: set[asyncio.Future[bool]] = set()  # cancelled when the grace runs out

    def enter(self) -> bool:
        if self.count >= self.limit:
            return False
        self.count += 1
        self.drained.clear()
        return True

    def leave(self) -> None:
        self.count -= 1
        if not self.count:
            self.drained.set()


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POST of one update. Secret and size are checked on the headers, before any body byte
    is read (``prepare`` runs first with a streamed body); the body is then read up to
    ``MAX_BODY``, and anything that is not one update is a 400. The answer is 200 only once
    the update is handled and journalled; 503 (Telegram delivers it again) otherwise."""

    def initialize(self, app: appmod.AnyApp, secret: str, in_flight: InFlight) -> None:
        self.application_ = app
        self.secret = secret
        self.in_flight = in_flight
        self.chunks: list[bytes] = []

    def prepare(self) -> None:
        if self.request.method != "POST":
            return  # tornado answers 405 itself
        # Never read more than MAX_BODY: a chunked or lying body is cut off by tornado, and
        # once refused the connection is closed instead of the rest being read.
        self.request.connection.set_max_body_size(MAX_BODY)  # type: ignore[union-attr]
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request with a wrong secret token refused")
            self.refuse(403)
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            log.warning("webhook request refused: Content-Length %s", length[:20])
            self.refuse(413 if length.isdigit() else 400)

    def refuse(self, status: int) -> None:
        self.request.connection.set_max_body_size(0)  # type: ignore[union-attr]
        self.set_status(status)
        self.finish()

    def data_received(self, chunk: bytes) -> None:
        if not self._finished:
            self.chunks.append(chunk)

    async def post(self) -> None:
        update = self.update_from(b"".join(self.chunks))
        if update is None:
            raise tornado.web.HTTPError(400)
        if not self.in_flight.enter():
            raise tornado.web.HTTPError(503)  # Telegram retries; memory stays bounded
        try:
            deliverer = appmod.deliverer_of(self.application_)
            done = not await deliverer.fresh(update)
            if not done:
                task = asyncio.ensure_future(deliverer.handle(update))
                self.in_flight.tasks.add(task)
                try:
                    done = await task
                except asyncio.CancelledError:
                    done = False  # stopped before it was handled: Telegram sends it again
                finally:
                    self.in_flight.tasks.discard(task)
        finally:
            self.in_flight.leave()
        self.set_status(200 if done else 503)

    def update_from(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            log.warning("webhook request refused: not JSON")
            return None
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            log.warning("webhook request refused: JSON but not an update")
            return None
        if _depth(data) > MAX_DEPTH:
            log.warning("webhook request refused: nested deeper than %d", MAX_DEPTH)
            return None
        try:
            return Update.de_json(data, self.application_.bot)
        except Exception as exc:  # any shape PTB cannot read: refused, never a 500
            log.warning("webhook request with an unreadable update: %s", type(exc).__name__)
            return None

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, tornado.web.HTTPError):  # refusals are logged above already
            super().log_exception(typ, value, tb)


def _depth(value: Any) -> int:
    """Nesting depth of decoded JSON, without recursion (the input is untrusted)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


class HealthHandler(tornado.web.RequestHandler):
    """200 ``ready`` once the knowledge is loaded, the application runs, and a configured
    Redis and PostgreSQL answer; 503 otherwise (``starting``, or ``unreachable: ...``)."""

    def initialize(self, app: appmod.AnyApp) -> None:
        self.application_ = app

    async def get(self) -> None:
        holder: AssistantHolder | None = self.application_.bot_data.get(handlers.HOLDER)
        records = len(holder.current.kb.records) if holder is not None else 0
        status = "ready" if self.application_.running and records > 0 else "starting"
        if status == "ready":
            down = await unreachable(self.application_, holder)
            if down:
                status = "unreachable: " + ", ".join(down)
        self.set_status(200 if status == "ready" else 503)
        self.set_header("Content-Type", "application/json")
        self.finish({"status": status, "records": records})


async def unreachable(application: appmod.AnyApp, holder: AssistantHolder | None) -> list[str]:
    """The configured shared stores that do not answer now."""
    down = []
    shared = application.bot_data.get(appmod.SHARED)
    if shared is not None and not await redisstore.ping(shared.redis):
        down.append("redis")
    inbox = inbox_mod.attached(holder) if holder is not None else None
    if inbox is not None and not await asyncio.to_thread(inbox.ping):
        down.append("postgresql")
    return down


def webhook_path(settings: Settings) -> str:
    path = urlparse(settings.webhook_url or "").path.rstrip("/")
    return path or "/telegram"


class WebhookServer:
    """The HTTP side of webhook mode; ``start`` after ``application.start()``.

    The extra routes (``/metrics``) are served here unless ``MIGBOT_METRICS_PORT`` gives
    them a server of their own (``OpsServer``), e.g. on an address only the monitoring sees.
    """

    def __init__(self, application: appmod.AnyApp, settings: Settings, secret: str) -> None:
        self.in_flight = InFlight(settings.webhook_connections)
        routes: list[Any] = [
            (
                rf"{webhook_path(settings)}/?",
                UpdateHandler,
                {"app": application, "secret": secret, "in_flight": self.in_flight},
            ),
            (r"/healthz", HealthHandler, {"app": application}),
        ]
        if settings.metrics_port is None:
            routes += application.bot_data.get(appmod.ROUTES, [])
        self.web = tornado.web.Application(routes, log_function=lambda _handler: None)
        self.server = HTTPServer(self.web, max_body_size=MAX_BODY)
        self.settings = settings
        self.port = 0

    def start(self, port: int | None = None, address: str | None = None) -> int:
        """Listen (``port`` 0 picks a free one); returns the port."""
        sockets = tornado.netutil.bind_sockets(
            self.settings.webhook_port if port is None else port,
            address=self.settings.webhook_listen if address is None else address,
        )
        self.server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        return self.port

    async def stop(self, grace: float = 0.0) -> None:
        """Stop listening; updates in hand get ``grace`` seconds, the rest are answered 503."""
        self.server.stop()
        if grace > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.in_flight.drained.wait(), grace)
        left = list(self.in_flight.tasks)
        if left:
            log.warning("stopping: %d update(s) left for Telegram to deliver again", len(left))
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
            with contextlib.suppress(TimeoutError):  # their 503s go out
                await asyncio.wait_for(self.in_flight.drained.wait(), 1)
        await self.server.close_all_connections()


class OpsServer:
    """The extra routes (``/metrics``) and ``/healthz`` on ``MIGBOT_METRICS_LISTEN``:
    ``MIGBOT_METRICS_PORT``, in webhook and polling mode alike."""

    def __init__(self, application: appmod.AnyApp) -> None:
        routes: list[Any] = [
            (r"/healthz", HealthHandler, {"app": application}),
            *application.bot_data.get(appmod.ROUTES, []),
        ]
        web = tornado.web.Application(routes, log_function=lambda _handler: None)
        self.server = HTTPServer(web, max_body_size=MAX_BODY)
        self.port = 0

    def start(self, port: int, address: str) -> int:
        sockets = tornado.netutil.bind_sockets(port, address=address)
        self.server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        log.info("metrics on %s:%d", address, self.port)
        return self.port

    async def stop(self) -> None:
        self.server.stop()
        await self.server.close_all_connections()


def ops_server_of(application: appmod.AnyApp, settings: Settings) -> OpsServer | None:
    """Start the ops server when ``MIGBOT_METRICS_PORT`` is set (call inside the loop)."""
    if settings.metrics_port is None:
        return None
    ops = OpsServer(application)
    ops.start(settings.metrics_port, settings.metrics_listen)
    return ops


def secret_of(settings: Settings) -> str:
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    # One process: a fresh secret is fine. Several replicas need MIGBOT_WEBHOOK_SECRET.
    log.warning("MIGBOT_WEBHOOK_SECRET not set: using a random secret for this process")
    secret = secrets.token_urlsafe(32)
    logsafe.protect(secret)
    return secret


async def serve(application: appmod.AnyApp, settings: Settings) -> None:
    """Webhook mode until SIGINT/SIGTERM: set the webhook, serve, finish in-flight updates."""
    secret = secret_of(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with appmod.running(application, poll=False):
        server = WebhookServer(application, settings, secret)
        server.start()
        ops = ops_server_of(application, settings)
        await application.bot.set_webhook(
            settings.webhook_url or "",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            max_connections=settings.webhook_connections,
        )
        log.info("webhook mode: listening on %s:%d", settings.webhook_listen, server.port)
        # ops: SIGHUP reload, and the file watcher with --watch (post_init is not run here).
        holder = application.bot_data[handlers.HOLDER]
        install_reload_triggers(holder, settings.watch)
        await stop.wait()
        remove_reload_triggers(holder)
        await server.stop(grace=settings.stop_seconds)
        if ops is not None:
            await ops.stop()
