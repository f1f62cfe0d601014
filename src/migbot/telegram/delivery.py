"""Every update answered once: handled before it is confirmed, each message sent once.

Receiving (``Deliverer``, used by the poller and the webhook): an update is handled, then
recorded as handled in the journal (``migbot.ops.journal``), and only then confirmed to
Telegram (the next ``getUpdates`` offset, or the webhook's 200). A crash before that makes
Telegram deliver it again; the journal then skips it if it was handled after all.

Sending (``DeliveryLimiter``, the bot's rate limiter, so every request passes through it):

- flood limits as PTB's ``AIORateLimiter`` applies them, or, with several replicas, from
  the budget they share in Redis (``migbot.ops.redisstore``);
- a 429 is waited out for its ``retry_after``, every request paused meanwhile, as often as
  Telegram asks until ``deadline`` seconds have passed;
- an error Telegram returns for a request it did not carry out (5xx), or a request that
  cannot have reached it (``NotSent``), is retried with backoff until the deadline;
- a ``sendMessage`` whose answer was lost (``ResponseLost``: Telegram may or may not have
  sent the message) is not sent again blindly. Each message an update sends is journalled
  ``sending`` before the request and ``sent`` after it, by its place in the answer. When
  the fate of a part is unknown (its answer lost, or the process died after ``sending``),
  the bot *checks*: it asks Telegram to edit the next messages of that chat (after the
  user's message and everything the journal knows was sent there) into the very same
  text. "message is not modified" means that message is the lost part: it was delivered,
  nothing is sent. "message to edit not found" means there is no later message: it was
  not delivered, and it is sent now. Someone else's message ("can't be edited") is
  stepped over, up to ``PROBES`` messages. So nothing is lost and nothing is sent twice.
  Left open: the check counts on message ids following each other within a chat (as
  Telegram numbers them); a gap right there (a deleted message) makes it err towards
  sending again. And an update handled by two replicas at once (Telegram giving up on
  the first before it answered) is not locked against: both may send it.
- a request given up at the deadline marks the update *undelivered*: it is not recorded
  as handled nor confirmed, so Telegram delivers it again later; no apology replaces it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Hashable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from telegram import Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

from migbot.ops.journal import SENT, Journal
from migbot.telegram import logsafe
from migbot.telegram.jsonrequest import ResponseLost
from migbot.telegram.ordering import conversation

log = logging.getLogger(__name__)

AnyApp = Any  # telegram.ext.Application; kept loose to avoid an import cycle with app.py
Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]

BLOCK_SECONDS = 3600.0  # how long a chat's later updates wait for one left undelivered
PROBES = 50  # later messages of a chat looked at to find a part whose answer was lost
NOT_MODIFIED = "message is not modified"
NOT_FOUND = "message to edit not found"
QUERY_TOO_OLD = "query is too old"


class FloodBudget(Protocol):
    """Telegram's flood limits kept for several processes (``ops.redisstore``)."""

    async def wait_ms(self, chat_id: int | str | None) -> int: ...
    async def pause(self, seconds: float) -> None: ...


@dataclass
class InHand:
    """The update being handled in this task: what the sending side needs to know."""

    update_id: int
    anchor: int | None  # the message the answer follows (the user's, or the pressed one)
    seq: int = 0  # the next message of the answer
    undelivered: BaseException | None = None


CURRENT: ContextVar[InHand | None] = ContextVar("migbot_in_hand", default=None)


def undelivered() -> bool:
    """Did the update handled in this task fail to reach Telegram (no apology then)?"""
    hand = CURRENT.get()
    return hand is not None and hand.undelivered is not None


def in_hand(update: Update) -> InHand:
    if update.callback_query is not None and update.callback_query.message is not None:
        anchor: int | None = update.callback_query.message.message_id
    elif update.effective_message is not None:
        anchor = update.effective_message.message_id
    else:
        anchor = None
    return InHand(update.update_id, anchor)


def _stand_in(chat_id: int, message_id: int) -> dict[str, Any]:
    """What a skipped ``sendMessage`` returns: enough for PTB to build a ``Message``."""
    return {"message_id": message_id, "date": 0, "chat": {"id": chat_id, "type": "private"}}


class DeliveryLimiter(AIORateLimiter):
    """Flood limits, 429s waited out, safe retries, and each message sent once (see above)."""

    def __init__(
        self,
        journal: Journal,
        *,
        deadline: float = 300.0,
        max_backoff: float = 5.0,
        budget: FloodBudget | None = None,
        **limits: Any,
    ) -> None:
        super().__init__(max_retries=0, **limits)
        self.journal = journal
        self.deadline = deadline
        self.max_backoff = max_backoff
        self.budget = budget  # shared by replicas; else PTB's limiters in this process

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        hand = CURRENT.get()
        if endpoint != "sendMessage" or hand is None or "chat_id" not in data:
            return await self._until_done(callback, args, kwargs, endpoint, data)
        return await self._send_once(hand, callback, kwargs, data)

    # --- one message of an answer, once -------------------------------------------------

    async def _send_once(
        self, hand: InHand, callback: Callback, kwargs: dict[str, Any], data: dict[str, Any]
    ) -> Result:
        seq, hand.seq = hand.seq, hand.seq + 1
        chat_id = int(data["chat_id"])
        known = await self.journal.part(hand.update_id, seq)
        if known is not None and known.state == SENT and known.message_id is not None:
            return _stand_in(chat_id, known.message_id)  # sent before a crash or redelivery
        unsure = known is not None  # "sending" left by a run that died mid-request
        if not unsure:
            await self.journal.sending(hand.update_id, seq, chat_id)
        try:
            while True:
                if unsure:
                    found = await self._find(hand, callback, kwargs, data, chat_id)
                    if found is not None:
                        log.info("update %d part %d delivered after all", hand.update_id, seq)
                        await self.journal.sent(hand.update_id, seq, chat_id, found)
                        return _stand_in(chat_id, found)
                try:
                    result = await self._until_done(
                        callback, ("sendMessage", data), kwargs, "sendMessage", data, lost_ok=False
                    )
                except ResponseLost as exc:
                    log.warning("sendMessage answer lost (%s): checking before resending", exc)
                    unsure = True
                    continue
                if isinstance(result, dict) and "message_id" in result:
                    message_id = int(result["message_id"])
                    await self.journal.sent(hand.update_id, seq, chat_id, message_id)
                return result
        except BaseException as exc:  # the check's requests may fail the same ways
            hand.undelivered = exc if _transient(exc) else None
            raise

    async def _find(
        self,
        hand: InHand,
        callback: Callback,
        kwargs: dict[str, Any],
        data: dict[str, Any],
        chat_id: int,
    ) -> int | None:
        """The id of a message of ``chat_id`` identical to ``data``'s, after what is known."""
        after = max(hand.anchor or 0, await self.journal.last_message(chat_id) or 0)
        if not after:
            return None  # nothing to count from: send again
        probe: dict[str, Any] = {
            key: data[key]
            for key in ("text", "parse_mode", "reply_markup", "link_preview_options")
            if key in data
        }
        for message_id in range(after + 1, after + 1 + PROBES):
            body: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id, **probe}
            try:
                await self._until_done(
                    callback, ("editMessageText", body), kwargs, "editMessageText", body
                )
            except BadRequest as exc:
                text = str(exc).lower()  # PTB capitalises Telegram's descriptions
                if NOT_MODIFIED in text:
                    return message_id
                if NOT_FOUND in text:
                    return None
                continue  # someone else's message: look further
            # Edited: a message of ours the journal did not know, now showing this part.
            log.warning("check of a lost message changed message %d of a chat", message_id)
            return message_id
        return None

    # --- one request, until Telegram has carried it out or the deadline ----------------

    async def _until_done(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        *,
        lost_ok: bool = True,
    ) -> Result:
        """``callback`` until it succeeds; 429s and failures Telegram did not act on retried.

        ``lost_ok``: the request may be sent again after its answer was lost (edits and
        callback answers are idempotent: the second one says "not modified"/"too old").
        """
        deadline = time.monotonic() + self.deadline
        delay = 0.05
        lost_before = False
        while True:
            try:
                return await self._limited(callback, args, kwargs, data)
            except RetryAfter as exc:
                wait = exc._retry_after.total_seconds() + 0.1
                if time.monotonic() + wait > deadline:
                    raise
                log.info("%s: 429, waiting %.1fs as Telegram asks", endpoint, wait)
                if self.budget is not None:
                    await self.budget.pause(wait)  # every replica waits
                else:
                    await self._pause_all(wait)
                continue
            except BadRequest as exc:
                text = str(exc).lower()
                if lost_before and (NOT_MODIFIED in text or QUERY_TOO_OLD in text):
                    return True  # the lost first attempt had done it
                raise
            except (Forbidden, InvalidToken, Conflict):
                raise  # Telegram refused: sending again changes nothing
            except ResponseLost:
                if not lost_ok:
                    raise
                lost_before = True
            except NetworkError as exc:  # NotSent, or a 5xx: not carried out
                if endpoint == "getUpdates":
                    raise
                log.warning("%s failed (%s), retrying", endpoint, logsafe.scrub(str(exc)))
            if time.monotonic() + delay > deadline:
                raise NetworkError(f"{endpoint}: Telegram unreachable for {self.deadline:.0f}s")
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_backoff)

    async def _limited(
        self, callback: Callback, args: Any, kwargs: dict[str, Any], data: dict[str, Any]
    ) -> Result:
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        if self.budget is not None:
            if chat_id is not None:
                while wait := await self.budget.wait_ms(chat_id):
                    await asyncio.sleep(wait / 1000)
            return await callback(*args, **kwargs)
        group: int | str | bool = False
        if (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str):
            group = chat_id
        return await self._run_request(
            chat=chat_id is not None,
            group=group,
            allow_paid_broadcast=bool(data.get("allow_paid_broadcast", False)),
            callback=callback,
            args=args,
            kwargs=kwargs,
        )

    async def _pause_all(self, seconds: float) -> None:
        """Hold every request of this bot for ``seconds`` (Telegram's 429 is per bot)."""
        self._retry_after_event.clear()
        try:
            await asyncio.sleep(seconds)
        finally:
            self._retry_after_event.set()


def _transient(exc: BaseException) -> bool:
    """Telegram could not be reached in time (as opposed to refusing the request)."""
    if isinstance(exc, BadRequest | Forbidden | InvalidToken | Conflict):
        return False
    return isinstance(exc, NetworkError | RetryAfter)


class Deliverer:
    """Handles one update at least once and acts on it at most once (see the module doc).

    Order survives failures too: once an update of a chat is left undelivered, the later
    updates of that chat are refused (left for Telegram to deliver again) until that one
    comes back and is handled, so a chat never sees an answer overtake an earlier one.
    """

    def __init__(self, application: AnyApp, journal: Journal) -> None:
        self.application = application
        self.journal = journal
        # chat → (its update left undelivered, when): later ones wait for it, not forever
        # (Telegram gives up on an update after a day; a webhook may never bring it back).
        self.blocked: dict[Hashable, tuple[int, float]] = {}

    async def fresh(self, update: Update) -> bool:
        """Not handled before (check in arrival order, before ``handle``)."""
        return not await self.journal.is_handled(update.update_id)

    async def handle(self, update: Update) -> bool:
        """Handle ``update``; True when it is done with (may be confirmed to Telegram).

        Start these in arrival order without awaiting between them: the update processor
        keeps each chat's updates in the order they start.
        """
        hand = in_hand(update)
        CURRENT.set(hand)  # this task's own context (a task copies its context at creation)
        app = self.application
        await app.update_processor.process_update(update, self._in_turn(update, hand))
        if hand.undelivered is not None:
            log.warning("update %d not delivered, left for Telegram to resend", update.update_id)
            return False
        await self.journal.mark_handled(update.update_id)
        return True

    async def _in_turn(self, update: Update, hand: InHand) -> None:
        """The chat's turn has come (earlier updates of it are done): handle, or refuse."""
        key = conversation(update)
        block = self.blocked.get(key) if key is not None else None
        if block is not None and time.monotonic() - block[1] > BLOCK_SECONDS:
            block = None
        if block is not None and update.update_id > block[0]:
            hand.undelivered = Refused(f"an earlier update of this chat ({block[0]}) is pending")
            return
        await self.application.process_update(update)
        if key is None:
            return
        if hand.undelivered is not None:
            self.blocked.setdefault(key, (update.update_id, time.monotonic()))
        else:
            self.blocked.pop(key, None)


class Refused(Exception):
    """Not handled: an earlier update of the same chat is still to be answered."""
