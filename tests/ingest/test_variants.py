"""Unseen pages in known layouts: corpus records re-written in another layout must read the same.

Each dash page of the corpus is turned into a bulleted page and into a values-only
Development Fund page; the importer must extract the same facts from the new text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from migbot.ingest.facts import extract


def dash_records(corpus: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (corpus / "facts.jsonl").read_text().splitlines()]
    return [row for row in rows if row["layout"] == "dash"]


def blocks(text: str) -> tuple[str, str, list[list[str]]]:
    lines = text.split("\n")
    url = lines[0]
    body = lines[lines.index("- 2030 Agenda") + 1 :] if "- 2030 Agenda" in lines else lines[2:]
    title, rest = body[0], body[1:]
    out: list[list[str]] = []
    i = 0
    while i < len(rest):
        if rest[i] == "-":
            out.append([rest[i + 1]])
            i += 2
        else:
            if rest[i].strip():
                out[-1].append(rest[i])
            i += 1
    return url, title, out


def as_bullets(text: str, summary: str | None) -> str:
    url, title, found = blocks(text)
    lines = [url, "", title, ""]
    for label, *values in found:
        values = [v for v in values if v != summary]
        lines.append(f"  • {label}")
        lines.extend(f"    {v}" for v in values)
    if summary:
        lines += ["", summary]
    return "\n".join(lines) + "\n"


def as_developmentfund(expected: dict[str, Any]) -> str:
    lines = [f"url: {expected['urls'][0]}", "", "- About", "- Donate Now"]
    lines += [expected["title"], expected["title"]]
    if expected["idf_region"]:
        lines.append(expected["idf_region"])
    if expected["idf_id"]:
        lines.append(expected["idf_id"])
    if expected["budget_usd"] is not None:
        lines.append(f"{expected['budget_usd']:,}")
    lines += expected["beneficiaries"]
    for key in ("project_type", "coverage", "status", "summary"):
        if expected[key]:
            lines.append(expected[key])
    return "\n".join(lines) + "\n"


def test_dash_pages_read_the_same_as_bullets(corpus: Path, tmp_path: Path) -> None:
    for expected in dash_records(corpus):
        text = (corpus / "pages" / expected["page"]).read_text(encoding="utf-8")
        page = tmp_path / expected["page"].replace(".dash.", ".bullets.")
        page.write_text(as_bullets(text, expected["summary"]), encoding="utf-8")
        got = extract(page).facts
        for key, value in expected.items():
            if key not in ("page", "layout"):
                assert got[key] == value, (expected["page"], key)


def test_dash_pages_read_the_same_as_values_only(corpus: Path, tmp_path: Path) -> None:
    checked = 0
    for expected in dash_records(corpus):
        if not expected["idf_id"] or not expected["project_type"]:
            continue  # a values-only page needs its ID and type to be told apart
        page = tmp_path / f"{expected['id']}.txt"
        page.write_text(as_developmentfund(expected), encoding="utf-8")
        got = extract(page).facts
        assert got["layout"] == "developmentfund"
        for key in (
            "title",
            "idf_id",
            "idf_region",
            "budget_usd",
            "project_type",
            "coverage",
            "status",
            "summary",
            "beneficiaries",
        ):
            assert got[key] == expected[key], (expected["page"], key)
        checked += 1
    assert checked >= 20
