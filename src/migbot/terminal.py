"""``migbot chat`` and ``migbot ask``: the assistant in a terminal, no Telegram needed.

``chat`` is a small REPL: it prints each answer and its buttons as numbered choices; typing
a number presses that button, anything else is a question, and follow-ups keep the
conversation context. At a terminal it has line editing and a history kept between sessions
(readline; ``$XDG_STATE_HOME/migbot/chat-history``); otherwise it reads plain lines from
standard input, so tests and pipes drive it the same way. Nothing asked here is stored
anywhere else, so the answers do not claim that a question was noted. ``ask`` answers one
question, or with ``--jsonl`` one question per input line — each on its own, without context
from earlier lines.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from migbot.answers.compose import noted_claim
from migbot.answers.reply import Action, Button, Reply
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.i18n import _, speaking
from migbot.knowledge.loader import KnowledgeError
from migbot.maps.cli import save_for_terminal

RULE = "─" * 60
QUIT = {"q", "quit", "exit", ":q", "bye!"}
HISTORY_LINES = 1000


def history_file() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "migbot" / "chat-history"


@contextlib.contextmanager
def line_editing() -> Iterator[bool]:
    """readline's editing and history while chatting at a terminal; False without readline."""
    try:
        import readline
    except ImportError:  # not on every platform: plain input() still works
        yield False
        return
    path = history_file()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LINES)
    try:
        yield True
    finally:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created 0600 before anything is written: the questions asked are theirs.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            readline.write_history_file(path)


def _load(path: str | None) -> Assistant | None:
    try:
        return Assistant.load(path)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(_("the knowledge has problems; fix them (see `migbot check`)"), file=sys.stderr)
        return None


def _choices(reply: Reply) -> list[Button]:
    return [button for row in reply.buttons for button in row]


def render(reply: Reply) -> str:
    """The answer text, then the buttons as numbered choices, one keyboard row per line."""
    # The Telegram bot keeps unanswered questions in its inbox; this chat keeps none.
    with speaking(reply.lang):
        claim = noted_claim()
    lines = [reply.text.replace(" " + claim, "").replace(claim, ""), ""]
    n = 0
    for row in reply.buttons:
        cells = []
        for button in row:
            n += 1
            cells.append(f"[{n}] {button.label}" + (f" <{button.url}>" if button.url else ""))
        lines.append("   ".join(cells))
    return "\n".join(lines).rstrip() + "\n"


def _lines(stdin: TextIO, stdout: TextIO) -> Iterator[str]:
    """Lines typed: with the prompt and readline at a terminal, plain lines otherwise."""
    if not (stdin.isatty() and stdin is sys.stdin):
        yield from iter(stdin.readline, "")
        return
    with line_editing():
        while True:
            try:
                yield input("\n> ")
            except EOFError:  # Ctrl-D
                stdout.write("\n")
                return


def chat(assistant: Assistant, stdin: TextIO, stdout: TextIO, lang: str | None = None) -> int:
    reply = assistant.press(Action(kind="home"), lang=lang)
    stdout.write(render(reply))
    with speaking(reply.lang):
        stdout.write("\n" + _("Type a question, a button number, or q to quit.") + "\n")
    context = Context()
    for line in _lines(stdin, stdout):
        text = line.strip()
        if not text:
            continue
        if text.casefold() in QUIT:
            break
        choices = _choices(reply)
        if text.isdigit() and 1 <= int(text) <= len(choices):
            button = choices[int(text) - 1]
            if button.action is None:  # a link: a terminal can only show it
                stdout.write(f"{button.label}: {button.url}\n")
                continue
            if button.action.kind == "map":  # a picture: written to a file, its path shown
                action, kb = button.action, assistant.kb
                saved = save_for_terminal(kb, action.entity, action.country, reply.lang)
                stdout.write(saved + "\n")
                continue
            # A button answers in the language of the reply that showed it.
            reply = assistant.press(button.action, context, lang=reply.lang)
        else:
            reply = assistant.ask(text, context, lang=lang)
        context = reply.context
        stdout.write("\n" + RULE + "\n" + render(reply))
        stdout.flush()
    with speaking(reply.lang):
        stdout.write(_("Goodbye!") + "\n")
    return 0


def ask(assistant: Assistant, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.jsonl:
        # Each line is answered on its own: no context carries from one line to the next.
        for line in stdin:
            reply = assistant.ask(line.rstrip("\r\n"), lang=args.lang)
            stdout.write(json.dumps(reply.public(), ensure_ascii=False) + "\n")
            stdout.flush()
        return 0
    question = " ".join(args.question).strip()
    if not question:
        example = _('give a question, e.g. migbot ask "{example}"').format(
            example=_("budget of LM.0024")
        )
        print(f"migbot ask: {example}", file=sys.stderr)
        return 2
    reply = assistant.ask(question, lang=args.lang)
    if args.json:
        stdout.write(json.dumps(reply.public(), ensure_ascii=False) + "\n")
    else:
        stdout.write(render(reply))
    return 0


def main(args: argparse.Namespace) -> int:
    """``chat`` or ``ask``; what this module says itself is in ``--lang`` (the answers choose
    their own language, as the assistant does)."""
    with speaking(getattr(args, "lang", None)):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    assistant = _load(getattr(args, "knowledge", None))
    if assistant is None:
        return 1
    try:
        if args.command == "chat":
            return chat(assistant, sys.stdin, sys.stdout, getattr(args, "lang", None))
        return ask(assistant, args, sys.stdin, sys.stdout)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
