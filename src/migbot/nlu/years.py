"""Years in a question, and whether the question means before, after or in that year."""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b(19[0-9]{2}|20[0-9]{2})s?\b")
_BEFORE = (
    "before",
    "befor",
    "b4",
    "prior to",
    "earlier than",
    "until",
    "till",
    "up to",
    "by",
    "pre",
)
_AFTER = ("after", "since", "later than", "from", "post", "onwards", "or later")


def find_years(folded: str) -> list[tuple[int, str]]:
    """``[(year, op)]`` where op is ``before``, ``after`` or ``in``."""
    out: list[tuple[int, str]] = []
    for m in _YEAR.finditer(folded):
        year = int(m.group(1))
        before = folded[max(0, m.start() - 16) : m.start()].split()
        after = folded[m.end() : m.end() + 12].split()
        op = "in"
        tail2 = " ".join(before[-2:])
        if before and (before[-1] in _BEFORE or tail2 in _BEFORE):
            op = "before"
        elif (before and (before[-1] in _AFTER or tail2 in _AFTER)) or (
            after and (after[0] in ("onwards", "onward") or " ".join(after[:2]) == "or later")
        ):
            op = "after"
        elif after and " ".join(after[:2]) in ("or earlier", "or before"):
            op = "before"
        out.append((year, op))
    return out
