"""Chats side by side, each chat in order: the update processor, driven by gates, not time.

Each fake update's handling waits on an ``asyncio.Event`` the test opens, so what may run
at once, and in what order things finish, is decided by the test alone.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Update

from migbot.telegram.ordering import ChatOrderedProcessor, conversation


def message_update(update_id: int, chat: int, user: int = 7) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat, "type": "private"},
                "from": {"id": user, "is_bot": False, "first_name": "A"},
                "text": "hi",
            },
        },
        None,
    )


class Gated:
    """Runs updates through a processor; each handling starts, then waits for its gate."""

    def __init__(self, processor: ChatOrderedProcessor) -> None:
        self.processor = processor
        self.started: list[int] = []
        self.finished: list[int] = []
        self.gates: dict[int, asyncio.Event] = {}
        self.tasks: list[asyncio.Task[None]] = []

    async def handle(self, update_id: int) -> None:
        self.started.append(update_id)
        await self.gates[update_id].wait()
        self.finished.append(update_id)

    def feed(self, update: Update) -> None:
        """As PTB does: one task per update, created in arrival order."""
        self.gates[update.update_id] = asyncio.Event()
        coroutine = self.handle(update.update_id)
        self.tasks.append(asyncio.create_task(self.processor.process_update(update, coroutine)))

    async def settle(self) -> None:
        """Let every task run until it waits on something the test controls."""
        for _ in range(20):
            await asyncio.sleep(0)

    async def open(self, update_id: int) -> None:
        self.gates[update_id].set()
        await self.settle()


async def test_other_chats_go_ahead_while_one_chat_keeps_its_order() -> None:
    run = Gated(ChatOrderedProcessor(limit=4))
    run.feed(message_update(1, chat=10))
    run.feed(message_update(2, chat=10))
    run.feed(message_update(3, chat=20))
    await run.settle()
    assert run.started == [1, 3]  # chat 10's second update waits for its first
    await run.open(3)
    assert run.finished == [3]  # chat 20 did not wait for chat 10
    await run.open(2)
    assert run.finished == [3] and run.started == [1, 3]  # opened early: still after 1
    await run.open(1)
    assert run.finished == [3, 1, 2]
    await asyncio.wait_for(run.processor.idle(), 1)


async def test_at_most_limit_updates_are_handled_at_once() -> None:
    run = Gated(ChatOrderedProcessor(limit=2))
    for update_id, chat in ((1, 10), (2, 20), (3, 30), (4, 10)):
        run.feed(message_update(update_id, chat))
    await run.settle()
    assert run.started == [1, 2]
    await run.open(2)
    assert run.started == [1, 2, 3]  # a place came free
    await run.open(1)
    assert run.started == [1, 2, 3, 4]
    await run.open(3)
    await run.open(4)
    assert run.finished == [2, 1, 3, 4]


async def test_a_waiting_chat_does_not_take_a_working_place() -> None:
    """Chat 10's queue must not fill the working places while other chats could run."""
    run = Gated(ChatOrderedProcessor(limit=2))
    for update_id in (1, 2, 3):
        run.feed(message_update(update_id, chat=10))
    run.feed(message_update(4, chat=20))
    await run.settle()
    assert run.started == [1, 4]


async def test_idle_waits_for_every_update_including_queued_ones() -> None:
    run = Gated(ChatOrderedProcessor(limit=1))
    run.feed(message_update(1, chat=10))
    run.feed(message_update(2, chat=20))
    await run.settle()
    idle = asyncio.create_task(run.processor.idle())
    await run.open(1)
    assert not idle.done()  # update 2 still to come
    await run.open(2)
    await asyncio.wait_for(idle, 1)


async def test_a_failing_or_cancelled_update_does_not_stall_its_chat() -> None:
    processor = ChatOrderedProcessor(limit=2)
    done: list[int] = []

    async def fail() -> None:
        raise RuntimeError("handler failed")

    async def ok(n: int) -> None:
        done.append(n)

    first = asyncio.create_task(processor.process_update(message_update(1, 10), fail()))
    blocked = asyncio.Event()

    async def wait_forever() -> None:
        await blocked.wait()

    second = asyncio.create_task(processor.process_update(message_update(2, 10), wait_forever()))
    third = asyncio.create_task(processor.process_update(message_update(3, 10), ok(3)))
    with pytest.raises(RuntimeError):
        await first
    for _ in range(10):
        await asyncio.sleep(0)
    second.cancel()
    await asyncio.wait_for(third, 1)
    assert done == [3] and second.cancelled()
    await asyncio.wait_for(processor.idle(), 1)


def test_conversation_of_an_update() -> None:
    assert conversation(message_update(1, chat=-100, user=7)) == ("chat", -100)
    inline: Any = Update.de_json(
        {
            "update_id": 5,
            "inline_query": {
                "id": "q",
                "from": {"id": 9, "is_bot": False, "first_name": "B"},
                "query": "x",
                "offset": "",
            },
        },
        None,
    )
    assert conversation(inline) == ("user", 9)
    assert conversation(Update(update_id=6)) is None
    assert conversation("not an update") is None


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ChatOrderedProcessor(limit=0)
