"""The unanswered-question inbox records what could not be answered, and the report groups it."""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from migbot.answers.reply import Action, Reply
from migbot.context import Context
from migbot.ops import inbox as inbox_mod
from migbot.ops import report
from migbot.ops.holder import AssistantHolder, Exchange
from migbot.ops.inbox import NONE_OF_THESE, OUT_OF_SCOPE, Inbox


def test_records_out_of_scope_and_none_presses_only(
    holder: AssistantHolder, tmp_path: Path
) -> None:
    inbox = inbox_mod.attach(holder, tmp_path / "inbox.sqlite3")
    holder.ask("budget of LM.0024", chat_key="111")  # answered: not stored
    holder.ask("How do I get a work visa for Portugal?", chat_key="111")
    clarify_ctx = holder.ask("which one is it", chat_key="222").context
    holder.press(Action(kind="none"), clarify_ctx, chat_key="222")
    holder.press(Action(kind="home"), None, chat_key="222")  # ordinary press: not stored
    holder.ask("   ", chat_key="333")  # nothing to learn from an empty message

    entries = inbox.entries()
    assert [e.kind for e in entries] == [OUT_OF_SCOPE, NONE_OF_THESE]
    oos, none = entries
    assert oos.question == "How do I get a work visa for Portugal?"
    assert oos.intent == "out_of_scope" and oos.confidence == pytest.approx(0.1)
    assert none.question == "which one is it"
    assert none.intent == "clarify"
    assert none.candidates == ["budget:lm-0024"]
    # Chats are stored as keyed hashes: never the id itself, stable per chat.
    assert oos.chat not in ("111", "") and len(oos.chat) == 64
    assert oos.chat == inbox.hash_chat("111") != none.chat
    raw = (tmp_path / "inbox.sqlite3").read_bytes()
    assert b"111" not in raw.replace(oos.chat.encode(), b"")


def test_attach_is_idempotent(holder: AssistantHolder, tmp_path: Path) -> None:
    first = inbox_mod.attach(holder, tmp_path / "a.sqlite3")
    assert inbox_mod.attach(holder, tmp_path / "b.sqlite3") is first
    assert holder.observers.count(first) == 1


def test_key_file_made_once_0600_apart_from_the_database_and_env_overrides(
    tmp_path: Path, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIGBOT_INBOX_KEY", raising=False)
    path = tmp_path / "inbox.sqlite3"
    first = Inbox(path).hash_chat("42")
    key_file = state_dir / inbox_mod.KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert path.stat().st_mode & 0o777 == 0o600
    assert Inbox(path).hash_chat("42") == first  # stable across restarts
    assert Inbox(tmp_path / "other.sqlite3").hash_chat("42") == first  # one key, many files
    assert key_file.read_bytes().strip() not in path.read_bytes()  # the key is not in the db
    monkeypatch.setenv("MIGBOT_INBOX_KEY", "secret")
    assert Inbox(path).hash_chat("42") != first


def test_a_chat_hash_cannot_be_reversed_without_the_key(tmp_path: Path) -> None:
    """Brute force over 100,000 chat ids finds the asker with the key, and not without."""
    key = b"k" * 32
    inbox = Inbox(tmp_path / "inbox.sqlite3", key=key)
    inbox.add(inbox_mod.Entry(time.time(), OUT_OF_SCOPE, "q", inbox.hash_chat("31337")))
    [stored] = inbox.entries()
    candidates = range(100_000)

    def search(hasher: Any) -> list[int]:
        return [n for n in candidates if hasher(str(n)) == stored.chat]

    assert search(Inbox(":memory:", key=key).hash_chat) == [31337]
    guesses: list[Any] = [
        lambda s: hashlib.sha256(s.encode()).hexdigest(),  # plain hash
        Inbox(":memory:", key=b"").hash_chat,  # empty key
        Inbox(":memory:", key=b"another key").hash_chat,
    ]
    for guess in guesses:
        assert search(guess) == []


def test_entries_older_than_the_retention_are_deleted(tmp_path: Path) -> None:
    path = tmp_path / "inbox.sqlite3"
    inbox = Inbox(path, key=b"k", retention=90)
    now = time.time()
    inbox.add(inbox_mod.Entry(now - 91 * 86400, OUT_OF_SCOPE, "old", "c"))
    inbox.add(inbox_mod.Entry(now - 89 * 86400, OUT_OF_SCOPE, "recent", "c"))
    assert inbox.prune() == 1
    assert [e.question for e in inbox.entries()] == ["recent"]
    inbox.add(inbox_mod.Entry(now - 200 * 86400, OUT_OF_SCOPE, "older", "c"))
    inbox.close()
    assert [e.question for e in Inbox(path, key=b"k", retention=90).entries()] == ["recent"]


def test_wal_and_concurrent_writers(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    mode = sqlite3.connect(tmp_path / "inbox.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode[0] == "wal"
    entry = inbox_mod.Entry(0.0, OUT_OF_SCOPE, "q", "c")

    def write() -> None:
        for _ in range(50):
            inbox.add(entry)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert inbox.count() == 400


def test_report_groups_similar_wording_most_frequent_first(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    asked = [
        ("Work visa for Portugal?", "a"),
        ("work visa for portugal", "b"),
        ("WORK VISA FOR PORTUGAL!!", "a"),
        ("@migbot work visa Portugal", "c"),
        ("Who funds the Budapest Process?", "d"),
        ("who funds the budapest process", "d"),
        ("weather in Tbilisi", "e"),
    ]
    for ts, (question, chat) in enumerate(asked):
        inbox.add(inbox_mod.Entry(float(ts), OUT_OF_SCOPE, question, chat))
    late = "budapest process funding who"
    inbox.add(inbox_mod.Entry(9.0, NONE_OF_THESE, late, "f", candidates=["budget:lm-0024"]))

    groups = report.group_entries(inbox.entries())
    assert [g.count for g in groups] == [4, 3, 1]
    visa, budapest, weather = groups
    assert visa.example in ("Work visa for Portugal?", "work visa for portugal")
    assert visa.chats == {"a", "b", "c"}
    assert budapest.kinds == {OUT_OF_SCOPE: 2, NONE_OF_THESE: 1}
    assert budapest.considered == {"budget:lm-0024": 1}
    assert weather.example == "weather in Tbilisi"

    text = report.render(groups, limit=2)
    assert text.startswith("8 unanswered questions in 3 groups, most frequent first:")
    assert "   4×  " in text and "budget:lm-0024 (1)" in text
    assert "… and 1 more group" in text and "groups" not in text.splitlines()[-1]


def test_normalise() -> None:
    assert report.normalise("  /ask@MigBot  Budget of LM.0024?! ") == "budget of lm 0024"
    assert report.normalise("@bot ¿Qué es?") == "qué es"


def test_report_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "inbox.sqlite3"
    assert report.main(argparse.Namespace(db=str(path), limit=5)) == 0
    assert "No inbox database" in capsys.readouterr().out
    Inbox(path).add(inbox_mod.Entry(time.time(), OUT_OF_SCOPE, "visa <b>now</b>", "x"))
    assert report.main(argparse.Namespace(db=str(path), limit=5)) == 0
    out = capsys.readouterr().out
    assert '1×  "visa <b>now</b>"' in out
    (tmp_path / "junk").write_text("not a database")
    assert report.main(argparse.Namespace(db=str(tmp_path / "junk"), limit=5)) == 1


def test_none_press_without_context_is_stored_with_empty_question(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "i.sqlite3")
    reply = Reply(intent="help", text="t", html="t")
    inbox(Exchange("1", None, Action(kind="none"), None, reply, 0.0))
    inbox(Exchange("1", None, Action(kind="none"), Context(question="x"), reply, 0.0))
    assert [e.question for e in inbox.entries()] == ["", "x"]
