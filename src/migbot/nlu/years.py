"""Years in a question, and whether the question means before, after or in that year."""

from __future__ import annotations

import re

from migbot.nlu.lexicon import Lexicon

_YEAR = re.compile(r"\b(19[0-9]{2}|20[0-9]{2})s?\b")


def find_years(folded: str, lex: Lexicon) -> list[tuple[int, str]]:
    """``[(year, op)]`` where op is ``before``, ``after`` or ``in`` (the language's words
    right before the year, or trailing it: "before 2005", "2010 onwards")."""
    out: list[tuple[int, str]] = []
    for m in _YEAR.finditer(folded):
        year = int(m.group(1))
        before = folded[max(0, m.start() - 16) : m.start()].split()
        after = folded[m.end() : m.end() + 12].split()
        leading = {" ".join(before[-1:]), " ".join(before[-2:])} if before else set()
        trailing = {" ".join(after[:1]), " ".join(after[:2])} if after else set()
        op = "in"
        if leading & set(lex.before) or trailing & set(lex.before_trailing):
            op = "before"
        elif leading & set(lex.after) or trailing & set(lex.after_trailing):
            op = "after"
        out.append((year, op))
    return out
