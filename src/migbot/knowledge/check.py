"""``migbot check [DIR]``: validate a knowledge folder.

Prints every problem as ``file:line: message`` (one per line, on standard output, so an
editor or CI can jump to it) and exits 1; otherwise prints a one-line summary and exits 0.
"""

from __future__ import annotations

import argparse
import sys

from migbot.knowledge.loader import KnowledgeError, load_knowledge


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def main(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(getattr(args, "dir", None))
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{_count(len(exc.problems), 'problem')} found", file=sys.stderr)
        return 1
    print(
        f"ok: {_count(len(kb.dialogues), 'dialogue')}, {_count(len(kb.projects), 'project')}, "
        f"{_count(len(kb.intents), 'intent')}"
    )
    return 0
