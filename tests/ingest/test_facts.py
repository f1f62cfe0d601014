"""Every page of the corpus, field by field, against the careful reader's facts.jsonl."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from migbot.ingest.facts import extract


def score(corpus: Path) -> tuple[Counter[str], Counter[str], list[str]]:
    total: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    misses: list[str] = []
    for line in (corpus / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        expected: dict[str, Any] = json.loads(line)
        got = extract(corpus / "pages" / expected["page"]).facts
        for key, value in expected.items():
            total[expected["layout"]] += 1
            if got.get(key, "<absent>") == value:
                exact[expected["layout"]] += 1
            else:
                misses.append(f"{expected['page']}: {key}: {value!r} != {got.get(key)!r}")
    return total, exact, misses


def test_fields_match_the_reviewed_facts(corpus: Path) -> None:
    total, exact, misses = score(corpus)
    print("\nlayout             exact / fields")
    for layout in sorted(total):
        share = exact[layout] / total[layout]
        print(f"{layout:18} {exact[layout]:5} / {total[layout]:5}  {share:6.1%}")
    overall = sum(exact.values()) / sum(total.values())
    print(f"{'all':18} {sum(exact.values()):5} / {sum(total.values()):5}  {overall:6.1%}")
    print(f"{len(misses)} fields differ (most are facts no page shows: other URLs, aliases)")
    assert overall >= 0.95, "\n".join(misses)
    # No layout may lag far behind the others.
    for layout in total:
        assert exact[layout] / total[layout] >= 0.9, layout


def test_every_layout_is_recognised(corpus: Path) -> None:
    for line in (corpus / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        expected = json.loads(line)
        facts = extract(corpus / "pages" / expected["page"]).facts
        assert facts["layout"] == expected["layout"], expected["page"]
        assert facts["kind"] == expected["kind"], expected["page"]
        assert facts["id"] == expected["id"], expected["page"]


def test_facts_keys_follow_the_corpus_conventions(corpus: Path) -> None:
    expected = json.loads((corpus / "facts.jsonl").read_text(encoding="utf-8").splitlines()[0])
    facts = extract(corpus / "pages" / expected["page"]).facts
    assert list(facts) == list(expected)
