"""Questions across records: filters for ``list``, ``by_country`` and aggregate ``budget``.

Filter values are canonical (the NLU maps words to values present in the knowledge):
``kind`` dialogue|project, ``country`` alpha-2, ``year`` with ``year_op`` before|after|in,
``project_type``, ``region``, ``status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Meeting, Project, Record
from migbot.slots import Slots

FILTER_KEYS = ("kind", "country", "year", "year_op", "project_type", "region", "status")
# Not from slots: ``show=meetings`` makes a list action page through meetings, not records.
ACTION_KEYS = (*FILTER_KEYS, "show")


def filters_from_slots(slots: Slots) -> dict[str, str]:
    values = slots.model_dump(include=set(FILTER_KEYS), exclude_none=True)
    out = {k: str(v) for k, v in values.items() if v != ""}
    if slots.statuses:
        out["status"] = slots.statuses[0]
    return out


def _year_matches(year: int | None, wanted: int, op: str) -> bool:
    if year is None:
        return False
    if op == "before":
        return year < wanted
    if op == "after":
        return year > wanted
    return year == wanted


def _record_year(record: Record) -> int | None:
    if isinstance(record, Project):
        return record.year or (record.start.year if record.start else None)
    return record.established.year if record.established else None


def involves(record: Record, country: str) -> bool:
    """Member, observer or country team of a dialogue; beneficiary of a project."""
    if isinstance(record, Project):
        return country in record.beneficiaries
    return (
        country in record.member_codes()
        or country in record.observers
        or any(country in team.countries for team in record.country_teams)
    )


def matches(record: Record, filters: Mapping[str, str]) -> bool:
    kind = filters.get("kind")
    if kind and record.kind != kind:
        return False
    country = filters.get("country")
    if country and not involves(record, country):
        return False
    year = filters.get("year")
    if year and year.isdigit():
        op = filters.get("year_op", "in")
        if isinstance(record, Project) and op == "in" and record.start and record.end:
            # A project running through the year counts for that year.
            if not record.start.year <= int(year) <= record.end.year:
                return False
        elif not _year_matches(_record_year(record), int(year), op):
            return False
    project_type = filters.get("project_type")
    if project_type and not (
        isinstance(record, Project)
        and (record.project_type or "").casefold() == project_type.casefold()
    ):
        return False
    region = filters.get("region")
    if region:
        regions = [record.idf_region or ""] if isinstance(record, Project) else record.regions
        if region.casefold() not in (r.casefold() for r in regions):
            return False
    status = filters.get("status")
    return not (status and (record.status or "").casefold() != status.casefold())


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
            if filters.get("country"):
                pool = self.by_country.get(filters["country"], [])
            else:
                pool = self.by_kind.get(filters.get("kind") or "", self.records)
            found = [r for r in pool if matches(r, filters)]
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
        country = filters.get("country")
        members = {r.id for r in self.by_country.get(country, [])} if country else None
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
