"""Raw page fields → the facts dict of shared/corpus/facts.jsonl (same keys, same conventions).

Countries and regions in English, status ``Completed``/``Active``, budgets as numbers, years
as integers, meeting dates as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. Whatever is shown but
not understood goes to the report, never silently into a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from migbot.ingest import normalise as norm
from migbot.ingest.layouts import LAYOUTS, Raw, parse
from migbot.ingest.page import Page, read_page
from migbot.knowledge.countries import fold

Facts = dict[str, Any]


@dataclass
class PageResult:
    page: Page
    raw: Raw
    facts: Facts
    # Per-page report: fields the layout has but the page does not show, and text not understood.
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


PROJECT_FIELDS = (
    "title",
    "idf_id",
    "prima_id",
    "start",
    "end",
    "status",
    "project_type",
    "budget_usd",
    "coverage",
    "year",
    "idf_region",
    "beneficiaries",
    "other_beneficiaries",
    "summary",
)
DIALOGUE_FIELDS = (
    "name",
    "acronym",
    "aliases",
    "type",
    "regions_covered",
    "formal_association",
    "established",
    "ended",
    "status",
    "thematic_focus",
    "member_states",
    "observers",
    "member_organizations",
    "chair",
    "past_chairs",
    "secretariat",
    "meetings",
    "objectives",
    "summary",
    "truncated",
)


def page_id_hint(path: Path) -> str | None:
    """The record id in a corpus file name ``<record-id>.<layout>.txt``, if it is one."""
    parts = path.name.split(".")
    if (
        len(parts) == 3
        and parts[1] in LAYOUTS
        and parts[2] == "txt"
        and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", parts[0])
    ):
        return parts[0]
    return None


def extract(path: Path) -> PageResult:
    """Read and parse one page; PageError when it cannot be read at all."""
    page = read_page(path)
    raw = parse(page)
    result = PageResult(page=page, raw=raw, facts={})
    result.problems.extend(raw.problems)
    if raw.kind == "project":
        result.facts = _project(page, raw, result)
    else:
        result.facts = _dialogue(page, raw, result)
    return result


def _head(page: Page, raw: Raw, record_id: str) -> Facts:
    return {
        "page": page.path.name,
        "layout": raw.layout,
        "kind": raw.kind,
        "id": record_id,
        "urls": [page.url] if page.url else [],
    }


def _countries(text: str | None, raw: Raw, label: str, result: PageResult) -> list[str]:
    if not text:
        return []
    names: list[str] = []
    for line in text.split("\n"):
        code = norm.lookup(line)
        found = [(line.strip(), code)] if code else None
        if found is None:
            split = norm.split_countries(line)
            found = split.found
            for piece in split.unknown:
                result.problems.append(f"{label}: not a known country: {piece!r}")
        for written, code in found:
            # English pages keep the page's own name; other names get the English one.
            keep = raw.lang == "en" and norm.is_english(written)
            names.append(written if keep else norm.english_name(code))
    return names


def _project(page: Page, raw: Raw, result: PageResult) -> Facts:
    f = raw.fields

    def value(name: str, convert: Any = None) -> Any:
        text = f.get(name)
        if text is None:
            result.missing.append(name)
            return None
        if convert is None:
            return text
        out = convert(text)
        if out is None:
            result.problems.append(f"{name}: value not understood: {text!r}")
        return out

    idf = value("idf_id", norm.idf_id)
    title = raw.title
    record_id = (
        norm.record_id(idf) if idf else page_id_hint(page.path) or norm.slug(title or "project")
    )
    facts = _head(page, raw, record_id)
    facts.update(
        {
            "title": title,
            "idf_id": idf,
            "prima_id": value("prima_id", norm.prima_id),
            "start": value("start", norm.year),
            "end": value("end", norm.year),
            "status": value("status", norm.status),
            "project_type": value("project_type"),
            "budget_usd": value("budget_usd", norm.budget),
            "coverage": value("coverage", norm.coverage),
            "year": value("year", norm.year),
            "idf_region": value("idf_region", norm.idf_region),
            "beneficiaries": _countries(f.get("beneficiaries"), raw, "beneficiaries", result),
            "other_beneficiaries": _countries(
                f.get("other_beneficiaries"), raw, "other_beneficiaries", result
            ),
            "summary": raw.summary,
        }
    )
    if not f.get("beneficiaries"):
        result.missing.append("beneficiaries")
    if not raw.summary:
        result.missing.append("summary")
    return facts


_TYPE_RE = re.compile(
    r"^(?P<type>.*?)\s*\(\s*(?:regions? covered|r[ée]gions? couvertes?|regiones? cubiertas?)"
    r"\s*:\s*(?P<regions>[^)]*)\)\s*$",
    re.IGNORECASE,
)
_STOP = {"on", "and", "of", "the", "for", "in", "or", "to"}


def _url_names(url: str | None, name: str) -> tuple[str | None, list[str]]:
    """Acronym and short names that IOM puts at the end of a page address.

    ``…/migration-dialogue-west-africa-midwa`` → MIDWA; ``…-rcm-or-puebla-process`` → RCM
    and "Puebla Process". Only words that are not already in the name count.
    """
    if not url:
        return None, []
    tokens = [t for t in urlparse(url).path.strip("/").split("/")[-1].split("-") if t]
    words = set(re.findall(r"[a-z0-9]+", fold(name)))
    extra: list[str] = []
    while tokens and tokens[-1] not in words:
        extra.insert(0, tokens.pop())
    if not tokens and 1 <= len(extra) <= 3 and all(len(t) <= 6 for t in extra):
        return "-".join(extra).upper(), []  # the whole address is the acronym: "igad-rcp"
    # The rest of the address must be the name itself (not, say, a list page's address).
    if not tokens or not extra or any(t.isdigit() for t in extra):
        return None, []
    if sum(t in words for t in tokens) * 2 < len(tokens):
        return None, []
    acronym: str | None = None
    aliases: list[str] = []
    groups: list[list[str]] = [[]]
    for token in extra:
        if token == "or":
            groups.append([])
        else:
            groups[-1].append(token)
    for group in groups:
        if group and group[-1] == "process" and len(group) > 1:
            aliases.append(" ".join(t.capitalize() for t in group))
        elif len(group) == 1 and 2 <= len(group[0]) <= 8 and acronym is None:
            acronym = group[0].upper()
    return acronym, aliases


def _name_acronym(name: str) -> str | None:
    """Acronyms the name itself spells out: "ACP … (ACP) – European Union (EU)" → ACP-EU."""
    inside = re.findall(r"\(([A-Z][A-Z0-9-]{1,9})\)", name)
    if inside:
        return "-".join(inside)
    # An all-capitals word in the name: "UN HLD on International Migration" → HLD.
    caps = [w for w in re.findall(r"\b[A-Z]{3,}\b", name)]
    return caps[0] if caps else None


def _dialogue(page: Page, raw: Raw, result: PageResult) -> Facts:
    f, s = raw.fields, raw.sections
    name = raw.title or ""
    record_id = page_id_hint(page.path) or norm.slug(name)
    facts = _head(page, raw, record_id)

    dialogue_type, regions = None, []
    if f.get("type"):
        m = _TYPE_RE.match(f["type"] or "")
        if m:
            dialogue_type = m.group("type").strip() or None
            regions = [r.strip() for r in re.split(r"\s+[-–]\s+", m.group("regions")) if r.strip()]
        else:
            dialogue_type = f["type"]
    if not regions and f.get("regions"):
        regions = [r.strip() for r in re.split(r"\s+[-–]\s+|;|,", f["regions"] or "") if r.strip()]
    url_acronym, aliases = _url_names(page.url, name)
    acronym = f.get("acronym") or _name_acronym(name) or url_acronym
    short = re.match(r"^(\S+ Process) on ", name)
    if short:
        aliases.insert(0, short.group(1))
    for alias in s.get("aliases", []):
        aliases.append(alias)
    if f.get("aliases"):
        aliases.extend(a.strip() for a in (f["aliases"] or "").split(";") if a.strip())

    def year_of(key: str) -> int | None:
        text = f.get(key)
        if not text:
            return None
        out = norm.year(text)
        if out is None:
            result.problems.append(f"{key}: not a year: {text!r}")
        return out

    meetings = []
    for item in s.get("meetings", []):
        meeting = norm.parse_meeting(item)
        if meeting is None:
            result.problems.append(f"meeting without a date: {item!r}")
        else:
            meetings.append(meeting)

    listed = {key: len(s.get(key, [])) for key in raw.counts}
    cut = any(raw.counts[key] > listed[key] for key in raw.counts)
    facts.update(
        {
            "name": name,
            "acronym": acronym,
            "aliases": list(dict.fromkeys(aliases)),
            "type": dialogue_type,
            "regions_covered": regions,
            "formal_association": f.get("formal_association") or None,
            "established": year_of("established"),
            "ended": year_of("ended"),
            "status": f.get("status") or None,
            "thematic_focus": s.get("thematic_focus", []),
            "member_states": s.get("member_states", []),
            "observers": s.get("observers", []),
            "member_organizations": s.get("member_organizations", []),
            "chair": "; ".join(s.get("chair", [])) or None,
            "past_chairs": s.get("past_chairs", []),
            "secretariat": "; ".join(s.get("secretariat", [])) or None,
            "meetings": meetings,
            "objectives": s.get("objectives", []),
            "summary": raw.summary,
            # IOM's profile pages show member and meeting lists cut short; only a stub page
            # (no type line) is taken as complete, unless its own counts say otherwise.
            "truncated": cut or bool(f.get("type")),
        }
    )
    if "country_teams" in s:
        teams = []
        for item in s["country_teams"]:
            split = norm.split_countries(item)
            teams.append([written for written, _ in split.found])
            for piece in split.unknown:
                result.problems.append(f"country_teams: not a known country: {piece!r}")
        facts["country_teams"] = teams
    for key in ("type", "formal_association", "established"):
        if key not in f:
            result.missing.append(key)
    for key in ("objectives", "thematic_focus", "member_states", "meetings"):
        if key not in s:
            result.missing.append(key)
    if not raw.summary:
        result.missing.append("summary")
    return facts
