"""The delivery journal: which updates are handled, and which messages each one sent.

Telegram delivers an update at least once (again after a crash, a lost confirmation or a
webhook answered too late); the journal makes the bot act on it once. Two records:

- *handled* update ids: a redelivered update that is already handled is skipped;
- *parts*: for each update, the messages its answer sent, by sequence number. A part is
  written ``sending`` before its request leaves and ``sent`` (with Telegram's message id)
  once Telegram confirms it, so a redelivered update re-sends only the parts that never
  went out, and a ``sending`` part (its fate unknown) is checked before it is sent again.

Telegram forgets updates after 24 hours, so entries older than ``KEEP_SECONDS`` are pruned.
``SqliteJournal`` is the embedded default (a file in the state directory); every method is
a coroutine so a shared store (Redis) can implement the same interface.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple, Protocol

from migbot.ops.statedir import private_file

KEEP_SECONDS = 48 * 3600  # twice Telegram's own retention of undelivered updates
PRUNE_EVERY = 1000  # updates marked between two prunes

SENDING = "sending"
SENT = "sent"


class Part(NamedTuple):
    state: str  # SENDING or SENT
    chat_id: int
    message_id: int | None


class Journal(Protocol):
    async def is_handled(self, update_id: int) -> bool: ...
    async def mark_handled(self, update_id: int) -> None: ...
    async def part(self, update_id: int, seq: int) -> Part | None: ...
    async def sending(self, update_id: int, seq: int, chat_id: int) -> None: ...
    async def sent(self, update_id: int, seq: int, chat_id: int, message_id: int) -> None: ...
    async def last_message(self, chat_id: int) -> int | None: ...
    async def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS handled (update_id INTEGER PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS parts (
    update_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    message_id INTEGER,
    at REAL NOT NULL,
    PRIMARY KEY (update_id, seq)
);
CREATE INDEX IF NOT EXISTS parts_chat ON parts (chat_id, message_id);
CREATE INDEX IF NOT EXISTS handled_at ON handled (at);
CREATE INDEX IF NOT EXISTS parts_at ON parts (at);
"""


class SqliteJournal:
    """The journal in one SQLite file (WAL; each write its own short transaction).

    Writes are a few tens of microseconds and done on the event loop: a thread hop would
    cost more. WAL with ``synchronous=NORMAL`` survives the process being killed (the data
    is in the operating system's cache); only a power cut can lose the last writes.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            private_file(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            str(self.path), check_same_thread=False, timeout=5.0, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._marked = 0

    async def is_handled(self, update_id: int) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM handled WHERE update_id = ?", (update_id,)
            ).fetchone()
        return row is not None

    async def mark_handled(self, update_id: int) -> None:
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO handled (update_id, at) VALUES (?, ?)", (update_id, now)
            )
            self._marked += 1
            if self._marked % PRUNE_EVERY == 0:
                self._prune(now - KEEP_SECONDS)

    async def part(self, update_id: int, seq: int) -> Part | None:
        with self._lock:
            row = self._db.execute(
                "SELECT state, chat_id, message_id FROM parts WHERE update_id = ? AND seq = ?",
                (update_id, seq),
            ).fetchone()
        return Part(row[0], row[1], row[2]) if row else None

    async def sending(self, update_id: int, seq: int, chat_id: int) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO parts (update_id, seq, chat_id, state, at)"
                " VALUES (?, ?, ?, ?, ?)",
                (update_id, seq, chat_id, SENDING, time.time()),
            )

    async def sent(self, update_id: int, seq: int, chat_id: int, message_id: int) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO parts (update_id, seq, chat_id, state, message_id, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (update_id, seq, chat_id, SENT, message_id, time.time()),
            )

    async def last_message(self, chat_id: int) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT MAX(message_id) FROM parts WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _prune(self, before: float) -> None:
        self._db.execute("DELETE FROM handled WHERE at < ?", (before,))
        self._db.execute("DELETE FROM parts WHERE at < ?", (before,))

    async def close(self) -> None:
        with self._lock:
            self._db.close()
