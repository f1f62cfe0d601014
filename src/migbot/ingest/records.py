"""Facts of one or more pages → one knowledge record (a dict in the schema of models.py).

Keys come in the order of the hand-written seed files: identity (id, name or ID and title,
aliases), the facts in the models' order, then sources.

Several pages may describe the same record in different layouts: the record takes each
field from the first page that shows it (English layouts first), sources are the union
of the pages' URLs, and disagreements between pages are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from migbot.ingest import normalise as norm
from migbot.ingest.facts import Facts
from migbot.knowledge.countries import country_name, lookup_country

# Which page wins when pages disagree: labelled English pages first, translations last.
LAYOUT_PRIORITY = ("dash", "bullets", "bullets_missing", "dialogue", "developmentfund", "fr", "es")


@dataclass
class Built:
    kind: str
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _priority(facts: Facts) -> int:
    layout = str(facts.get("layout"))
    return LAYOUT_PRIORITY.index(layout) if layout in LAYOUT_PRIORITY else len(LAYOUT_PRIORITY)


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _conflict(key: str, value: Any, kept: Any, layout: str) -> bool:
    if _empty(value) or value == kept or key in ("summary", "title"):
        return False
    # Translated pages keep project types in their own language: not a disagreement.
    return not (layout in ("fr", "es") and key == "project_type")


def merge(pages: list[Facts]) -> tuple[Facts, list[str]]:
    """One facts dict from several pages of the same record, and the disagreements found."""
    ordered = sorted(pages, key=_priority)
    merged: Facts = {}
    notes: list[str] = []
    for facts in ordered:
        for key, value in facts.items():
            if key in ("page", "layout", "urls"):
                continue
            if key not in merged or _empty(merged[key]):
                merged[key] = value
            elif _conflict(key, value, merged[key], str(facts.get("layout"))):
                notes.append(
                    f"{key}: {facts['page']} says {value!r}, kept {merged[key]!r} "
                    f"from a page in a preferred layout"
                )
    # A page with the IDF ID names the record, whatever page came first.
    with_id = [f for f in ordered if f.get("idf_id")]
    if with_id:
        merged["id"] = with_id[0]["id"]
    urls: list[str] = []
    for facts in ordered:
        urls.extend(u for u in facts.get("urls", []) if u not in urls)
    merged["urls"] = urls
    merged["pages"] = [f["page"] for f in ordered]
    return merged, notes


def _country_names(names: list[str], notes: list[str], what: str) -> tuple[list[str], list[str]]:
    """Names that migbot resolves (kept as written when they do), and the entries that are not
    countries (organisations, unknown names) for a text field."""
    countries: list[str] = []
    others: list[str] = []
    for name in names:
        if lookup_country(name):
            countries.append(name)
            continue
        code = norm.lookup(name)
        if code:
            countries.append(country_name(code))
            continue
        others.append(name)
    countries = list(dict.fromkeys(countries))
    if others and what:
        notes.append(f"{what}: not ISO countries, kept as text: {', '.join(others)}")
    return countries, others


def _title_aliases(title: str) -> list[str]:
    """An acronym the title gives in brackets: "… Outward Migration (BECOME)" → BECOME."""
    return re.findall(r"\(([A-Z][A-Z0-9-]{2,11})\)", title)


def project(facts: Facts) -> Built:
    notes: list[str] = []
    beneficiaries, not_countries = _country_names(
        facts.get("beneficiaries", []), notes, "beneficiaries"
    )
    others, other_text = _country_names(facts.get("other_beneficiaries", []), notes, "")
    title = facts["title"]
    data: dict[str, Any] = {
        "id": facts["id"],
        "idf_id": facts.get("idf_id"),
        "title": title,
        "aliases": _title_aliases(title),
        "prima_id": facts.get("prima_id"),
        "start": facts.get("start"),
        "end": facts.get("end"),
        "status": facts.get("status"),
        "project_type": facts.get("project_type"),
        "budget_usd": facts.get("budget_usd"),
        "coverage": facts.get("coverage"),
        "year": facts.get("year"),
        "idf_region": facts.get("idf_region"),
        "beneficiaries": beneficiaries,
        "other_beneficiaries": others + not_countries + other_text,
        "summary": facts.get("summary"),
        "sources": facts.get("urls", []),
    }
    return Built("project", _prune(data), notes)


def dialogue(facts: Facts) -> Built:
    notes: list[str] = []
    members, member_others = _country_names(facts.get("member_states", []), notes, "")
    observers, observer_orgs = _country_names(facts.get("observers", []), notes, "")
    truncated = bool(facts.get("truncated"))
    meetings = [
        {k: v for k, v in meeting.items() if v is not None} for meeting in facts.get("meetings", [])
    ]
    teams = []
    for team in facts.get("country_teams", []) or []:
        names, _rest = _country_names(team, notes, "country_teams")
        if len(names) >= 2:
            teams.append({"countries": names})
    data: dict[str, Any] = {
        "id": facts["id"],
        "name": facts["name"],
        "acronym": facts.get("acronym"),
        "aliases": facts.get("aliases", []),
        "type": facts.get("type"),
        "regions": facts.get("regions_covered", []),
        "formal_association": facts.get("formal_association"),
        "established": facts.get("established"),
        "ended": facts.get("ended"),
        "status": facts.get("status"),
        "summary": facts.get("summary"),
        "objectives": facts.get("objectives", []),
        "thematic_focus": facts.get("thematic_focus", []),
        "chair": facts.get("chair"),
        "past_chairs": facts.get("past_chairs", []),
        "secretariat": facts.get("secretariat"),
        "member_states": [{"countries": members}] if members else [],
        # A cut-short page: the answer says the list is not complete and links the source.
        "members_truncated": truncated,
        "observers": observers,
        "observer_organizations": observer_orgs,
        "member_organizations": list(
            dict.fromkeys(facts.get("member_organizations", []) + member_others)
        ),
        "country_teams": teams,
        "meetings": meetings,
        "meetings_truncated": truncated,
        "sources": facts.get("urls", []),
    }
    if member_others:
        notes.append(f"member_states: not ISO countries, listed as organisations: {member_others}")
    return Built("dialogue", _prune(data), notes)


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields and ``False`` flags: the files show only what is known."""
    return {k: v for k, v in data.items() if not _empty(v) and v is not False}


def build(facts: Facts) -> Built:
    return dialogue(facts) if facts.get("kind") == "dialogue" else project(facts)
