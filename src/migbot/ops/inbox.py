"""The unanswered-question inbox: what people asked that the knowledge could not answer.

An observer of ``AssistantHolder``. It stores every ``out_of_scope`` reply to a question and
every "None of these" press after a clarification, with the reading the bot considered, in
SQLite (WAL, one short transaction per entry), so maintainers can see what to add next
(``migbot report``, admin ``/inbox``).

Privacy: no names, no message ids; the chat is stored only as a salted SHA-256, which still
lets the report count distinct askers. The salt is ``MIGBOT_INBOX_SALT`` when set (keep it
secret: chat ids are small numbers, so with the salt a hash can be brute-forced), otherwise
a random salt generated once per database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migbot.ops.holder import AssistantHolder, Exchange

log = logging.getLogger(__name__)

OUT_OF_SCOPE = "out_of_scope"
NONE_OF_THESE = "none_of_these"
MAX_QUESTION = 2000  # characters kept of a question; enough to read it, bounded storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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


def default_inbox_path() -> Path:
    """``MIGBOT_INBOX``, else ``migbot-inbox.sqlite3`` in the working directory (as the bot)."""
    return Path(os.environ.get("MIGBOT_INBOX") or "migbot-inbox.sqlite3")


@dataclass(frozen=True)
class Entry:
    """One unanswered question, with what the bot made of it."""

    ts: float
    kind: str  # OUT_OF_SCOPE or NONE_OF_THESE
    question: str
    chat: str  # salted SHA-256 of the transport's chat key
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


class Inbox:
    """A thread-safe SQLite inbox; call it with an ``Exchange`` (it is a holder observer)."""

    def __init__(self, path: Path | str, salt: str | None = None) -> None:
        self.path = Path(path)
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # One connection shared by the threads that answer (guarded by the lock); a busy
        # timeout lets several replicas share one file on a local disk.
        self._db = sqlite3.connect(
            str(self.path), check_same_thread=False, timeout=5.0, isolation_level=None
        )
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._salt = (
                salt or os.environ.get("MIGBOT_INBOX_SALT") or self._stored_salt()
            ).encode()

    def _stored_salt(self) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        if row:
            return str(row[0])
        fresh = secrets.token_hex(16)
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)", (fresh,))
        row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        return str(row[0])

    def hash_chat(self, chat_key: str) -> str:
        return hashlib.sha256(self._salt + b"\0" + chat_key.encode("utf-8", "replace")).hexdigest()

    def __call__(self, exchange: Exchange) -> None:
        entry = entry_for(exchange, self.hash_chat)
        if entry is not None:
            self.add(entry)

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

    def close(self) -> None:
        with self._lock:
            self._db.close()


_inboxes: weakref.WeakKeyDictionary[AssistantHolder, Inbox] = weakref.WeakKeyDictionary()


def attach(holder: AssistantHolder, path: Path | str | None = None) -> Inbox:
    """The inbox observing ``holder`` (created and attached once)."""
    inbox = _inboxes.get(holder)
    if inbox is None:
        inbox = Inbox(path if path is not None else default_inbox_path())
        holder.observers.append(inbox)
        _inboxes[holder] = inbox
    return inbox


def attached(holder: AssistantHolder) -> Inbox | None:
    return _inboxes.get(holder)
