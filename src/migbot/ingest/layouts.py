"""Recognise a page's layout and cut it into raw fields (text as the page shows it).

Layouts (see shared/corpus/README.md):
- ``dash``: ``-`` line, label line, value line(s); ``fr`` is the same with French labels.
- ``bullets``: ``• Label`` with the value indented beneath; ``bullets_missing`` when some
  values are absent; ``es`` is the same with Spanish labels.
- ``developmentfund``: values only, no labels, in a fixed order (title twice, region, ID,
  budget, countries one per line, type, coverage, status).
- ``dialogue``: ``Key: value`` lines, then headed sections of ``- item`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from migbot.ingest import normalise as norm
from migbot.ingest.page import Page, PageError
from migbot.knowledge.countries import fold

LAYOUTS = ("dash", "bullets", "bullets_missing", "developmentfund", "fr", "es", "dialogue")


@dataclass
class Raw:
    """What a page says, field by field, before normalisation."""

    layout: str
    kind: str  # "project" | "dialogue"
    lang: str  # "en" | "fr" | "es"
    title: str | None = None
    summary: str | None = None
    # Project fields (canonical name → text, None when the label shows no value) and
    # dialogue "Key: value" lines.
    fields: dict[str, str | None] = field(default_factory=dict)
    # Dialogue sections (canonical name → items); headings with counts ("[9 Member States]").
    sections: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


_BULLET_RE = re.compile(r"^\s*[•·▪◦*]\s*(.*)$")
_PROSE_MIN_WORDS = 6


def _is_prose(line: str) -> bool:
    """A sentence (a summary), not a value: several words, a full stop, not a country list."""
    text = line.strip()
    words = len(text.split())
    if words < _PROSE_MIN_WORDS or not (text.endswith((".", "!", "?")) or words >= 12):
        return False
    split = norm.split_countries(text)
    return bool(split.unknown) or not split.found


# --- detection ----------------------------------------------------------------------------
_DIALOGUE_KEYS: dict[str, str] = {
    "type": "type",
    "formal association with regional or multi-stakeholder organization": "formal_association",
    "formal association with regional or multi-stakeholder organisation": "formal_association",
    "formal association": "formal_association",
    "established": "established",
    "ended": "ended",
    "discontinued": "ended",
    "status": "status",
    "acronym": "acronym",
    "also known as": "aliases",
    "regions covered": "regions",
    # French and Spanish profile pages.
    "association formelle avec une organisation regionale ou multipartite": "formal_association",
    "asociacion formal con una organizacion regional o de multiples partes interesadas": (
        "formal_association"
    ),
    "etabli": "established",
    "date de creation": "established",
    "creation": "established",
    "establecido": "established",
    "fecha de creacion": "established",
    "tipo": "type",
}

_SECTIONS: dict[str, str] = {
    "objectives": "objectives",
    "objective": "objectives",
    "current thematic focus": "thematic_focus",
    "thematic focus": "thematic_focus",
    "chairing country": "chair",
    "chair": "chair",
    "chairs": "chair",
    "past chairs": "past_chairs",
    "previous chairs": "past_chairs",
    "past chairing countries": "past_chairs",
    "secretariat": "secretariat",
    "member states": "member_states",
    "members": "member_states",
    "observers": "observers",
    "observer states": "observers",
    "member organizations": "member_organizations",
    "member organisations": "member_organizations",
    "meetings": "meetings",
    "country teams": "country_teams",
    "aliases": "aliases",
    "also known as": "aliases",
    "participating states": "member_states",
    "participating countries": "member_states",
    "observer organizations": "observers",
    "current chair": "chair",
    "chairmanship": "chair",
    "objectifs": "objectives",
    "objetivos": "objectives",
    "axes thematiques actuels": "thematic_focus",
    "priorites thematiques actuelles": "thematic_focus",
    "enfoque tematico actual": "thematic_focus",
    "pays assurant la presidence": "chair",
    "presidence": "chair",
    "presidencia": "chair",
    "pais que ocupa la presidencia": "chair",
    "secretaria": "secretariat",
    "etats membres": "member_states",
    "estados miembros": "member_states",
    "observateurs": "observers",
    "observadores": "observers",
    "organisations membres": "member_organizations",
    "organizaciones miembros": "member_organizations",
    "reunions": "meetings",
    "reuniones": "meetings",
}
# Sections whose value is text lines rather than "- item" lines.
_TEXT_SECTIONS = ("chair", "secretariat")
_SECTION_RE = re.compile(
    r"^(?P<head>[^\W\d_][^\W\d_ '’]*(?: [^\W\d_'’]+)*)\s*(?:\[(?P<count>\d+)[^\]]*\])?\s*:?$"
)


def _section(line: str) -> tuple[str, int | None] | None:
    m = _SECTION_RE.match(line.strip())
    if not m:
        return None
    name = _SECTIONS.get(fold(m.group("head")))
    if name is None:
        return None
    return name, int(m.group("count")) if m.group("count") else None


def _dialogue_key(line: str) -> tuple[str, str] | None:
    if ":" not in line or line.lstrip().startswith("-"):
        return None
    key, value = line.split(":", 1)
    name = _DIALOGUE_KEYS.get(fold(key))
    return (name, value.strip()) if name else None


def detect(page: Page) -> str:
    """The page's layout name (one of ``LAYOUTS``); PageError when none fits."""
    lines = page.lines
    stripped = [line.strip() for line in lines]
    if any(_dialogue_key(line) for line in lines[:15]) or any(
        _section(line) and _section(line)[0] in ("member_states", "thematic_focus", "meetings")  # type: ignore[index]
        for line in stripped
    ):
        return "dialogue"
    bullet_labels = [
        norm.project_label(m.group(1)) for line in lines if (m := _BULLET_RE.match(line))
    ]
    dash_labels = [
        norm.project_label(stripped[i + 1])
        for i in range(len(stripped) - 1)
        if stripped[i] == "-" and norm.project_label(stripped[i + 1])
    ]
    labels = [label for label in bullet_labels + dash_labels if label]
    lang = _language([lang for _, lang in labels])
    if bullet_labels and any(bullet_labels):
        if lang != "en":
            return lang
        return "bullets_missing" if _bullets(page).problems_missing else "bullets"
    if dash_labels:
        return lang if lang != "en" else "dash"
    if any(norm.idf_id(line) for line in stripped) or (
        len(stripped) > 1 and stripped[0] and stripped[0] == stripped[1]
    ):
        return "developmentfund"
    raise PageError(f"{page.path}: layout not recognised (no labels, no project ID, no dialogue)")


def _language(langs: list[str]) -> str:
    for lang in ("fr", "es"):
        if lang in langs:
            return lang
    return "en"


# --- projects -----------------------------------------------------------------------------
def _title_before(lines: list[str], index: int) -> str | None:
    for line in reversed(lines[:index]):
        text = line.strip()
        if text and text != "-":
            return text
    return None


def _put(raw: Raw, name: str, value: str | None, label: str) -> None:
    if name in raw.fields and raw.fields[name] is not None:
        raw.problems.append(f"label shown twice: {label!r} (kept the first value)")
        return
    raw.fields[name] = value


def parse_dash(page: Page, layout: str) -> Raw:
    lines = [line.strip() for line in page.lines]
    starts = [i for i in range(len(lines) - 1) if lines[i] == "-" and lines[i + 1]]
    first_label = next((i for i in starts if norm.project_label(lines[i + 1])), None)
    if first_label is None:
        raise PageError(f"{page.path}: no project labels found")
    raw = Raw(layout=layout, kind="project", lang=_lang_of(layout))
    raw.title = _title_before(lines, first_label)
    blocks = [i for i in starts if i >= first_label]
    for n, start in enumerate(blocks):
        end = blocks[n + 1] if n + 1 < len(blocks) else len(lines)
        label = lines[start + 1]
        values = [v for v in lines[start + 2 : end] if v and v != "-"]
        prose: list[str] = []
        while n + 1 == len(blocks) and values and _is_prose(values[-1]):
            prose.insert(0, values.pop())  # a description may run over several paragraphs
        raw.summary = " ".join(prose) or raw.summary
        known = norm.project_label(label)
        if known is None:
            raw.problems.append(f"label not understood: {label!r}")
            continue
        _put(raw, known[0], _join(known[0], values), label)
    return raw


def _join(name: str, values: list[str]) -> str | None:
    """Value lines as one text; country lists keep their lines (one country a line)."""
    if not values:
        return None
    return "\n".join(values) if name.endswith("beneficiaries") else " ".join(values)


@dataclass
class _Bullets:
    items: list[tuple[str, list[str]]]
    summary: list[str]
    before: int  # index of the first bullet

    @property
    def problems_missing(self) -> bool:
        """Most labels show no value (a few gaps are usual on complete pages too)."""
        empty = sum(1 for _, values in self.items if not values)
        return empty * 2 > len(self.items)


def _bullets(page: Page) -> _Bullets:
    items: list[tuple[str, list[str]]] = []
    summary: list[str] = []
    first = -1
    for i, line in enumerate(page.lines):
        m = _BULLET_RE.match(line)
        if m:
            if first < 0:
                first = i
            items.append((m.group(1).strip(), []))
        elif not line.strip():
            continue
        elif items and line[:1].isspace() and not summary:
            items[-1][1].append(line.strip())
        elif items:
            summary.append(line.strip())
    return _Bullets(items, summary, first)


def parse_bullets(page: Page, layout: str) -> Raw:
    parsed = _bullets(page)
    if parsed.before < 0:
        raise PageError(f"{page.path}: no bulleted labels found")
    raw = Raw(layout=layout, kind="project", lang=_lang_of(layout))
    raw.title = _title_before(page.lines, parsed.before)
    raw.summary = " ".join(parsed.summary) or None
    for label, values in parsed.items:
        known = norm.project_label(label)
        if known is None:
            raw.problems.append(f"label not understood: {label!r}")
            continue
        _put(raw, known[0], _join(known[0], values), label)
    return raw


def parse_developmentfund(page: Page) -> Raw:
    """Values in order: title (twice), region, ID, budget, countries…, type, coverage, status."""
    lines = [line.strip() for line in page.lines if line.strip() and line.strip() != "-"]
    raw = Raw(layout="developmentfund", kind="project", lang="en")
    if not lines:
        raise PageError(f"{page.path}: empty page")
    raw.title = lines.pop(0)
    while lines and lines[0] == raw.title:
        lines.pop(0)
    if lines and _is_prose(lines[-1]):
        raw.summary = lines.pop()
    # Region, ID and budget come first, each recognisable on its own.
    while lines:
        line = lines[0]
        if "idf_region" not in raw.fields and "idf_id" not in raw.fields and norm.idf_region(line):
            raw.fields["idf_region"] = lines.pop(0)
        elif "idf_id" not in raw.fields and norm.idf_id(line):
            raw.fields["idf_id"] = lines.pop(0)
        elif "budget_usd" not in raw.fields and norm.budget(line) is not None:
            raw.fields["budget_usd"] = lines.pop(0)
        else:
            break
    # Status and coverage close the list; the type is the line before them.
    if lines and norm.status(lines[-1]):
        raw.fields["status"] = lines.pop()
    if lines and norm.coverage(lines[-1]):
        raw.fields["coverage"] = lines.pop()
    countries: list[str] = []
    while lines and norm.lookup(lines[0]):
        countries.append(lines.pop(0))
    if countries:
        raw.fields["beneficiaries"] = "\n".join(countries)
    if len(lines) == 1:
        raw.fields["project_type"] = lines.pop()
    for line in lines:
        raw.problems.append(f"value not understood: {line!r}")
    return raw


def _lang_of(layout: str) -> str:
    return layout if layout in ("fr", "es") else "en"


# --- dialogues ----------------------------------------------------------------------------
def parse_dialogue(page: Page) -> Raw:
    raw = Raw(layout="dialogue", kind="dialogue", lang="en")
    lines = [line.strip() for line in page.lines]
    lines = [line for line in lines if line and line != "-"]
    if not lines:
        raise PageError(f"{page.path}: empty page")
    current: str | None = None
    summary: list[str] = []
    if _dialogue_key(lines[0]) or _section(lines[0]):
        raw.problems.append("no name before the first field")
    else:
        raw.title = lines.pop(0)
    for line in lines:
        section = _section(line)
        if section:
            current, count = section
            raw.sections.setdefault(current, [])
            if count is not None:
                raw.counts[current] = count
            continue
        if current is None:
            key = _dialogue_key(line)
            if key:
                raw.fields[key[0]] = key[1]
            else:
                summary.append(line)
            continue
        if current == "?":
            continue
        if not line.startswith("- ") and current not in _TEXT_SECTIONS:
            # Lists hold "- item" lines: a plain line there is a heading we do not know.
            raw.problems.append(f"section not understood: {line!r}")
            current = "?"
            continue
        item = line[2:].strip() if line.startswith("- ") else line
        if item:
            raw.sections[current].append(item)
    raw.summary = " ".join(summary) or None
    return raw


def parse(page: Page) -> Raw:
    layout = detect(page)
    if layout == "dialogue":
        return parse_dialogue(page)
    if layout == "developmentfund":
        return parse_developmentfund(page)
    # French and Spanish pages come in either structure.
    if any(_BULLET_RE.match(line) for line in page.lines):
        return parse_bullets(page, layout)
    return parse_dash(page, layout)
