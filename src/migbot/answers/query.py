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

FILTER_KEYS = ("kind", "country", "year", "year_op", "project_type", "region", "status")
# Not from slots: ``show=meetings`` makes a list action page through meetings, not records.
ACTION_KEYS = (*FILTER_KEYS, "show")


def filters_from_slots(slots: Mapping[str, object]) -> dict[str, str]:
    return {k: str(slots[k]) for k in FILTER_KEYS if slots.get(k) not in (None, "")}


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


def select(kb: KnowledgeBase, filters: Mapping[str, str]) -> list[Record]:
    return sorted((r for r in kb.records.values() if matches(r, filters)), key=_sort_key)


@dataclass(frozen=True)
class BudgetTotal:
    projects: int
    with_budget: int
    total_usd: float
    by_status: dict[str, int]


def budget_total(kb: KnowledgeBase, filters: Mapping[str, str]) -> BudgetTotal:
    chosen = [r for r in select(kb, {**filters, "kind": "project"}) if isinstance(r, Project)]
    by_status: dict[str, int] = {}
    for p in chosen:
        key = p.status or "Status not recorded"
        by_status[key] = by_status.get(key, 0) + 1
    budgets = [p.budget_usd for p in chosen if p.budget_usd is not None]
    return BudgetTotal(len(chosen), len(budgets), float(sum(budgets)), by_status)


def meetings_matching(
    kb: KnowledgeBase, filters: Mapping[str, str]
) -> list[tuple[Dialogue, Meeting]]:
    """Meetings of dialogues, newest first; ``year``/``year_op`` and ``country`` narrow them."""
    year = filters.get("year")
    wanted = int(year) if year and year.isdigit() else None
    op = filters.get("year_op", "in")
    country = filters.get("country")
    found = []
    for d in kb.dialogues:
        if country and not involves(d, country):
            continue
        for m in d.meetings:
            if wanted is not None:
                years = {m.date.year, m.date_end.year if m.date_end else m.date.year}
                if not any(_year_matches(y, wanted, op) for y in years):
                    continue
            found.append((d, m))
    return sorted(found, key=lambda dm: dm[1].date.iso(), reverse=True)
