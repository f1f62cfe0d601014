"""Pydantic models: the single description of migbot's knowledge files.

Every record file is YAML that a non-programmer can edit: plain field names, countries as
names (resolved to ISO 3166-1 alpha-2 codes on load), dates written as ``2008``,
``2008-05`` or ``2008-05-14``. Unknown keys are errors, so a typo in a field name never
silently drops a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from migbot.knowledge.countries import resolve_country

RecordKind = Literal["dialogue", "project"]

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PartialDate(Strict):
    """A date known to the year, the month or the day."""

    year: int = Field(ge=1900, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(year=value.year, month=value.month, day=value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(year=value)
        if isinstance(value, str):
            m = _DATE_RE.match(value.strip())
            if m:
                year, month, day = m.groups()
                return cls(
                    year=int(year),
                    month=int(month) if month else None,
                    day=int(day) if day else None,
                )
        raise ValueError(f"expected a date like 2008, 2008-05 or 2008-05-14, got {value!r}")

    def iso(self) -> str:
        """``2008``, ``2008-05`` or ``2008-05-14`` (the form the files use)."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def human(self) -> str:
        """``2008``, ``May 2008`` or ``14 May 2008``."""
        if not self.month:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def _to_partial_date(value: Any) -> Any:
    return None if value is None else PartialDate.parse(value)


Date = Annotated[PartialDate, BeforeValidator(_to_partial_date)]
# A country is written as a name in the files and held as its ISO 3166-1 alpha-2 code.
Country = Annotated[str, BeforeValidator(resolve_country)]


def _text_list(value: Any) -> Any:
    """Accept a single string where a list of strings is expected (easier to edit)."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[list[str], BeforeValidator(_text_list)]


class MemberGroup(Strict):
    """Member states under one heading, e.g. "Countries of origin in the South Caucasus"."""

    group: str | None = None
    countries: list[Country]


class CountryTeam(Strict):
    countries: list[Country] = Field(min_length=2)


class Meeting(Strict):
    date: Date
    date_end: Date | None = None
    place: str | None = None
    title: str | None = None

    def when(self) -> str:
        """Human date or date range: ``14–15 March 2007``, ``May 2008``."""
        start, end = self.date, self.date_end
        if end is None:
            return start.human()
        if (start.year, start.month) == (end.year, end.month) and start.day and end.day:
            return f"{start.day}–{end.day} {_MONTHS[(start.month or 1) - 1]} {start.year}"
        return f"{start.human()} – {end.human()}"


class Phase(Strict):
    name: str
    start: Date | None = None
    end: Date | None = None
    description: str | None = None
    objectives: TextList = []


class RecordBase(Strict):
    id: str
    aliases: TextList = []
    summary: str | None = None
    objectives: TextList = []
    sources: TextList = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("an id is a lowercase slug: a-z, 0-9 and single '-'")
        return value


class Dialogue(RecordBase):
    """An inter-State consultation mechanism on migration."""

    kind: Literal["dialogue"] = "dialogue"
    name: str
    acronym: str | None = None
    type: str | None = None
    regions: TextList = []
    formal_association: str | None = None
    established: Date | None = None
    ended: Date | None = None
    status: str | None = None
    phases: list[Phase] = []
    thematic_focus: TextList = []
    chair: str | None = None
    past_chairs: TextList = []
    secretariat: str | None = None
    member_states: list[MemberGroup] = []
    members_truncated: bool = False
    observers: list[Country] = []
    observer_organizations: TextList = []
    member_organizations: TextList = []
    country_teams: list[CountryTeam] = []
    country_teams_note: str | None = None
    meetings: list[Meeting] = []
    meetings_truncated: bool = False

    @property
    def title(self) -> str:
        return self.name

    def member_codes(self) -> list[str]:
        return [code for group in self.member_states for code in group.countries]


class Project(RecordBase):
    """An IOM Development Fund project."""

    kind: Literal["project"] = "project"
    title: str
    idf_id: str | None = None
    prima_id: str | None = None
    start: Date | None = None
    end: Date | None = None
    status: str | None = None
    project_type: str | None = None
    budget_usd: float | None = Field(default=None, ge=0)
    coverage: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    idf_region: str | None = None
    beneficiaries: list[Country] = []
    other_beneficiaries: TextList = []

    @property
    def name(self) -> str:
        return self.title

    @property
    def acronym(self) -> str | None:
        return self.idf_id


Record = Dialogue | Project


IntentRole = Literal["record", "cross", "chat", "reply"]


class IntentDef(Strict):
    """One intent of ``knowledge/intents.yaml``: declared once, in no language."""

    label: str = Field(pattern=r"^[a-z_]+$")
    role: IntentRole
    # The intent's code in button data: stable forever (an old button keeps its meaning).
    code: str = Field(pattern=r"^[0-9a-z]$")
    kinds: list[RecordKind] = []  # record intents: the kinds of record with this section
    description: str = ""


class IntentsFile(Strict):
    intents: list[IntentDef]
    # When a question cues two record intents equally, the one listed first wins.
    precedence: list[str] = []

    @field_validator("intents")
    @classmethod
    def _unique(cls, intents: list[IntentDef]) -> list[IntentDef]:
        for attr in ("label", "code"):
            seen: set[str] = set()
            for intent in intents:
                value = getattr(intent, attr)
                if value in seen:
                    raise ValueError(f"two intents have the {attr} {value!r}")
                seen.add(value)
        return intents

    @model_validator(mode="after")
    def _precedence_names_record_intents(self) -> IntentsFile:
        record = [i.label for i in self.intents if i.role == "record"]
        if self.precedence and sorted(self.precedence) != sorted(record):
            raise ValueError("precedence must list every record intent once")
        return self
