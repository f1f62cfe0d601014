"""Long polling that confirms an update only once it is handled.

PTB's ``Updater`` confirms each batch of ``getUpdates`` as soon as it has queued it, and its
queue has no bound: a crash loses everything queued, and a backlog grows the process.
Here a batch of at most ``batch`` updates is fetched, handled (chats side by side, each in
order), recorded in the journal, and only then confirmed by the next ``getUpdates``
offset. Nothing more is fetched meanwhile, so memory is bounded by one batch.

Stopping (SIGTERM): no further fetch; the batch in hand gets ``stop_seconds`` to finish,
then what is left is cancelled and stays unconfirmed, so Telegram delivers it again to the
next start (the journal skips what was handled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter

from migbot.telegram import logsafe
from migbot.telegram.delivery import Deliverer

log = logging.getLogger(__name__)

MAX_BACKOFF = 2.0  # seconds between getUpdates attempts while Telegram cannot be reached
CONFLICT = (
    "Telegram answered 409 Conflict: another process is polling this bot's updates"
    " (only one poller per bot; run replicas in webhook mode). Retrying every %.0f s."
)


class Poller:
    def __init__(
        self,
        application: Any,
        deliverer: Deliverer,
        *,
        batch: int = 100,
        poll_timeout: int = 10,
        stop_seconds: float = 10.0,
        conflict_retry: float = 5.0,
    ) -> None:
        self.application = application
        self.deliverer = deliverer
        self.batch = batch
        self.poll_timeout = poll_timeout
        self.stop_seconds = stop_seconds
        self.conflict_retry = conflict_retry
        self.stopping = asyncio.Event()
        self.offset: int | None = None  # the first update not yet handled
        self.polled = False  # a getUpdates has answered

    def stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        """Fetch, handle, confirm, until ``stop()``; then confirm what was handled."""
        backoff = 0.0
        told_conflict = False
        while not self.stopping.is_set():
            if backoff:
                await self._pause(backoff)
                if self.stopping.is_set():
                    break
            try:
                updates = await self._fetch()
            except Conflict:
                if not told_conflict:
                    log.error(CONFLICT, self.conflict_retry)
                    told_conflict = True
                backoff = self.conflict_retry
                continue
            except InvalidToken:
                raise
            except RetryAfter as exc:
                backoff = exc._retry_after.total_seconds()
                continue
            except NetworkError as exc:
                log.warning("getUpdates failed: %s", logsafe.scrub(str(exc)))
                backoff = min(max(backoff * 2, 0.1), MAX_BACKOFF)
                continue
            if updates is None:
                break  # stopping
            told_conflict, backoff = False, 0.0
            if updates:
                handled = await self._handle(updates)
                if not handled:
                    backoff = 1.0  # Telegram unreachable for the deadline: try again later
        await self._confirm()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def _fetch(self) -> list[Update] | None:
        """One ``getUpdates`` from ``offset``; None when stopped meanwhile."""
        fetch = asyncio.ensure_future(
            self.application.bot.get_updates(
                offset=self.offset,
                limit=self.batch,
                # The first call returns at once: start-up is visible without a long poll.
                timeout=self.poll_timeout if self.polled else 0,
                allowed_updates=Update.ALL_TYPES,
            )
        )
        stopped = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, NetworkError):
                await fetch
            return None
        self.polled = True
        return list(fetch.result())

    async def _handle(self, updates: list[Update]) -> bool:
        """Handle a batch; move ``offset`` past what is done. False if any was undelivered."""
        fresh = [u for u in updates if await self.deliverer.fresh(u)]
        # Started in arrival order with no await in between: each chat's order is kept.
        tasks = [asyncio.create_task(self.deliverer.handle(u)) for u in fresh]
        if tasks:
            await self._finish(tasks)
        done = {u.update_id for u, t in zip(fresh, tasks, strict=True) if _succeeded(t)}
        done |= {u.update_id for u in updates} - {u.update_id for u in fresh}
        for update in updates:
            if update.update_id not in done:
                self.offset = update.update_id  # confirm what comes before it only
                return False
        self.offset = updates[-1].update_id + 1
        return True

    async def _finish(self, tasks: list[asyncio.Task[bool]]) -> None:
        """Until every task is done; once stopping, ``stop_seconds`` more at most."""
        everything: asyncio.Future[list[Any]] = asyncio.gather(*tasks, return_exceptions=True)
        stopped: asyncio.Future[Any] = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait([everything, stopped], return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if everything.done():
            return
        log.info("stopping: %d update(s) in hand, %.0f s to finish", len(tasks), self.stop_seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(everything), self.stop_seconds)
        if not everything.done():
            left = sum(not t.done() for t in tasks)
            log.warning("stopping: %d update(s) left unconfirmed for the next start", left)
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)

    async def _confirm(self) -> None:
        """Tell Telegram what was handled, so the next start does not fetch it again."""
        if self.offset is None:
            return
        with contextlib.suppress(NetworkError, RetryAfter, Conflict, asyncio.TimeoutError):
            await asyncio.wait_for(
                self.application.bot.get_updates(offset=self.offset, limit=1, timeout=0), 5
            )


def _succeeded(task: asyncio.Task[bool]) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None and task.result()
