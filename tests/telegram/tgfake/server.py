"""A strict fake Telegram Bot API server (aiohttp, 127.0.0.1, random port).

It checks every request against ``api.json`` (when present) and Telegram's documented
limits, holds chats, messages and keyboards, feeds updates by ``getUpdates`` long polling or
by POSTing them to the bot's webhook with the secret header, records every call, and injects
faults on demand (429 with ``retry_after``, 5xx, dropped connections before or after the
call is carried out, slow responses, an outage of every method for a while).

Delivery follows Telegram's rules: ``getUpdates`` returns every update not yet confirmed
(an update is confirmed by a later call whose ``offset`` is above its id), a second
``getUpdates`` while one is pending ends the first with 409 Conflict, and the webhook is
POSTed each update until it answers 2xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from .spec import Spec, SpecError, Upload
from .tghtml import HtmlError, parse

BOT_ID = 777000111
BOT_USERNAME = "MigTestBot"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
PHOTO_MAX = 10 * 1024 * 1024  # bytes: Telegram's limit on an uploaded photo
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ApiError(Exception):
    def __init__(self, description: str, code: int = 400, **parameters: Any) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.parameters = parameters


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    ok: bool
    description: str = ""
    at: float = field(default_factory=time.perf_counter)
    json_body: bool = False  # sent as application/json (else a form)


@dataclass
class Fault:
    method: str  # a method name, or "*" for any
    # "429", "5xx", "drop" (the connection closes before the call is carried out),
    # "acted_drop" (carried out, then the connection closes before the answer), "slow",
    # "outage" (from this call on, every method answers 502 for ``delay`` seconds),
    # "echo" (``status`` quoting the request URL, as a proxy might)
    kind: str
    times: int = 1
    retry_after: int = 1
    status: int = 500
    delay: float = 0.5
    case: str = "lower"  # "echo": the URL upper- or lower-cased, as proxies may
    chat_id: int | None = None  # only calls to this chat (None: any)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeBotApi:
    def __init__(self, token: str, *, spec: Spec | None = None) -> None:
        self.token = token
        self.spec = spec
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []  # pending (unconfirmed) updates
        self.update_ids = itertools.count(1)
        self.message_ids: dict[int, itertools.count[int]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.by_bot: dict[int, list[dict[str, Any]]] = {}  # chat id → the bot's messages
        self.queries: dict[str, dict[str, Any]] = {}  # callback query id → its state
        self.language_codes: dict[int, str] = {}  # user id → language_code of their updates
        self.inline_queries: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}  # file_id → PhotoSize of an upload
        self.uploads: list[Upload] = []
        self.query_ids = itertools.count(1)
        self.faults: list[Fault] = []
        self.webhook: dict[str, Any] | None = None
        self.webhook_log: list[tuple[int, dict[str, Any]]] = []  # (status, update)
        self.changed = asyncio.Condition()
        self.sent_at: dict[int, float] = {}  # update id → when it was made available
        self._runner: web.AppRunner | None = None
        self._delivery: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0
        self.closing = False  # set by ``release_polls``: long polls return at once
        self.polls = 0  # getUpdates calls so far: a newer one ends a pending one with 409
        self.down_until = 0.0  # monotonic time until which every method answers 502
        # Several replicas behind one webhook: a chat's n-th POST goes to spread[(chat + n) %
        # len], so a chat's next update (or a retry) reaches the next replica, and chats
        # are spread evenly; webhook_target records who acknowledged each update.
        self.spread: list[str] = []
        self.webhook_target: dict[int, str] = {}
        # Telegram's flood limits, enforced when set: (overall/s, per chat/s, per group/min);
        # a message beyond them gets a 429 and is counted in flood_violations.
        self.flood: tuple[float, float, float] | None = None
        self.flood_violations = 0
        self.flood_log: list[tuple[float, int, int, int]] = []  # when, chat, in 1 s, chat's
        self._sent_times: list[tuple[float, int]] = []
        self._posts: dict[Any, int] = {}  # POSTs so far per chat (``spread``)
        # Set by the test that runs a bot: resolves once the bot handles no update (the bot
        # handles chats side by side, so an answer in one chat says nothing of the others).
        self.bot_idle: Callable[[], Awaitable[None]] | None = None

    # --- life cycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_post("/_ctl/{op}", self._control)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        return self

    def release_polls(self) -> None:
        """End pending long polls now (a bot shutting down need not wait out its timeout)."""
        self.closing = True
        self._notify()

    async def stop(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what the tests do --------------------------------------------------------------

    def chat(self, chat_id: int, kind: str = "private", title: str = "Group") -> dict[str, Any]:
        if chat_id not in self.chats:
            chat: dict[str, Any] = {"id": chat_id, "type": kind}
            if kind == "private":
                chat["first_name"] = f"User{chat_id}"
            else:
                chat["title"] = title
            self.chats[chat_id] = chat
        return self.chats[chat_id]

    def user(self, user_id: int) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if user_id in self.language_codes:  # the user's Telegram app language
            user["language_code"] = self.language_codes[user_id]
        return user

    def _message(self, chat_id: int, sender: dict[str, Any], text: str) -> dict[str, Any]:
        counter = self.message_ids.setdefault(chat_id, itertools.count(1))
        return {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": self.chats[chat_id],
            "from": sender,
            "text": text,
        }

    def send(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        kind: str | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` in a chat (private chat: ``chat_id`` is the user's id)."""
        if kind is None:
            kind = "private" if chat_id > 0 else "supergroup"
        self.chat(chat_id, kind)
        sender = self.user(user_id if user_id is not None else abs(chat_id))
        message = self._message(chat_id, sender, text)
        entities = []
        command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if command:
            entities.append({"type": "bot_command", "offset": 0, "length": command.end()})
        for m in re.finditer(r"(?<![/\w])@[A-Za-z0-9_]{3,}", text):
            entities.append(
                {"type": "mention", "offset": utf16_len(text[: m.start()]), "length": len(m[0])}
            )
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.messages[(chat_id, message["message_id"])] = message
        self._push({"message": message})
        return message

    def press(self, message: dict[str, Any], data: str, user_id: int | None = None) -> str:
        """A user presses a button with callback ``data`` under a bot ``message``."""
        chat_id = message["chat"]["id"]
        query_id = str(next(self.query_ids))
        self.queries[query_id] = {"answered": 0}
        current = self.messages.get((chat_id, message["message_id"]), message)
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id if user_id is not None else abs(chat_id)),
                    "message": current,
                    "chat_instance": str(chat_id),
                    "data": data,
                }
            }
        )
        return query_id

    def inline(self, query: str, offset: str = "", user_id: int = 5) -> str:
        query_id = f"iq{next(self.query_ids)}"
        self.inline_queries[query_id] = {"answered": 0, "results": None}
        self._push(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "query": query,
                    "offset": offset,
                }
            }
        )
        return query_id

    def outage(self, seconds: float) -> None:
        """Every method answers 502 Bad Gateway for ``seconds`` from now."""
        self.down_until = time.monotonic() + seconds

    def raw_update(self, payload: dict[str, Any]) -> int:
        return self._push(payload)

    def fault(self, method: str, kind: str, times: int = 1, **options: Any) -> Fault:
        fault = Fault(method, kind, times, **options)
        self.faults.append(fault)
        return fault

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return list(self.by_bot.get(chat_id, ()))

    def calls_of(self, method: str, ok: bool | None = True) -> list[Call]:
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        """Until ``predicate()`` holds; the timeout only guards against a hung test."""
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(predicate), timeout)

    # --- updates ------------------------------------------------------------------------

    def _push(self, payload: dict[str, Any]) -> int:
        update_id = next(self.update_ids)
        self.updates.append({"update_id": update_id, **payload})
        self.sent_at[update_id] = time.perf_counter()
        self._notify()
        return update_id

    def _notify(self) -> None:
        async def notify() -> None:
            async with self.changed:
                self.changed.notify_all()

        asyncio.get_running_loop().create_task(notify())

    async def _deliver(self) -> None:
        """Webhook mode: POST pending updates with the secret, as Telegram does.

        Chats side by side (at most ``max_connections`` POSTs at once), each chat's
        updates one at a time and in order; an update is POSTed again until it gets a
        2xx (Telegram retries too), and only then forgotten.
        """
        assert self._session is not None
        busy: set[Any] = set()  # chats with a POST in flight

        def ready() -> list[dict[str, Any]]:
            if not self.webhook:
                return []
            limit = int(self.webhook.get("max_connections") or 40)
            picked, seen = [], set()
            for update in self.updates:
                key = _chat_key(update)
                if key in seen or key in busy:
                    continue  # a chat's later updates wait for its earlier ones
                seen.add(key)
                if len(busy) + len(picked) < limit:
                    picked.append(update)
            return picked

        while True:
            async with self.changed:
                await self.changed.wait_for(lambda: bool(ready()))
            for update in ready():
                key = _chat_key(update)
                busy.add(key)
                asyncio.get_running_loop().create_task(self._post_one(update, key, busy))

    async def _post_one(self, update: dict[str, Any], key: Any, busy: set[Any]) -> None:
        hook = self.webhook
        assert hook is not None and self._session is not None
        headers = {}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        url = hook["url"]
        if self.spread:
            posts = self._posts.get(key, 0)
            self._posts[key] = posts + 1
            base = key if isinstance(key, int) else hash(key)
            url = self.spread[(base + posts) % len(self.spread)]
        try:
            async with self._session.post(url, json=update, headers=headers) as r:
                status = r.status
        except aiohttp.ClientError:
            status = 0
        self.webhook_log.append((status, update))
        if 200 <= status < 300:
            self.webhook_target[update["update_id"]] = url
            self.updates.remove(update)
        else:
            await asyncio.sleep(0.05)  # Telegram retries later; so do we
        busy.discard(key)
        self._notify()

    async def post_update(self, url: str, update: dict[str, Any], secret: str | None) -> int:
        """POST one update to ``url`` directly (e.g. with a wrong secret); the status."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=update, headers=headers) as r,
        ):
            return r.status

    # --- remote control (the benchmark runs the server in a process of its own) ---------

    async def _control(self, request: web.Request) -> web.Response:
        op = request.match_info["op"]
        body = await request.json()
        if op == "burst":
            texts = body["texts"]
            for i in range(body["per_chat"]):
                for c in range(body["chats"]):
                    # Every chat cycles through the texts; no two updates share one while
                    # there are enough texts.
                    self.send(body["base"] + c, texts[(i * (body["chats"] + 1) + c) % len(texts)])
            return web.json_response({"t": time.perf_counter()})
        if op == "wait":
            want = {int(k): v for k, v in body["counts"].items()}
            await self.wait_for(
                lambda: all(len(self.by_bot.get(c, ())) >= n for c, n in want.items()), 120
            )
            last = max(self.by_bot[c][n - 1]["_at"] for c, n in want.items())
            return web.json_response({"t": last})
        if op == "one":
            chat = body["chat"]
            before = len(self.by_bot.get(chat, ()))
            sent = time.perf_counter()
            self.send(chat, body["text"])
            await self.wait_for(lambda: len(self.by_bot.get(chat, ())) > before, 60)
            return web.json_response({"seconds": self.by_bot[chat][before]["_at"] - sent})
        if op == "cpu":  # seconds of CPU this process has used, for the benchmark
            return web.json_response({"cpu": time.process_time()})
        if op == "count":  # messages the bot has sent so far (benchmarks poll this)
            return web.json_response({"sent": sum(len(m) for m in self.by_bot.values())})
        if op == "spread":  # webhook replicas behind a load balancer (see ``spread``)
            self.spread = list(body["urls"])
            return web.json_response({})
        if op == "release":
            self.release_polls()
            return web.json_response({})
        raise web.HTTPNotFound()

    # --- the API ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(ApiError("Unauthorized", 401))
        if time.monotonic() < self.down_until:
            return _error(ApiError("Bad Gateway", 502))
        params, form = await _params(request)
        fault = self._take_fault(method, params.get("chat_id"))
        if fault is not None and fault.kind != "acted_drop":
            if fault.kind == "429":
                msg = f"Too Many Requests: retry after {fault.retry_after}"
                return _error(ApiError(msg, 429, retry_after=fault.retry_after))
            if fault.kind == "5xx":
                return _error(ApiError("Internal Server Error", fault.status))
            if fault.kind == "drop":
                assert request.transport is not None
                request.transport.close()
                return web.Response()
            if fault.kind == "outage":
                self.outage(fault.delay)
                return _error(ApiError("Bad Gateway", 502))
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            if fault.kind == "echo":  # a proxy or self-hosted server quoting the URL
                text = f"Bad Request: cannot serve {request.url}"
                text = text.upper() if fault.case == "upper" else text.lower()
                return _error(ApiError(text, fault.status))
        try:
            if self.spec is not None:
                typed = self.spec.check_call(method, params, form=form)
            else:
                typed = _loose(params, form)
            result = await self._dispatch(method.lower(), typed)
        except SpecError as exc:
            code = 404 if str(exc).startswith("Not Found") else 400
            self.calls.append(Call(method, params, False, str(exc), json_body=not form))
            self._notify()
            return _error(ApiError(str(exc), code))
        except ApiError as exc:
            self.calls.append(Call(method, typed, False, exc.description, json_body=not form))
            self._notify()
            return _error(exc)
        self.calls.append(Call(method, typed, True, json_body=not form))
        self._notify()
        if fault is not None:  # acted_drop: done, but the bot never hears of it
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        return web.json_response({"ok": True, "result": result})

    def _take_fault(self, method: str, chat_id: Any = None) -> Fault | None:
        for fault in self.faults:
            if fault.chat_id is not None and str(fault.chat_id) != str(chat_id):
                continue
            if fault.times > 0 and fault.method in ("*", method):
                fault.times -= 1
                return fault
        return None

    async def _dispatch(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getme":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "MigBot",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
        if method == "getupdates":
            return await self._get_updates(p)
        if method == "setwebhook":
            self.webhook = {
                "url": p["url"],
                "secret_token": p.get("secret_token"),
                "max_connections": p.get("max_connections"),
            }
            if self._session is None:
                self._session = aiohttp.ClientSession()
            if self._delivery is None:
                self._delivery = asyncio.get_running_loop().create_task(self._deliver())
            return True
        if method == "deletewebhook":
            self.webhook = None
            if p.get("drop_pending_updates"):
                self.updates.clear()
            return True
        if method == "sendmessage":
            return self._send_message(p)
        if method == "editmessagetext":
            return self._edit_message(p)
        if method == "sendphoto":
            return self._send_photo(p)
        if method == "answercallbackquery":
            state = self.queries.get(str(p["callback_query_id"]))
            if state is None or state["answered"]:
                raise ApiError(QUERY_INVALID)
            if len(p.get("text", "")) > 200:
                raise ApiError("Bad Request: MESSAGE_TOO_LONG")
            state["answered"] += 1
            state["text"] = p.get("text")
            return True
        if method == "answerinlinequery":
            return self._answer_inline(p)
        if method == "sendchataction":
            self._known_chat(p["chat_id"])
            return True
        return True  # setMyCommands, close, …: accepted (already spec-checked)

    async def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        offset = int(p.get("offset", 0))
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        limit = int(p.get("limit", 100))
        timeout = float(p.get("timeout", 0))
        self.polls += 1
        mine = self.polls
        self._notify()  # a pending long poll ends with 409
        if not self.updates and timeout > 0 and not self.closing:
            with contextlib.suppress(TimeoutError):
                async with self.changed:
                    await asyncio.wait_for(
                        self.changed.wait_for(
                            lambda: bool(self.updates) or self.closing or self.polls != mine
                        ),
                        timeout,
                    )
        if self.polls != mine:
            raise ApiError(
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
                409,
            )
        return self.updates[:limit]

    def _known_chat(self, chat_id: Any) -> dict[str, Any]:
        chat = self.chats.get(int(chat_id)) if str(chat_id).lstrip("-").isdigit() else None
        if chat is None:
            raise ApiError("Bad Request: chat not found")
        return chat

    def _check_text(self, p: dict[str, Any], key: str = "text") -> str:
        text = p[key]
        if p.get("parse_mode") == "HTML":
            try:
                text = parse(text)
            except HtmlError as exc:
                raise ApiError(f"Bad Request: can't parse entities: {exc}") from None
        elif p.get("parse_mode") not in (None, ""):
            raise ApiError("Bad Request: unsupported parse_mode in this fake")
        text = text.strip()
        if not text:
            raise ApiError("Bad Request: message text is empty")
        if utf16_len(text) > 4096:
            raise ApiError("Bad Request: message is too long")
        return text

    @staticmethod
    def _check_markup(markup: Any) -> Any:
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError("Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError("Bad Request: text buttons are unallowed in the inline keyboard")
        return markup

    def _check_flood(self, chat_id: int) -> None:
        """Telegram's flood limits as sliding windows, 20% shorter than Telegram's.

        The slack stands for Telegram's own leniency: between taking a place in the
        budget and reaching the server a message may wait for the CPU (two replicas, the
        server and the test share two cores here). Two replicas each keeping the limit on
        its own would still send twice the limit: far beyond the slack.
        """
        if self.flood is None:
            return
        overall, per_chat, per_group = self.flood
        now = time.monotonic()
        self._sent_times = [(t, c) for t, c in self._sent_times if now - t < 60]
        second = [c for t, c in self._sent_times if now - t < 0.8]
        minute = [c for t, c in self._sent_times if now - t < 48]
        if (
            (overall and len(second) >= overall)
            or (per_chat and second.count(chat_id) >= per_chat)
            or (per_group and chat_id < 0 and minute.count(chat_id) >= per_group)
        ):
            self.flood_violations += 1
            self.flood_log.append((now, chat_id, len(second), second.count(chat_id)))
            raise ApiError("Too Many Requests: retry after 1", 429, retry_after=1)
        self._sent_times.append((now, chat_id))

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(p["chat_id"])
        self._check_flood(chat["id"])
        text = self._check_text(p)
        markup = self._check_markup(p.get("reply_markup"))
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "MigBot", "username": BOT_USERNAME}
        message = self._message(chat["id"], bot, text)
        message["html"] = p["text"]  # kept for assertions; stripped before returning
        message["_at"] = time.perf_counter()  # when it was sent (benchmarks)
        if markup is not None:
            message["reply_markup"] = markup
        return self._post(chat["id"], message, p.get("reply_parameters"))

    def _post(self, chat_id: int, message: dict[str, Any], reply: Any) -> Any:
        """A bot's new message in ``chat_id``: checks what it replies to, then keeps it."""
        if reply is not None:
            original = self.messages.get((chat_id, reply["message_id"]))
            if original is None and not reply.get("allow_sending_without_reply"):
                raise ApiError("Bad Request: message to be replied not found")
            if original is not None:
                message["reply_to_message"] = _public(original)
        self.messages[(chat_id, message["message_id"])] = message
        self.by_bot.setdefault(chat_id, []).append(message)
        return _public(message)

    def _photo_size(self, photo: Any) -> dict[str, Any]:
        """The PhotoSize of an uploaded PNG (kept under a new file_id) or of a known file_id."""
        if isinstance(photo, str):
            if photo not in self.files:
                raise ApiError(WRONG_FILE)
            return self.files[photo]
        assert isinstance(photo, Upload)  # the spec admits nothing else
        data = photo.data
        if len(data) > PHOTO_MAX:
            raise ApiError("Bad Request: file is too big")
        if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
            raise ApiError("Bad Request: IMAGE_PROCESS_FAILED")  # this fake reads PNG only
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if not 0 < width + height <= 10000 or max(width, height) > 20 * min(width, height):
            raise ApiError("Bad Request: PHOTO_INVALID_DIMENSIONS")
        number = len(self.files) + 1
        size = {
            "file_id": f"AgACAgPhoto{number:06d}",
            "file_unique_id": f"AQADPh{number:06d}",
            "width": width,
            "height": height,
            "file_size": len(data),
        }
        self.files[size["file_id"]] = size
        self.uploads.append(photo)
        return size

    def _send_photo(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(p["chat_id"])
        caption = self._check_text(p, "caption") if p.get("caption") else None
        if caption is not None and utf16_len(caption) > 1024:
            raise ApiError("Bad Request: message caption is too long")
        markup = self._check_markup(p.get("reply_markup"))
        size = self._photo_size(p["photo"])
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "MigBot", "username": BOT_USERNAME}
        message = self._message(chat["id"], bot, "")
        del message["text"]
        message["photo"] = [size]
        message["_at"] = time.perf_counter()
        if caption is not None:
            message["caption"] = caption
        if markup is not None:
            message["reply_markup"] = markup
        return self._post(chat["id"], message, p.get("reply_parameters"))

    def _edit_message(self, p: dict[str, Any]) -> Any:
        if "inline_message_id" in p:
            self._check_text(p)
            return True
        if "chat_id" not in p or "message_id" not in p:
            raise ApiError("Bad Request: message identifier is not specified")
        chat = self._known_chat(p["chat_id"])
        message = self.messages.get((chat["id"], int(p["message_id"])))
        if message is None:
            raise ApiError("Bad Request: message to edit not found")
        if message["from"]["id"] != BOT_ID:
            raise ApiError("Bad Request: message can't be edited")
        text = self._check_text(p)
        markup = self._check_markup(p.get("reply_markup"))
        if text == message["text"] and markup == message.get("reply_markup"):
            raise ApiError(NOT_MODIFIED)
        message["text"] = text
        message["html"] = p["text"]
        message["edit_date"] = int(time.time())
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        return _public(message)

    def _answer_inline(self, p: dict[str, Any]) -> bool:
        state = self.inline_queries.get(str(p["inline_query_id"]))
        if state is None or state["answered"]:
            raise ApiError(QUERY_INVALID)
        results = p["results"]
        if len(results) > 50:
            raise ApiError("Bad Request: RESULTS_TOO_MUCH")
        ids = set()
        for result in results:
            rid = result.get("id", "")
            if not 1 <= len(rid.encode()) <= 64:
                raise ApiError("Bad Request: RESULT_ID_INVALID")
            if rid in ids:
                raise ApiError("Bad Request: RESULT_ID_DUPLICATE")
            ids.add(rid)
            content = result.get("input_message_content")
            if content and "message_text" in content:
                self._check_text(content, "message_text")
            self._check_markup(result.get("reply_markup"))
        state["answered"] += 1
        state["results"] = results
        state["next_offset"] = p.get("next_offset", "")
        return True


def _chat_key(update: dict[str, Any]) -> Any:
    """What an update stays in order with: its chat, else its sender."""
    if "message" in update:
        return update["message"]["chat"]["id"]
    query = update.get("callback_query")
    if query is not None:
        return query["message"]["chat"]["id"] if "message" in query else ("u", query["from"]["id"])
    for value in update.values():
        if isinstance(value, dict) and "from" in value:
            return ("u", value["from"]["id"])
    return ("update", update["update_id"])


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k != "html" and not k.startswith("_")}


def _loose(params: dict[str, Any], form: bool) -> dict[str, Any]:
    """Without the spec: decode JSON-looking form values so the rest still works."""
    if not form:
        return params
    out = {}
    for key, value in params.items():
        if not isinstance(value, str):  # an uploaded file
            out[key] = value
            continue
        try:
            out[key] = (
                json.loads(value) if value[:1] in "[{" or value.lstrip("-").isdigit() else value
            )
        except ValueError:
            out[key] = value
    return out


async def _params(request: web.Request) -> tuple[dict[str, Any], bool]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.read()
        if body:
            params.update(json.loads(body))
        return params, False
    if request.can_read_body:
        data = await request.post()
        for key, value in data.items():
            if isinstance(value, str):
                params[key] = value
            elif isinstance(value, web.FileField):  # a file part of multipart/form-data
                params[key] = Upload(value.filename, value.content_type, value.file.read())
    return params, True


def _error(exc: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.code)
