"""Settings read only from MIGBOT_* and the token variables, the same for every command
(environment and .env); --version, python -m migbot, user-facing --help, quiet Ctrl-C, and
the terminal chat's line editing and history."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.cli import COMMANDS, build_parser
from migbot.knowledge.loader import default_knowledge_dir
from migbot.settings import Settings, env_name

OTHER_PROGRAMS = {
    "TOKEN": "123456:from-another-program",
    "KNOWLEDGE": "/nonexistent/knowledge",
    "WEBHOOK_URL": "https://example.invalid/hook",
    "INBOX": "/nonexistent/inbox.sqlite3",
    "ADMINS": "1",
    "API_BASE_URL": "http://example.invalid/bot",
    "LOG_LEVEL": "nonsense",
}


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith(("MIGBOT_", "TELEGRAM_")) or k == "MIGBOT_STATE_DIR")
        and k != "BOT_TOKEN"
    }
    return env | extra


def migbot(
    *args: str, cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migbot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def small_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    root = default_knowledge_dir()
    for name in ("dialogues/eu-south-caucasus-cluster-process.yaml", "projects/lm-0024.yaml"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name, target / name)
    shutil.copyfile(root / "intents.yaml", target / "intents.yaml")
    shutil.copytree(root / "lang", target / "lang")
    return target


def test_unprefixed_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("MIGBOT_", "TELEGRAM_")) or name == "BOT_TOKEN":
            monkeypatch.delenv(name)
    for name, value in OTHER_PROGRAMS.items():
        monkeypatch.setenv(name, value)
        monkeypatch.setenv(name.lower(), value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings == Settings.of()  # every field at its default


def test_every_field_has_one_prefixed_variable_and_a_description() -> None:
    allowed = {"TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL"}
    for name, info in Settings.model_fields.items():
        variable = env_name(name)
        assert variable.startswith("MIGBOT_") or variable in allowed, variable
        assert info.description, name


def test_an_unrelated_token_does_not_start_the_bot(tmp_path: Path) -> None:
    result = migbot("run", cwd=tmp_path, env=clean_env(**OTHER_PROGRAMS))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "migbot run: no bot token: set TELEGRAM_BOT_TOKEN (or BOT_TOKEN) in the environment or .env"
    ]


def test_the_env_file_serves_every_command(tmp_path: Path, small_knowledge: Path) -> None:
    (tmp_path / ".env").write_text(f"MIGBOT_KNOWLEDGE={small_knowledge}\nKNOWLEDGE=/nowhere\n")
    env = clean_env()
    check = migbot("check", cwd=tmp_path, env=env)
    assert (
        check.returncode == 0 and check.stdout.strip() == "ok: 1 dialogue, 1 project, 13 intents"
    ) or (check.returncode == 0 and "1 dialogue, 1 project" in check.stdout), (
        check.stdout + check.stderr
    )
    ask = migbot("ask", "list of projects", cwd=tmp_path, env=env)
    assert ask.returncode == 0 and "LM.0024" in ask.stdout and "Projects: 1" in ask.stdout
    (tmp_path / ".env").write_text("MIGBOT_LOG_LEVEL=loud\n")
    for command in ("check", "report", "chat"):
        bad = migbot(command, cwd=tmp_path, env=env)
        assert bad.returncode == 2
        assert bad.stderr.strip() == f"migbot {command}: invalid settings: MIGBOT_LOG_LEVEL"


def test_version_and_python_dash_m(tmp_path: Path) -> None:
    from importlib.metadata import version

    for argv in ([sys.executable, "-m", "migbot", "--version"], ["migbot", "--version"]):
        path = shutil.which(argv[0]) or str(Path(sys.executable).parent / argv[0])
        result = subprocess.run([path, *argv[1:]], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and result.stdout.strip() == f"migbot {version('migbot')}"


def test_help_of_each_command_lists_examples_and_its_settings() -> None:
    parser = build_parser()
    top = parser.format_help()
    assert "migbot chat" in top and "TELEGRAM_BOT_TOKEN" in top
    sub = next(a for a in parser._actions if a.dest == "command")
    for command in COMMANDS:
        text = sub.choices[command.name].format_help()  # type: ignore[index]
        assert "examples:" in text and command.examples[0] in text, command.name
        for name in command.settings:
            assert env_name(name) in text, (command.name, name)


def test_ctrl_c_is_quiet(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "migbot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + 60
    while b"q to quit" not in seen and time.monotonic() < deadline:
        seen += os.read(process.stdout.fileno(), 4096)
    assert b"q to quit" in seen
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err and err.strip() == b""


def test_terminal_chat_edits_lines_and_keeps_history(tmp_path: Path) -> None:
    """At a terminal (a pty), questions go through readline and into a 0600 history file."""
    state = tmp_path / "state"
    pid, fd = pty.fork()
    if pid == 0:  # the child: migbot chat at a terminal
        os.chdir(tmp_path)
        env = clean_env(XDG_STATE_HOME=str(state), TERM="dumb")
        os.execve(sys.executable, [sys.executable, "-m", "migbot", "chat"], env)
    seen = b""

    def until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    return
        assert marker in seen, seen[-500:]

    until(b"> ")
    os.write(fd, b"budget of LM.0O24\x7f\x7f\x7f024\r")  # a typo mended with backspaces
    until(b"64,240")
    os.write(fd, b"q\r")
    until(b"Goodbye!")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    history = state / "migbot" / "chat-history"
    assert "budget of LM.0024" in history.read_text()
    assert history.stat().st_mode & 0o777 == 0o600


def test_chat_does_not_claim_to_note_a_question() -> None:
    """The Telegram bot records "None of these" in its inbox; the terminal records nothing."""
    from migbot.context import Context
    from migbot.terminal import render

    pressed = Assistant.load().press(Action(kind="none"), Context(question="georgia project"))
    assert pressed.intent == "out_of_scope"
    shown = render(pressed)
    assert "noted" not in shown and "Try other words" in shown
