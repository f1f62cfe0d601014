"""Questions across records: filters for ``list``, ``by_country`` and aggregate ``budget``.

Filter values are canonical (the NLU maps words to values present in the knowledge), one
string per key (``FILTER_KEYS``): ``kind`` dialogue|project, ``country`` alpha-2, ``year``
with ``year_op`` before|after|in and ``year_of`` start|end|active, ``project_type``,
``region`` (and every region inside it, ``knowledge/regions.yaml``), ``status`` (several
joined by ``MULTI_SEP``: any of them), ``coverage``, ``dialogue_type``, ``keywords`` (words
of record names, all of them), ``rank`` (an order: ``RANKS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from migbot.answers.rankings import RANKS, rank, start_date
from migbot.answers.reply import MULTI_SEP
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Meeting, Project, Record
from migbot.knowledge.regions import Regions
from migbot.nlu.normalise import simplify
from migbot.slots import Slots

FILTER_KEYS = (
    "kind",
    "country",
    "year",
    "year_op",
    "year_of",
    "project_type",
    "region",
    "status",
    "coverage",
    "dialogue_type",
    "keywords",
    "rank",
)
# Not from slots: ``show=meetings`` makes a list action page through meetings, not records.
ACTION_KEYS = (*FILTER_KEYS, "show")
# The keys that may hold several values, and the slot each comes from.
MULTI_KEYS = {"status": "statuses", "keywords": "keywords", "country": "countries"}
# The kind of record a ranking is about when the question names none.
RANK_KIND: dict[str, str] = {
    "most_members": "dialogue",
    "fewest_members": "dialogue",
    "largest_budget": "project",
    "smallest_budget": "project",
}


def values(filters: Mapping[str, str], key: str) -> list[str]:
    """The values of a filter (several for ``status`` and ``keywords``)."""
    value = filters.get(key)
    return value.split(MULTI_SEP) if value else []


def filters_from_slots(slots: Slots) -> dict[str, str]:
    dumped = slots.model_dump(include=set(FILTER_KEYS), exclude_none=True)
    out = {k: str(v) for k, v in dumped.items() if v != "" and isinstance(v, str | int)}
    for key, slot in MULTI_KEYS.items():  # several values replace the single one
        several: tuple[str, ...] = getattr(slots, slot)
        if several:
            out[key] = MULTI_SEP.join(dict.fromkeys(several))
    if slots.rank and "kind" not in out and slots.rank in RANK_KIND:
        out["kind"] = RANK_KIND[slots.rank]
    return out


def _year_matches(year: int | None, wanted: int, op: str) -> bool:
    if year is None:
        return False
    if op == "before":
        return year < wanted
    if op == "after":
        return year > wanted
    return year == wanted


def _start_year(record: Record) -> int | None:
    start = start_date(record)
    return start.year if start else None


def _end_year(record: Record) -> int | None:
    end = record.end if isinstance(record, Project) else record.ended
    return end.year if end else None


def _span(record: Record) -> tuple[int, float] | None:
    """The years a record ran: a dialogue runs on until it ended; a project whose end is
    not recorded counts for its start year only (its length is unknown)."""
    start = _start_year(record)
    if start is None:
        return None
    end = _end_year(record)
    if end is None:
        return (start, float("inf") if isinstance(record, Dialogue) else start)
    return (start, end)


def _active(record: Record, wanted: int, op: str) -> bool:
    span = _span(record)
    if span is None:
        return False
    if op == "before":
        return span[0] < wanted
    if op == "after":
        return span[1] > wanted
    return span[0] <= wanted <= span[1]


def year_matches(record: Record, wanted: int, op: str, of: str | None) -> bool:
    """``of``: start ("started in 2019"), end ("ended before 2005"), active ("active in
    2019"); None reads as start for a dialogue and, for a project, as running through the
    year (``in``) or starting before/after it."""
    if of is None:
        of = "active" if isinstance(record, Project) and op == "in" else "start"
    if of == "active":
        return _active(record, wanted, op)
    return _year_matches(_end_year(record) if of == "end" else _start_year(record), wanted, op)


def involves(record: Record, country: str) -> bool:
    """Member, observer or country team of a dialogue; beneficiary of a project."""
    if isinstance(record, Project):
        return country in record.beneficiaries
    return (
        country in record.member_codes()
        or country in record.observers
        or any(country in team.countries for team in record.country_teams)
    )


def name_words(record: Record) -> set[str]:
    """The words of a record's names (title, acronym, aliases), simplified."""
    texts = [record.name, record.acronym or "", *record.aliases]
    return {w for text in texts for w in simplify(text).split()}


def _themes(record: Record) -> list[str]:
    """A dialogue's thematic focus; a project's type."""
    if isinstance(record, Project):
        return [record.project_type or ""]
    return list(record.thematic_focus)


def _theme_words(record: Record) -> set[str]:
    return {w for theme in _themes(record) for w in simplify(theme).split()}


def _holds(words: set[str], key: str, *, prefix: bool = True) -> bool:
    """``key`` (simplified) is among ``words``: "diasporas" finds "Diaspora"; with
    ``prefix``, a key of four letters or more also finds longer words."""
    return (
        key in words
        or key.rstrip("s") in words
        or (prefix and len(key) >= 4 and any(x.startswith(key) for x in words))
    )


def _has_words(record: Record, wanted: list[str]) -> bool:
    """The record's names, themes or type hold every word ("dialogues on trafficking")."""
    words = name_words(record) | _theme_words(record)
    return all(_holds(words, simplify(k)) for k in wanted)


def _relevance(record: Record, wanted: list[str]) -> tuple[bool, int]:
    """Records named for a keyword first (in display order), then those whose texts
    (summary, objectives, themes) hold it most often: of the dialogues listing "trafficking"
    among their themes, the ones about it come first."""
    keys = [simplify(k) for k in wanted]

    def holds(*texts: str) -> bool:  # whole words only: a ranking, not the filter
        words = {w for t in texts for w in simplify(t).split()}
        return any(_holds(words, k, prefix=False) for k in keys)

    if holds(record.name, *record.aliases):
        return (False, 0)
    texts = [record.summary or "", *record.objectives, *_themes(record)]
    return (True, -sum(holds(t) for t in texts))


def _same(value: str | None, wanted: list[str]) -> bool:
    folded = (value or "").casefold()
    return any(folded == w.casefold() for w in wanted)


def matches(record: Record, filters: Mapping[str, str], regions: Regions | None = None) -> bool:
    kind = filters.get("kind")
    if kind and record.kind != kind:
        return False
    countries = values(filters, "country")  # several: any of them
    if countries and not any(involves(record, c) for c in countries):
        return False
    year = filters.get("year")
    if year and year.isdigit():
        op = filters.get("year_op", "in")
        if not year_matches(record, int(year), op, filters.get("year_of")):
            return False
    project_type = filters.get("project_type")
    if project_type and not (
        isinstance(record, Project) and _same(record.project_type, [project_type])
    ):
        return False
    region = filters.get("region")
    if region:
        held = [record.idf_region or ""] if isinstance(record, Project) else record.regions
        within = (regions or Regions()).within
        if not any(r and within(r, region) for r in held):
            return False
    statuses = values(filters, "status")
    if statuses and not _same(record.status, statuses):
        return False
    coverage = filters.get("coverage")
    if coverage and not (isinstance(record, Project) and _same(record.coverage, [coverage])):
        return False
    dialogue_type = filters.get("dialogue_type")
    if dialogue_type and not (isinstance(record, Dialogue) and _same(record.type, [dialogue_type])):
        return False
    keywords = values(filters, "keywords")
    return not (keywords and not _has_words(record, keywords))


def _sort_key(record: Record) -> tuple[int, str]:
    # Dialogues first, then projects; alphabetical by what people call them.
    if isinstance(record, Project):
        return (1, record.idf_id or record.title)
    return (0, record.name.casefold())


@dataclass(frozen=True)
class BudgetTotal:
    projects: int
    with_budget: int
    total_usd: float
    by_status: dict[str, tuple[int, float]]  # status → (projects, USD)


# Distinct filter combinations are few (they come from slots and buttons): remember answers.
CACHE_SIZE = 1024


class Query:
    """The records in display order plus indices, built once per knowledge base.

    A question then scans only the records of its country or kind, and repeated filters
    (every page of a list, every press of a menu button) are answered from a cache.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.regions = kb.regions
        self.records = sorted(kb.records.values(), key=_sort_key)
        self.by_kind: dict[str, list[Record]] = {"dialogue": [], "project": []}
        self.by_country: dict[str, list[Record]] = {}
        for record in self.records:
            self.by_kind[record.kind].append(record)
            if isinstance(record, Project):
                codes = set(record.beneficiaries)
            else:
                codes = set(record.member_codes()) | set(record.observers)
                codes |= {c for team in record.country_teams for c in team.countries}
            for code in codes:
                self.by_country.setdefault(code, []).append(record)
        self.meetings = sorted(
            (
                (d, m)
                for d in self.by_kind["dialogue"]
                if isinstance(d, Dialogue)
                for m in d.meetings
            ),
            key=lambda dm: dm[1].date.iso(),
            reverse=True,
        )
        self._cache: dict[tuple[tuple[str, str], ...], list[Record]] = {}

    def select(self, filters: Mapping[str, str]) -> list[Record]:
        key = tuple(sorted(filters.items()))
        found = self._cache.get(key)
        if found is None:
            countries = values(filters, "country")
            if len(countries) == 1:
                pool = self.by_country.get(countries[0], [])
            elif countries:
                ids = {r.id for c in countries for r in self.by_country.get(c, [])}
                pool = [r for r in self.records if r.id in ids]
            else:
                pool = self.by_kind.get(filters.get("kind") or "", self.records)
            found = [r for r in pool if matches(r, filters, self.regions)]
            how = filters.get("rank")
            if how in RANKS:
                found = rank(found, how)
            elif keywords := values(filters, "keywords"):
                found = sorted(found, key=lambda r: _relevance(r, keywords))  # stable
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def budget_total(self, filters: Mapping[str, str]) -> BudgetTotal:
        chosen = [r for r in self.select({**filters, "kind": "project"}) if isinstance(r, Project)]
        by_status: dict[str, tuple[int, float]] = {}
        for p in chosen:
            key = p.status or "Status not recorded"
            count, amount = by_status.get(key, (0, 0.0))
            by_status[key] = (count + 1, amount + (p.budget_usd or 0.0))
        budgets = [p.budget_usd for p in chosen if p.budget_usd is not None]
        return BudgetTotal(len(chosen), len(budgets), float(sum(budgets)), by_status)

    def meetings_matching(self, filters: Mapping[str, str]) -> list[tuple[Dialogue, Meeting]]:
        """Meetings of dialogues, newest first; ``year``/``year_op``, ``country`` narrow them."""
        year = filters.get("year")
        wanted = int(year) if year and year.isdigit() else None
        op = filters.get("year_op", "in")
        countries = values(filters, "country")
        members: set[str] | None = None
        if countries:
            members = {r.id for c in countries for r in self.by_country.get(c, [])}
        found = []
        for d, m in self.meetings:
            if members is not None and d.id not in members:
                continue
            if wanted is not None:
                years = {m.date.year, m.date_end.year if m.date_end else m.date.year}
                if not any(_year_matches(y, wanted, op) for y in years):
                    continue
            found.append((d, m))
        return found
