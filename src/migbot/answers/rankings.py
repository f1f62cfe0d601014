"""Rankings across records ("which dialogue has the most members", "the oldest dialogue",
"the biggest project"): the figure each ranks by, the order, and the figure in words."""

from __future__ import annotations

from collections.abc import Callable

from migbot.answers import sections as S
from migbot.i18n import _, ngettext
from migbot.knowledge.models import Dialogue, PartialDate, Project, Record
from migbot.slots import Rank


def start_date(record: Record) -> PartialDate | None:
    """When a record began: a dialogue's establishment, a project's start (else its year)."""
    if isinstance(record, Project):
        if record.start:
            return record.start
        return PartialDate(year=record.year) if record.year else None
    return record.established


def _members(record: Record) -> int | None:
    count = (
        len(record.member_codes()) if isinstance(record, Dialogue) else len(record.beneficiaries)
    )
    return count or None


def _start_iso(record: Record) -> str | None:
    start = start_date(record)
    return start.iso() if start else None


def _budget(record: Record) -> float | None:
    return record.budget_usd if isinstance(record, Project) else None


# Each ranking: the figure it ranks by (records without it are left out) and whether the
# largest comes first.
RANKS: dict[str, tuple[Callable[[Record], float | str | None], bool]] = {
    "most_members": (_members, True),
    "fewest_members": (_members, False),
    "oldest": (_start_iso, False),
    "newest": (_start_iso, True),
    "largest_budget": (_budget, True),
    "smallest_budget": (_budget, False),
}


def rank(records: list[Record], how: Rank | str) -> list[Record]:
    """``records`` ordered by the figure of ``how``, top first; those without it dropped.
    Ties keep the display order (stable sort)."""
    figure, descending = RANKS[how]
    known = [(figure(r), r) for r in records]
    ranked = [(f, r) for f, r in known if f is not None]
    ranked.sort(key=lambda fr: fr[0], reverse=descending)
    return [r for _, r in ranked]


def figure(record: Record, how: str) -> str:
    """The figure a ranking orders ``record`` by, in words ("44* Member States": the
    asterisk marks a member list the source cuts short)."""
    if how in ("most_members", "fewest_members"):
        if isinstance(record, Dialogue):
            n = len(record.member_codes())
            said = ngettext("{n}{cut} Member State", "{n}{cut} Member States", n)
            return said.format(n=n, cut="*" if record.members_truncated else "")
        n = len(record.beneficiaries)
        said = ngettext("{n} benefiting Member State", "{n} benefiting Member States", n)
        return said.format(n=n)
    if how in ("oldest", "newest"):
        start = start_date(record)
        if start is None:
            return ""
        if isinstance(record, Dialogue):
            return _("established {date}").format(date=S.human(start))
        return _("started {date}").format(date=S.human(start))
    if isinstance(record, Project) and record.budget_usd is not None:
        return S.money(record.budget_usd)
    return ""
