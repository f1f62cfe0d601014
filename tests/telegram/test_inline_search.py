"""Inline search through its per-knowledge index returns exactly what the plain loop did."""

from __future__ import annotations

import pytest
from benchmarks.synthetic import generate
from rapidfuzz import fuzz, utils

from migbot.assistant import Assistant
from migbot.knowledge.loader import KnowledgeBase, load_knowledge
from migbot.knowledge.models import Record
from migbot.telegram import inline


def reference_search(kb: KnowledgeBase, query: str) -> list[Record]:
    """The algorithm before the index: every name of every record scored in Python."""
    records = sorted(
        kb.records.values(), key=lambda r: (r.kind != "dialogue", inline.record_title(r))
    )
    query = query.strip()
    if not query:
        return records
    scored = []
    for record in records:
        score = max(
            fuzz.WRatio(query, name, processor=utils.default_process)
            for name in inline._names(record)
        )
        if score >= inline.MIN_SCORE:
            scored.append((-score, inline.record_title(record), record))
    return [record for _, _, record in sorted(scored, key=lambda item: item[:2])]


QUERIES = [
    "",
    "   ",
    "cluster",
    "Cluster Process",
    "CLUSTER",
    "LM.0024",
    "lm0024",
    "lm-0024",
    "LM 0024",
    "0024",
    "labour",
    "labour migration",
    "custer proces",
    "souht caucasus",
    "georgia",
    "Géorgie",
    "Грузия",
    "格鲁吉亚",
    "migración laboral",
    "<b>",
    "<b>cluster</b>",
    "&amp;",
    "<>",
    "...",
    "-",
    "x" * 300,
    ("cluster process " * 20)[:300],
    "a",
    "e",
    "z",
    "1",
    "eu",
    "EU-South Caucasus",
    "eu south caucasus cluster process",
    "border management",
    "trafficking",
    "process",
    "bali process",
    "idf",
    "project",
    "armenia azerbaijan",
    "\tcluster\n",
]


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("synthetic")
    generate(300, root)
    return load_knowledge(root)


def _ids(records: list[Record]) -> list[str]:
    return [record.id for record in records]


@pytest.mark.parametrize("query", QUERIES)
def test_bundled_results_equal_the_plain_loop(assistant: Assistant, query: str) -> None:
    assert _ids(inline.search(assistant.kb, query)) == _ids(reference_search(assistant.kb, query))


@pytest.mark.parametrize("query", QUERIES)
def test_synthetic_results_equal_the_plain_loop(synthetic_kb: KnowledgeBase, query: str) -> None:
    assert len(synthetic_kb.records) == 300
    assert _ids(inline.search(synthetic_kb, query)) == _ids(reference_search(synthetic_kb, query))


def test_queries_find_records_in_both_knowledge_bases(
    assistant: Assistant, synthetic_kb: KnowledgeBase
) -> None:
    # Guard against an equality of two empty lists passing for agreement.
    for kb in (assistant.kb, synthetic_kb):
        assert inline.search(kb, "cluster")[0].id == "eu-south-caucasus-cluster-process"
        assert inline.search(kb, "lm0024")[0].id == "lm-0024"
        assert len(inline.search(kb, "")) == len(kb.records)
    assert inline.search(synthetic_kb, "<>") == []


def test_repeated_query_is_the_same_and_callers_cannot_spoil_it(assistant: Assistant) -> None:
    first = inline.search(assistant.kb, "cluster")
    expected = list(first)
    first.clear()  # a caller mutating its list must not touch the remembered result
    assert inline.search(assistant.kb, " cluster ") == expected
    listing = inline.search(assistant.kb, "")
    listing.reverse()
    assert _ids(inline.search(assistant.kb, "")) == _ids(reference_search(assistant.kb, ""))


def test_more_queries_than_remembered_still_answer_right(synthetic_kb: KnowledgeBase) -> None:
    queries = [f"lm{n:02d}" for n in range(inline.RECENT_QUERIES + 8)]
    for query in queries + queries[:4]:
        assert inline.search(synthetic_kb, query) == reference_search(synthetic_kb, query)
    assert len(inline.index_for(synthetic_kb)._recent) <= inline.RECENT_QUERIES


def test_index_built_once_per_knowledge_base(assistant: Assistant) -> None:
    index = inline.index_for(assistant.kb)
    inline.search(assistant.kb, "cluster")
    assert inline.index_for(assistant.kb) is index

    reloaded = Assistant.load()
    assert reloaded.kb is not assistant.kb
    rebuilt = inline.index_for(reloaded.kb)
    assert rebuilt is not index
    assert rebuilt.kb is reloaded.kb
    assert inline.index_for(reloaded.kb) is rebuilt
    assert _ids(inline.search(reloaded.kb, "labour")) == _ids(
        reference_search(reloaded.kb, "labour")
    )
    # Back to the first knowledge base: a fresh index for it, never the reloaded one's.
    again = inline.index_for(assistant.kb)
    assert again.kb is assistant.kb
