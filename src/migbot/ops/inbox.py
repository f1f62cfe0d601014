"""The unanswered-question inbox: what people asked that the knowledge could not answer.

An observer of ``AssistantHolder``. It stores every ``out_of_scope`` reply to a question and
every "None of these" press after a clarification, with the reading the bot considered, in
SQLite (WAL, one short transaction per entry; the embedded default) or in PostgreSQL when
``MIGBOT_DATABASE_URL`` is set (``migbot.ops.inbox_pg``, shared by replicas), so maintainers
can see what to add next (``migbot report``, admin ``/inbox``).

Privacy: no names, no message ids; the chat is stored only as an HMAC-SHA256 keyed with a
secret that is *not* in the database (``MIGBOT_INBOX_KEY``, else a key file created 0600 in
the state directory on first start). Chat ids are small numbers: with the key a hash could
be brute-forced, without it not. The hash still lets the report count distinct askers.
Entries older than ``MIGBOT_INBOX_RETENTION_DAYS`` (default 90) are deleted; the SQLite
file is readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import threading
import time
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migbot.ops import statedir
from migbot.ops.holder import AssistantHolder, Exchange

log = logging.getLogger(__name__)

OUT_OF_SCOPE = "out_of_scope"
NONE_OF_THESE = "none_of_these"
MAX_QUESTION = 2000  # characters kept of a question; enough to read it, bounded storage
RETENTION_DAYS = 90.0
KEY_FILE = "inbox.key"
PRUNE_EVERY = 500  # entries added between two deletions of expired ones

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    chat TEXT NOT NULL,
    intent TEXT,
    entity TEXT,
    confidence REAL,
    slots TEXT NOT NULL DEFAULT '{}',
    candidates TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS unanswered_ts ON unanswered (ts);
"""


def default_inbox_path(state_dir: Path | str | None = None) -> Path:
    """``MIGBOT_INBOX``, else ``inbox.sqlite3`` in the state directory (as the bot)."""
    given = os.environ.get("MIGBOT_INBOX")
    if given:
        return Path(given)
    return Path(state_dir or statedir.default_state_dir()) / "inbox.sqlite3"


def inbox_key(given: str | None = None, state_dir: Path | str | None = None) -> bytes:
    """The HMAC key: ``given``, else ``MIGBOT_INBOX_KEY``, else the state dir's key file.

    The key file is made once (0600, 32 random bytes as hex) and kept apart from the
    database, so a copy of the inbox alone cannot tell whose questions are in it.
    """
    key = given or os.environ.get("MIGBOT_INBOX_KEY")
    if key:
        return key.encode()
    path = statedir.prepare(state_dir) / KEY_FILE
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def retention_days() -> float:
    value = os.environ.get("MIGBOT_INBOX_RETENTION_DAYS")
    return float(value) if value else RETENTION_DAYS


@dataclass(frozen=True)
class Entry:
    """One unanswered question, with what the bot made of it."""

    ts: float
    kind: str  # OUT_OF_SCOPE or NONE_OF_THESE
    question: str
    chat: str  # HMAC-SHA256 of the transport's chat key
    intent: str | None = None
    entity: str | None = None
    confidence: float | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)  # "intent:entity" readings offered


def entry_for(exchange: Exchange, hash_chat: Callable[[str], str] | None = None) -> Entry | None:
    """The inbox entry an exchange makes, or None when it was answered."""
    hasher: Callable[[str], str] = hash_chat or (lambda key: key)
    reply = exchange.reply
    if exchange.question is not None and reply.intent == OUT_OF_SCOPE:
        if not exchange.question.strip():
            return None  # an empty message teaches nothing
        candidates = [_candidate(c) for c in reply.slots.get("candidates", []) or []]
        return Entry(
            ts=time.time(),
            kind=OUT_OF_SCOPE,
            question=exchange.question[:MAX_QUESTION],
            chat=hasher(exchange.chat_key),
            intent=reply.intent,
            entity=reply.entity,
            confidence=reply.confidence,
            slots=_jsonable({k: v for k, v in reply.slots.items() if k != "candidates"}),
            candidates=[c for c in candidates if c],
        )
    if exchange.action is not None and exchange.action.kind == "none":
        ctx = exchange.context
        question = (ctx.question if ctx is not None else None) or ""
        return Entry(
            ts=time.time(),
            kind=NONE_OF_THESE,
            question=question[:MAX_QUESTION],
            chat=hasher(exchange.chat_key),
            intent="clarify",
            entity=ctx.entity if ctx is not None else None,
            confidence=None,
            slots={"country": ctx.country} if ctx is not None and ctx.country else {},
            candidates=list(ctx.candidates) if ctx is not None else [],
        )
    return None


def _candidate(c: Any) -> str:
    if isinstance(c, dict):
        return f"{c.get('intent')}:{c.get('entity') or ''}"
    if isinstance(c, str):
        return c
    intent, entity = getattr(c, "intent", None), getattr(c, "entity", None)
    return f"{intent}:{entity or ''}" if intent else ""


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return result


class InboxStore(ABC):
    """What every inbox backend does; call it with an ``Exchange`` (a holder observer)."""

    def __init__(self, key: bytes | None, retention: float | None) -> None:
        self._key = key  # found on first use: reading the inbox needs no key
        self.retention_days = retention if retention is not None else retention_days()
        self._added = 0

    def hash_chat(self, chat_key: str) -> str:
        if self._key is None:
            self._key = inbox_key()
        return hmac.new(self._key, chat_key.encode("utf-8", "replace"), hashlib.sha256).hexdigest()

    def __call__(self, exchange: Exchange) -> None:
        entry = entry_for(exchange, self.hash_chat)
        if entry is not None:
            self.add(entry)
            self._added += 1
            if self._added % PRUNE_EVERY == 0:
                self.prune()

    def cutoff(self) -> float:
        return time.time() - self.retention_days * 86400

    @abstractmethod
    def add(self, entry: Entry) -> None: ...

    @abstractmethod
    def entries(self, since: float | None = None) -> list[Entry]: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def prune(self) -> int:
        """Delete the entries older than the retention; how many went."""

    def ping(self) -> bool:
        """Reachable (the health check asks)."""
        return True

    @abstractmethod
    def close(self) -> None: ...


class Inbox(InboxStore):
    """The SQLite inbox (thread-safe; the file 0600)."""

    def __init__(
        self, path: Path | str, key: bytes | None = None, retention: float | None = None
    ) -> None:
        super().__init__(key, retention)
        self.path = Path(path)
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            statedir.private_file(self.path)
        self._lock = threading.Lock()
        # One connection shared by the threads that answer (guarded by the lock); a busy
        # timeout lets several processes share one file on a local disk.
        self._db = sqlite3.connect(
            str(self.path), check_same_thread=False, timeout=5.0, isolation_level=None
        )
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        self.prune()

    def add(self, entry: Entry) -> None:
        row = (
            entry.ts,
            entry.kind,
            entry.question,
            entry.chat,
            entry.intent,
            entry.entity,
            entry.confidence,
            json.dumps(entry.slots, ensure_ascii=False, default=str),
            json.dumps(entry.candidates, ensure_ascii=False),
        )
        with self._lock:
            self._db.execute(
                "INSERT INTO unanswered (ts, kind, question, chat, intent, entity, confidence,"
                " slots, candidates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )

    def entries(self, since: float | None = None) -> list[Entry]:
        query = "SELECT ts, kind, question, chat, intent, entity, confidence, slots, candidates"
        query += " FROM unanswered"
        params: tuple[Any, ...] = ()
        if since is not None:
            query += " WHERE ts >= ?"
            params = (since,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY ts", params).fetchall()
        return [
            Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), json.loads(r[8]))
            for r in rows
        ]

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM unanswered").fetchone()[0])

    def prune(self) -> int:
        with self._lock:
            cursor = self._db.execute("DELETE FROM unanswered WHERE ts < ?", (self.cutoff(),))
        return cursor.rowcount

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_inbox(
    path: Path | str | None = None,
    *,
    database_url: str | None = None,
    key: str | None = None,
    retention: float | None = None,
    state_dir: Path | str | None = None,
    writing: bool = True,
) -> InboxStore:
    """PostgreSQL when ``database_url`` (or ``MIGBOT_DATABASE_URL``) is set, else SQLite.

    ``writing``: the key is looked up (and its file made) now, not only when needed.
    """
    url = database_url or os.environ.get("MIGBOT_DATABASE_URL")
    secret = inbox_key(key, state_dir) if writing else None
    if url:
        from migbot.ops.inbox_pg import PostgresInbox

        return PostgresInbox(url, secret, retention, connect=writing)
    return Inbox(path if path is not None else default_inbox_path(state_dir), secret, retention)


_inboxes: weakref.WeakKeyDictionary[AssistantHolder, InboxStore] = weakref.WeakKeyDictionary()


def attach(holder: AssistantHolder, path: Path | str | None = None, **options: Any) -> InboxStore:
    """The inbox observing ``holder`` (created and attached once; see ``open_inbox``)."""
    inbox = _inboxes.get(holder)
    if inbox is None:
        inbox = open_inbox(path, **options)
        holder.observers.append(inbox)
        _inboxes[holder] = inbox
    return inbox


def attached(holder: AssistantHolder) -> InboxStore | None:
    return _inboxes.get(holder)
