"""Score understanding on ``tests/data/questions.yaml`` and hold the accuracy bars.

Run with ``pytest -s tests/nlu/test_questions.py`` to see per-intent accuracy and every miss.
A question labelled X also counts as right when read as ``clarify`` only if it says
``clarify_ok: true``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from migbot.context import Context
from migbot.nlu.understand import Understanding

QUESTIONS = Path(__file__).parent.parent / "data" / "questions.yaml"
INTENT_BAR = 0.97
RECORD_BAR = 0.97
OOS_RECALL_BAR = 0.90


def _questions() -> list[dict[str, Any]]:
    if not QUESTIONS.is_file():
        pytest.skip("tests/data/questions.yaml is not there yet")
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return list(data["questions"])


def test_question_file_accuracy(nlu: Understanding) -> None:
    items = _questions()
    per_intent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    intent_ok = record_ok = record_total = oos_ok = oos_total = country_ok = country_total = 0
    misses: list[str] = []
    for q in items:
        context = Context(entity=q["context"]) if q.get("context") else None
        r = nlu.understand(q["text"], context)
        want = q["intent"]
        clarified = r.intent == "clarify" and bool(q.get("clarify_ok"))
        got_intent = r.intent == want or clarified
        per_intent[want][1] += 1
        if got_intent:
            intent_ok += 1
            per_intent[want][0] += 1
        got_record = True
        if q["entity"] is not None:
            record_total += 1
            offered = {c.entity for c in r.candidates}
            got_record = r.entity == q["entity"] or (clarified and q["entity"] in offered)
            record_ok += got_record
        if want == "out_of_scope":
            oos_total += 1
            oos_ok += r.intent == "out_of_scope"
        if q.get("country"):
            country_total += 1
            country_ok += r.slots.country == q["country"]
        if not (got_intent and got_record):
            misses.append(
                f"  {q['text']!r}: want {want}/{q['entity']} got {r.intent}/{r.entity}"
                f" {r.slots if r.slots else ''}"
            )
    n = len(items)
    print(f"\n{n} questions")
    for intent, (ok, total) in sorted(per_intent.items()):
        print(f"  {intent:14} {ok:4}/{total:<4} {ok / total:7.1%}")
    print(f"intent accuracy   {intent_ok / n:.1%}")
    print(
        f"record accuracy   {record_ok / max(record_total, 1):.1%} ({record_total} with a record)"
    )
    print(f"out-of-scope recall {oos_ok / max(oos_total, 1):.1%} ({oos_total})")
    print(f"country slot      {country_ok / max(country_total, 1):.1%} ({country_total})")
    print(f"misses ({len(misses)}):")
    print("\n".join(misses))
    assert intent_ok / n >= INTENT_BAR
    assert record_ok / max(record_total, 1) >= RECORD_BAR
    assert oos_ok / max(oos_total, 1) >= OOS_RECALL_BAR
