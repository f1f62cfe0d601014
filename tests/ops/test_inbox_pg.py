"""The inbox in a real PostgreSQL: same behaviour as SQLite, shared, schema made idempotently."""

from __future__ import annotations

import argparse
import threading
import time

import pytest

from migbot.ops import inbox as inbox_mod
from migbot.ops import report
from migbot.ops.inbox import OUT_OF_SCOPE, Entry, open_inbox
from migbot.ops.inbox_pg import PostgresInbox


def test_schema_is_created_once_by_replicas_starting_together(database_url: str) -> None:
    made: list[PostgresInbox] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            made.append(PostgresInbox(database_url, key=b"k"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(made) == 6
    made[0].add(Entry(time.time(), OUT_OF_SCOPE, "visa?", made[0].hash_chat("7")))
    assert [e.question for e in made[5].entries()] == ["visa?"]  # one table, shared
    for inbox in made:
        inbox.close()


def test_entries_round_trip_retention_and_count(database_url: str) -> None:
    inbox = open_inbox(database_url=database_url, key="k", retention=90)
    assert isinstance(inbox, PostgresInbox)
    now = time.time()
    inbox.add(Entry(now, OUT_OF_SCOPE, "q <b>", "c", "out_of_scope", None, 0.1, {"a": 1}, ["x:y"]))
    inbox.add(Entry(now - 91 * 86400, OUT_OF_SCOPE, "old", "c"))
    assert inbox.count() == 2
    assert inbox.prune() == 1
    [entry] = inbox.entries()
    assert (entry.question, entry.slots, entry.candidates) == ("q <b>", {"a": 1}, ["x:y"])
    assert inbox.ping()
    inbox.close()


def test_report_reads_postgresql_when_configured(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = open_inbox(database_url=database_url, key="k")
    inbox.add(Entry(time.time(), OUT_OF_SCOPE, "work visa Portugal", inbox.hash_chat("1")))
    monkeypatch.setenv("MIGBOT_DATABASE_URL", database_url)
    assert report.main(argparse.Namespace(db=None, limit=5)) == 0
    assert '1×  "work visa Portugal"' in capsys.readouterr().out
    monkeypatch.setenv("MIGBOT_DATABASE_URL", database_url.rsplit("/", 1)[0] + "/missing")
    assert report.main(argparse.Namespace(db=None, limit=5)) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("migbot report: cannot open the PostgreSQL inbox") and err.count("\n") == 1
    )
    assert inbox_mod.default_inbox_path().name == "inbox.sqlite3"
