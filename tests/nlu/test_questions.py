"""Score understanding on the labelled question files and hold the accuracy bars.

``tests/data/questions.yaml`` (English, the team's) and ``tests/data/questions-<lang>.yaml``
(written independently, one file per language) are scored alike. Run with
``pytest -s tests/nlu/test_questions.py`` to see per-intent accuracy and every miss.

A question labelled X also counts as right when read as ``clarify`` only if it says
``clarify_ok: true``. "Confidently wrong" is a wrong reading that is neither a
clarification nor out of scope: the worst outcome, held lowest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from migbot.context import Context
from migbot.nlu.understand import Understanding

DATA = Path(__file__).parent.parent / "data"
FILES = sorted(DATA.glob("questions*.yaml"))
INTENT_BAR = 0.97
RECORD_BAR = 0.97
OOS_RECALL_BAR = 0.90
CONFIDENTLY_WRONG_BAR = 0.02


@dataclass
class Score:
    n: int = 0
    intent_ok: int = 0
    record_ok: int = 0
    record_total: int = 0
    oos_ok: int = 0
    oos_total: int = 0
    wrong: int = 0
    per_intent: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)


def _questions(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["questions"])


def score(nlu: Understanding, items: list[dict[str, Any]]) -> Score:
    s = Score()
    for q in items:
        context = Context(entity=q["context"]) if q.get("context") else None
        r = nlu.understand(q["text"], context)
        want = q["intent"]
        clarified = r.intent == "clarify" and bool(q.get("clarify_ok"))
        got_intent = r.intent == want or clarified
        s.n += 1
        s.per_intent[want][1] += 1
        if got_intent:
            s.intent_ok += 1
            s.per_intent[want][0] += 1
        got_record = True
        if q["entity"] is not None:
            s.record_total += 1
            offered = {c.entity for c in r.candidates}
            got_record = r.entity == q["entity"] or (clarified and q["entity"] in offered)
            s.record_ok += got_record
        got_country = not q.get("country") or r.slots.country == q["country"] or clarified
        if want == "out_of_scope":
            s.oos_total += 1
            s.oos_ok += r.intent == "out_of_scope"
        right = got_intent and got_record and got_country
        if not right:
            s.wrong += r.intent not in ("clarify", "out_of_scope")
            s.misses.append(
                f"  {q['text']!r}: want {want}/{q['entity']}/{q.get('country')}"
                f" got {r.intent}/{r.entity}/{r.slots.country} ({r.rule})"
            )
    return s


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_question_file_accuracy(nlu: Understanding, path: Path) -> None:
    s = score(nlu, _questions(path))
    print(f"\n{path.name}: {s.n} questions")
    for intent, (ok, total) in sorted(s.per_intent.items()):
        print(f"  {intent:14} {ok:4}/{total:<4} {ok / total:7.1%}")
    print(f"intent accuracy   {s.intent_ok / s.n:.1%}")
    print(f"record accuracy   {s.record_ok / max(s.record_total, 1):.1%} ({s.record_total})")
    print(f"out-of-scope recall {s.oos_ok / max(s.oos_total, 1):.1%} ({s.oos_total})")
    print(f"confidently wrong {s.wrong / s.n:.1%}")
    print(f"misses ({len(s.misses)}):")
    print("\n".join(s.misses))
    assert s.intent_ok / s.n >= INTENT_BAR
    assert s.record_ok / max(s.record_total, 1) >= RECORD_BAR
    assert s.oos_ok / max(s.oos_total, 1) >= OOS_RECALL_BAR
    assert s.wrong / s.n <= CONFIDENTLY_WRONG_BAR
