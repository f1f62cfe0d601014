"""``migbot chat`` and ``migbot ask``: the assistant in a terminal, no Telegram needed.

``chat`` is a small REPL: it prints each answer and its buttons as numbered choices; typing
a number presses that button, anything else is a question, and follow-ups keep the
conversation context. It reads plain lines from standard input, so it works without a tty
(tests and pipes drive it the same way). ``ask`` answers one question, or with ``--jsonl``
one question per input line — each line on its own, without context from earlier lines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TextIO

from migbot.answers.reply import Action, Button, Reply
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.knowledge.loader import KnowledgeError
from migbot.maps.cli import save_for_terminal

RULE = "─" * 60
QUIT = {"q", "quit", "exit", ":q", "bye!"}


def _load(path: str | None) -> Assistant | None:
    try:
        return Assistant.load(path)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("the knowledge has problems; fix them (see `migbot check`)", file=sys.stderr)
        return None


def _choices(reply: Reply) -> list[Button]:
    return [button for row in reply.buttons for button in row]


def render(reply: Reply) -> str:
    """The answer text, then the buttons as numbered choices, one keyboard row per line."""
    lines = [reply.text, ""]
    n = 0
    for row in reply.buttons:
        cells = []
        for button in row:
            n += 1
            cells.append(f"[{n}] {button.label}" + (f" <{button.url}>" if button.url else ""))
        lines.append("   ".join(cells))
    return "\n".join(lines).rstrip() + "\n"


def chat(assistant: Assistant, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    reply = assistant.press(Action(kind="home"))
    stdout.write(render(reply))
    stdout.write("\nType a question, a button number, or q to quit.\n")
    context = Context()
    while True:
        if interactive:
            stdout.write("\n> ")
            stdout.flush()
        line = stdin.readline()
        if not line:  # end of input
            break
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
                action = button.action
                stdout.write(save_for_terminal(assistant.kb, action.entity, action.country) + "\n")
                continue
            reply = assistant.press(button.action, context)
        else:
            reply = assistant.ask(text, context)
        context = reply.context
        stdout.write("\n" + RULE + "\n" + render(reply))
        stdout.flush()
    stdout.write("Goodbye!\n")
    return 0


def ask(assistant: Assistant, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.jsonl:
        # Each line is answered on its own: no context carries from one line to the next.
        for line in stdin:
            reply = assistant.ask(line.rstrip("\r\n"))
            stdout.write(json.dumps(reply.public(), ensure_ascii=False) + "\n")
            stdout.flush()
        return 0
    question = " ".join(args.question).strip()
    if not question:
        print('migbot ask: give a question, e.g. migbot ask "budget of LM.0024"', file=sys.stderr)
        return 2
    reply = assistant.ask(question)
    if args.json:
        stdout.write(json.dumps(reply.public(), ensure_ascii=False) + "\n")
    else:
        stdout.write(render(reply))
    return 0


def main(args: argparse.Namespace) -> int:
    assistant = _load(getattr(args, "knowledge", None))
    if assistant is None:
        return 1
    try:
        if args.command == "chat":
            return chat(assistant, sys.stdin, sys.stdout)
        return ask(assistant, args, sys.stdin, sys.stdout)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
