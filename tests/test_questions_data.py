"""The labelled question files are well-formed.

``tests/data/questions*.yaml`` are data the accuracy tests and the benchmark score; a typo in
a label or an id would silently skew every figure, so their shape is checked on its own here.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

from migbot.knowledge.loader import load_knowledge

DATA = Path(__file__).parent / "data"
QUESTIONS = DATA / "questions.yaml"
# Every labelled file: the team's English file and those written independently per language.
FILES = sorted(DATA.glob("questions*.yaml"))
# The intent labels a question can carry: knowledge/intents.yaml's, but ``clarify`` (a reply,
# not a question type).
_TABLE = load_knowledge().intent_table
INTENTS = set(_TABLE.labels) - {"clarify"}
# Intents about one record; the others never name one.
RECORD_INTENTS = set(_TABLE.sections)
KEYS = {"text", "intent", "entity", "country", "context", "clarify_ok"}
REQUIRED = {"text", "intent", "entity", "country"}
SEED_IDS = {"eu-south-caucasus-cluster-process", "lm-0024"}
ALL = pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])


@cache
def questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"questions"}
    items = data["questions"]
    assert isinstance(items, list)
    return items


@cache
def record_ids() -> frozenset[str]:
    return frozenset(load_knowledge().records)


@ALL
def test_every_item_has_the_known_keys_and_types(path: Path) -> None:
    for q in questions(path):
        assert isinstance(q, dict), q
        assert REQUIRED <= set(q) <= KEYS, q
        assert isinstance(q["text"], str) and q["text"].strip(), q
        assert q["entity"] is None or isinstance(q["entity"], str), q
        assert q["country"] is None or isinstance(q["country"], str), q
        assert q.get("context") is None or isinstance(q["context"], str), q
        assert isinstance(q.get("clarify_ok", False), bool), q


@ALL
def test_labels_are_design_intents(path: Path) -> None:
    unknown = {q["intent"] for q in questions(path)} - INTENTS
    assert not unknown


@ALL
def test_each_file_is_big_enough(path: Path) -> None:
    assert len(questions(path)) >= 150  # issue 13: at least 150 per language


def test_counts() -> None:
    items = questions()
    per_intent = Counter(q["intent"] for q in items)
    assert len(items) >= 450  # 300 (issue 2) + 150 about the imported records (issue 4)
    for intent in INTENTS - {"chair", "secretariat"}:  # those two came later (issue 10)
        assert per_intent[intent] >= 20, intent
    assert per_intent["out_of_scope"] >= 60
    new_records = [q for q in items if q["entity"] and q["entity"] not in SEED_IDS]
    assert len(new_records) >= 150


def test_group_styles_and_id_spellings_are_covered() -> None:
    texts = [q["text"] for q in questions()]
    for marker in ("@MigBot ", "/ask@MigBot ", "/ask "):
        assert sum(t.startswith(marker) for t in texts) >= 10, marker
    for spelling in ("LM.0024", "lm0024", "LM 0024", "lm-0024"):
        assert any(spelling in t for t in texts), spelling
    assert sum(1 for q in questions() if q.get("context")) >= 20


@ALL
def test_no_duplicate_questions(path: Path) -> None:
    seen = Counter((q["text"].casefold(), q.get("context")) for q in questions(path))
    assert [key for key, n in seen.items() if n > 1] == []


@ALL
def test_countries_are_alpha2(path: Path) -> None:
    for q in questions(path):
        code = q["country"]
        if code is not None:
            assert len(code) == 2 and code.isupper(), q
            assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, q


def test_entities_fit_the_intent() -> None:
    for q in questions():
        if q["intent"] in RECORD_INTENTS:
            # A record question names one, unless it is an aggregate budget ("total IDF
            # budget for Georgia"), meetings across dialogues ("meetings in 2007") or a
            # fair clarification among several records.
            assert (
                q["entity"] is not None
                or q.get("clarify_ok")
                or (q["intent"] == "budget" and q["country"])
                or (q["intent"] == "meetings" and any(c.isdigit() for c in q["text"]))
            ), q
        else:
            assert q["entity"] is None, q
        if q["intent"] == "by_country":
            assert q["country"] is not None, q
        if q.get("context"):
            assert q["intent"] == "out_of_scope" or q["entity"] is not None, q


@ALL
@pytest.mark.parametrize("field", ["entity", "context"])
def test_every_id_exists_in_the_bundled_knowledge(path: Path, field: str) -> None:
    ids = {q[field] for q in questions(path) if q.get(field)}
    assert sorted(ids - record_ids()) == []
