"""The unanswered-question inbox in PostgreSQL (``MIGBOT_DATABASE_URL``), shared by replicas.

psycopg 3, one connection in autocommit guarded by a lock (entries come one at a time from
the threads that answer). The schema is created on start, idempotently: replicas starting
together take an advisory lock first, as two concurrent ``CREATE TABLE IF NOT EXISTS`` may
both try to create the table.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from migbot.ops.inbox import Entry, InboxStore

log = logging.getLogger(__name__)

SCHEMA_LOCK = 0x6D6967626F74  # "migbot": the advisory lock taken while creating the schema
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS migbot_unanswered (
        id BIGSERIAL PRIMARY KEY,
        ts DOUBLE PRECISION NOT NULL,
        kind TEXT NOT NULL,
        question TEXT NOT NULL,
        chat TEXT NOT NULL,
        intent TEXT,
        entity TEXT,
        confidence DOUBLE PRECISION,
        slots JSONB NOT NULL DEFAULT '{}',
        candidates JSONB NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX IF NOT EXISTS migbot_unanswered_ts ON migbot_unanswered (ts)",
)
CONNECT_TIMEOUT = 5


class PostgresInbox(InboxStore):
    def __init__(
        self,
        url: str,
        key: bytes | None = None,
        retention: float | None = None,
        *,
        connect: bool = True,
    ) -> None:
        """``connect``: now (the bot, to prune and report trouble early), else on first use."""
        super().__init__(key, retention)
        self.url = url
        self._lock = threading.Lock()
        self._db: psycopg.Connection[Any] | None = None
        if not connect:
            return
        try:
            self.prune()  # connects and creates the schema
        except psycopg.OperationalError as exc:
            # Started before the database (compose, a restart): /healthz says so meanwhile.
            reason = " ".join(str(exc).split())[:200]
            log.warning("PostgreSQL unreachable (%s): the inbox connects on next use", reason)

    def _connection(self) -> psycopg.Connection[Any]:
        """The connection, opened again (schema checked) after it broke or never was."""
        if self._db is None or self._db.closed or self._db.broken:
            db = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                for statement in _SCHEMA:
                    db.execute(statement)
            self._db = db
        return self._db

    def _run(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            cursor = self._connection().execute(query, params)
            return cursor.fetchall() if cursor.description is not None else []

    def add(self, entry: Entry) -> None:
        self._run(
            "INSERT INTO migbot_unanswered (ts, kind, question, chat, intent, entity,"
            " confidence, slots, candidates) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                entry.ts,
                entry.kind,
                entry.question,
                entry.chat,
                entry.intent,
                entry.entity,
                entry.confidence,
                Jsonb(entry.slots),
                Jsonb(entry.candidates),
            ),
        )

    def entries(self, since: float | None = None) -> list[Entry]:
        query = "SELECT ts, kind, question, chat, intent, entity, confidence, slots, candidates"
        query += " FROM migbot_unanswered"
        params: tuple[Any, ...] = ()
        if since is not None:
            query += " WHERE ts >= %s"
            params = (since,)
        rows = self._run(query + " ORDER BY ts, id", params)
        return [Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for r in rows]

    def count(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM migbot_unanswered")[0][0])

    def prune(self) -> int:
        with self._lock:
            cursor = self._connection().execute(
                "DELETE FROM migbot_unanswered WHERE ts < %s", (self.cutoff(),)
            )
            return cursor.rowcount

    def ping(self) -> bool:
        try:
            self._run("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
