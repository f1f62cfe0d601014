"""The command line: ``migbot check``, ``migbot ask`` (plain, --json, --jsonl), ``migbot chat``.

Run as real subprocesses (exit codes and output format are the contract), except the chat
follow-up test, which drives ``terminal.chat`` with in-memory streams.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.terminal import chat

PUBLIC_KEYS = {"intent", "entity", "slots", "confidence", "text", "html", "buttons", "lang"}
PROBLEM = re.compile(r"[^:\n]+:\d+: .+")


def migbot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migbot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    (root / "dialogues").mkdir(parents=True)
    (root / "dialogues" / "a.yaml").write_text(
        "id: a\nname: A\nmember_states:\n  - countries: [Swtizerland]\nsources: [https://x.org]\n"
        "colour: red\n",
        encoding="utf-8",
    )
    (root / "intents.yaml").write_text("intents: []\n", encoding="utf-8")
    return root


def test_check_bundled_knowledge_prints_a_summary() -> None:
    done = migbot("check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"ok: \d+ dialogues?, \d+ projects?, \d+ intents?\n", done.stdout)


def test_check_reports_every_problem_and_exits_1(broken: Path) -> None:
    done = migbot("check", str(broken))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert all(PROBLEM.fullmatch(line) for line in lines), lines
    assert any(":4: " in line and "did you mean 'Switzerland'" in line for line in lines)
    assert any(":6: " in line and "colour" in line for line in lines)


def test_ask_json_has_exactly_the_public_keys(assistant: Assistant) -> None:
    done = migbot("ask", "--json", "budget of LM.0024")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == PUBLIC_KEYS
    assert out == assistant.ask("budget of LM.0024").public()
    assert 0.0 <= out["confidence"] <= 1.0
    assert isinstance(out["buttons"], list) and all(isinstance(r, list) for r in out["buttons"])


def test_ask_plain_prints_text_and_numbered_buttons() -> None:
    done = migbot("ask", "budget", "of", "LM.0024")
    assert done.returncode == 0
    assert "[1] " in done.stdout


def test_ask_without_question_is_a_usage_error() -> None:
    done = migbot("ask")
    assert done.returncode == 2 and "migbot ask" in done.stderr


def test_ask_with_broken_knowledge_exits_1(broken: Path) -> None:
    done = migbot("ask", "--knowledge", str(broken), "hello")
    assert done.returncode == 1
    assert "did you mean 'Switzerland'" in done.stderr


def test_jsonl_answers_each_line_independently_in_order(assistant: Assistant) -> None:
    questions = ["budget of LM.0024", "<b>members</b> of the cluster process", "", "thanks!"]
    done = migbot("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(questions)
    for question, line in zip(questions, lines, strict=True):
        out = json.loads(line)
        assert set(out) == PUBLIC_KEYS
        assert out == assistant.ask(question).public()  # no context from earlier lines


def test_ask_help_says_jsonl_lines_are_independent() -> None:
    done = migbot("ask", "--help")
    assert "no context" in " ".join(done.stdout.split())


def test_chat_subprocess_buttons_and_quit() -> None:
    # [2] on the home menu is "Projects (N)"; [1] on that list opens the first project.
    done = migbot("chat", stdin="2\n1\nq\n")
    assert done.returncode == 0, done.stderr
    assert "Projects:" in done.stdout
    assert "Source: https://" in done.stdout
    assert done.stdout.rstrip().endswith("Goodbye!")


def test_chat_without_quit_ends_at_end_of_input() -> None:
    done = migbot("chat", stdin="hello\n")
    assert done.returncode == 0 and "Goodbye!" in done.stdout


def test_chat_presses_numbered_buttons_and_keeps_context(assistant: Assistant) -> None:
    home = assistant.press(Action(kind="home"))
    buttons = [b for row in home.buttons for b in row]
    cluster = next(
        n
        for n, b in enumerate(buttons, 1)
        if b.action is not None and b.action.entity == "eu-south-caucasus-cluster-process"
    )
    overview = assistant.press(buttons[cluster - 1].action)  # type: ignore[arg-type]
    members = next(
        n
        for n, b in enumerate((b for row in overview.buttons for b in row), 1)
        if b.action is not None and b.action.section == "members"
    )
    source = len([b for row in overview.buttons for b in row])  # the link is last
    stdin = io.StringIO(f"{cluster}\n{source}\n{members}\n99\nquit\n")
    stdout = io.StringIO()
    assert chat(assistant, stdin, stdout) == 0
    out = stdout.getvalue()
    assert "Inter-regional forum on migration" in out
    assert "Source page: https://iom.int/eu-south-caucasus-cluster-process" in out
    assert "Switzerland" in out and "Countries of origin in the South Caucasus" in out
    assert out.rstrip().endswith("Goodbye!")


def test_ask_json_lang_ru_answers_in_russian() -> None:
    """``--lang`` is the language of a question whose own words do not say (DESIGN.md)."""
    done = migbot("ask", "--json", "--lang", "ru", "xyzzy")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == PUBLIC_KEYS
    assert out["lang"] == "ru"
    assert "Извините" in out["text"] and "Главная" not in out["text"]
    assert out["buttons"][-1][0]["label"] == "❓ Помощь"
    # An English question stays English whatever --lang says; without --lang: English.
    english = json.loads(migbot("ask", "--json", "--lang", "ru", "budget of LM.0024").stdout)
    assert english["lang"] == "en" and "USD 64,240" in english["text"]


def test_ask_refuses_an_unknown_language() -> None:
    done = migbot("ask", "--lang", "de", "budget of LM.0024")
    assert done.returncode == 2 and "--lang" in done.stderr


def test_chat_in_spanish_keeps_spanish_through_presses(assistant: Assistant) -> None:
    out = io.StringIO()
    chat(assistant, io.StringIO("1\nq\n"), out, lang="es")
    text = out.getvalue()
    assert "Escriba una pregunta, el número de un botón, o q para salir." in text
    assert "Diálogos: " in text and "Página 1 de" in text  # the pressed button's answer
    assert text.rstrip().endswith("¡Hasta luego!")


def test_the_terminals_own_messages_follow_lang(broken: Path) -> None:
    done = migbot("ask", "--lang", "es")
    assert done.returncode == 2
    assert (
        done.stderr
        == 'migbot ask: escriba una pregunta, p. ej. migbot ask "presupuesto de LM.0024"\n'
    )
    done = migbot("chat", "--lang", "ru", "--knowledge", str(broken))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "в базе знаний есть ошибки; исправьте их (см. `migbot check`)"
    )
    assert "did you mean 'Switzerland'" in done.stderr  # the knowledge's own problems as written
