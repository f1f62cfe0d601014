"""The slots of a reading: one typed model shared by ``nlu/``, ``answers/`` and the transports.

Understanding fills it, the answers read it, and the filters of a list button are a subset
of it (``Filters``). A slot the NLU sets and the answers ignore is a failing test
(``tests/test_slots.py`` checks that every field is read somewhere in ``answers/``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal["dialogue", "project"]
YearOp = Literal["in", "before", "after"]
# Which date a year refers to: a project's or dialogue's start ("started in 2019",
# "established before 2000"), its end ("ended before 2005"), or the years it ran ("active
# in 2019"). ``None`` reads as start for dialogues and as running for projects.
YearOf = Literal["start", "end", "active"]
# One fact inside a section: the observers of a dialogue, its first or last meeting, the
# place of a meeting, where it was launched.
Detail = Literal["observers", "first", "last", "place", "launch"]
# The section each detail is a fact of.
DETAIL_SECTION: dict[str, str] = {
    "observers": "members",
    "first": "meetings",
    "last": "meetings",
    "place": "meetings",
    "launch": "timeline",
}
# Rankings across records ("which dialogue has the most members", "the oldest dialogue").
Rank = Literal[
    "most_members", "fewest_members", "oldest", "newest", "largest_budget", "smallest_budget"
]


class Candidate(BaseModel):
    """One reading offered by a clarification."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    entity: str | None = None


class Slots(BaseModel):
    """What a question said beyond its intent and record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Countries (ISO 3166-1 alpha-2): the first one named, and all of them when several.
    country: str | None = None
    countries: tuple[str, ...] = ()
    # Filters of a list, a by-country answer or an aggregate budget.
    kind: Kind | None = None
    year: int | None = None
    year_op: YearOp | None = None
    year_of: YearOf | None = None
    project_type: str | None = None
    region: str | None = None
    statuses: tuple[str, ...] = ()
    coverage: str | None = None
    dialogue_type: str | None = None
    keywords: tuple[str, ...] = ()
    # The shape of the answer.
    count: bool = False  # "how many ...": the answer starts with the number
    detail: Detail | None = None
    rank: Rank | None = None
    # A record identifier the question names that the knowledge does not hold ("CT.0700").
    unknown_id: str | None = None
    # Readings a clarification offers.
    candidates: tuple[Candidate, ...] = ()

    def public(self) -> dict[str, Any]:
        """The JSON form of ``migbot ask --json``: only the slots that are set."""
        out: dict[str, Any] = self.model_dump(mode="json", exclude_defaults=True)
        return out
