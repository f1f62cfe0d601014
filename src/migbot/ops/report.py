"""``migbot report``: the inbox's unanswered questions, grouped by similar wording.

Questions are normalised (case, punctuation, bot mentions, ``/ask``) and clustered greedily
with rapidfuzz's ``token_set_ratio`` against each group's most frequent wording, so "visa for
Georgia?" and "Georgia visa" land together; the biggest groups come first.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from migbot.i18n import _, ngettext
from migbot.ops.inbox import Entry, default_inbox_path, open_inbox

THRESHOLD = 85  # token_set_ratio at or above which two wordings are one question

_MENTION = re.compile(r"(^|\s)[@/][\w@]+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(question: str) -> str:
    """Lower-case words only: no punctuation, no @mentions or /commands, single spaces."""
    text = unicodedata.normalize("NFKC", question).casefold()
    text = _MENTION.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass
class Group:
    """Questions that read alike, with what the bot made of them."""

    example: str  # the most frequent wording, as asked
    count: int = 0
    chats: set[str] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)
    wordings: Counter[str] = field(default_factory=Counter)
    considered: Counter[str] = field(default_factory=Counter)  # readings the bot offered
    last_seen: float = 0.0


def group_entries(entries: list[Entry], threshold: int = THRESHOLD) -> list[Group]:
    """Cluster entries by wording; most frequent group first (ties: most recent first)."""
    by_form: dict[str, list[Entry]] = {}
    for entry in entries:
        form = normalise(entry.question) or entry.question.strip().casefold()
        by_form.setdefault(form, []).append(entry)
    # Most frequent wordings seed the groups, so a group's representative is its usual form.
    forms = sorted(by_form, key=lambda f: (-len(by_form[f]), f))
    reps: list[str] = []
    groups: list[Group] = []
    for form in forms:
        match = process.extractOne(form, reps, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
        if match is None or not form:
            reps.append(form)
            members = by_form[form]
            example = Counter(e.question.strip() for e in members).most_common(1)[0][0]
            groups.append(Group(example=example))
            group = groups[-1]
        else:
            group = groups[match[2]]
        for entry in by_form[form]:
            group.count += 1
            group.chats.add(entry.chat)
            group.kinds[entry.kind] += 1
            group.wordings[entry.question.strip()] += 1
            if entry.intent and entry.intent not in ("out_of_scope", "clarify"):
                group.considered[f"{entry.intent}:{entry.entity or ''}"] += 1
            for candidate in entry.candidates:
                group.considered[candidate] += 1
            group.last_seen = max(group.last_seen, entry.ts)
    groups.sort(key=lambda g: (-g.count, -g.last_seen))
    return groups


def render(groups: list[Group], limit: int, *, total: int | None = None) -> str:
    """Plain text, one block per group (the CLI and admin ``/inbox`` share it), in the
    language being spoken; wordings, entry kinds and readings stay as recorded."""
    if not groups:
        return _("No unanswered questions.")
    total = total if total is not None else sum(g.count for g in groups)
    lines = [_heading(total, len(groups))]
    for group in groups[: max(limit, 0)]:
        lines.append("")
        lines += _block(group)
    if len(groups) > limit:
        more = len(groups) - limit
        lines.append("")
        lines.append(ngettext("… and {n} more group", "… and {n} more groups", more).format(n=more))
    return "\n".join(lines)


def _heading(total: int, groups: int) -> str:
    questions = ngettext("{n} unanswered question", "{n} unanswered questions", total)
    said = ngettext(
        "{questions} in {n} group, most frequent first:",
        "{questions} in {n} groups, most frequent first:",
        groups,
    )
    return said.format(questions=questions.format(n=total), n=groups)


def _block(group: Group) -> list[str]:
    """A group's lines: how often, its usual wording, where and when, what the bot made of it."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(group.kinds.items()))
    when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(group.last_seen))
    chats = ngettext("{n} chat", "{n} chats", len(group.chats)).format(n=len(group.chats))
    lines = [
        f"{group.count:>4}×  {_quote(group.example)}",
        "       "
        + _("{chats}; {kinds}; last {when} UTC").format(chats=chats, kinds=kinds, when=when),
    ]
    others = [w for w, _n in group.wordings.most_common() if w != group.example][:3]
    if others:
        also = "; ".join(_quote(w) for w in others)
        lines.append("       " + _("also: {wordings}").format(wordings=also))
    if group.considered:
        readings = ", ".join(f"{r} ({n})" for r, n in group.considered.most_common(3))
        lines.append("       " + _("bot considered: {readings}").format(readings=readings))
    return lines


def _quote(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= width else text[: width - 1] + "…") + '"'


def main(args: argparse.Namespace) -> int:
    """The inbox of ``--db``, else PostgreSQL (``MIGBOT_DATABASE_URL``), else the SQLite one."""
    url = None if getattr(args, "db", None) else os.environ.get("MIGBOT_DATABASE_URL")
    path = Path(args.db) if getattr(args, "db", None) else default_inbox_path()
    limit = getattr(args, "limit", 50) or 50
    if url is None and not path.is_file():
        print(f"No inbox database at {path} (nothing recorded yet).")
        return 0
    where = "the PostgreSQL inbox (MIGBOT_DATABASE_URL)" if url else str(path)
    try:
        inbox = open_inbox(path, database_url=url, writing=False)
        try:
            entries = inbox.entries()
        finally:
            inbox.close()
    except Exception as exc:  # unreachable, corrupt or foreign: one clear line, no traceback
        reason = " ".join(str(exc).split())[:300]
        print(f"migbot report: cannot open {where}: {reason}", file=sys.stderr)
        return 1
    print(render(group_entries(entries), limit, total=len(entries)))
    return 0
