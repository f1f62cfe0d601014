"""What a map shows: its title, caption and layers of countries, from the knowledge alone.

Light on purpose (no numpy, no Pillow): the composer asks ``record_codes`` whether a record
gets a Map button on every members answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from migbot.answers.query import involves
from migbot.answers.sections import display_name
from migbot.knowledge.countries import country_name, lookup_country
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Project, Record
from migbot.maps.words import how_many, say

# Layer roles, drawn in this order (a later layer wins where a code is in two).
ROLES = ("second", "first")


@dataclass(frozen=True)
class Layer:
    label: str  # legend text, from ``words``
    role: str  # "first" (members, beneficiaries, the country) or "second" (observers, others)
    codes: tuple[str, ...]  # ISO alpha-2, in the record's order, no repeats
    counted: bool = True  # the legend says how many ("Member States (44)")


@dataclass(frozen=True)
class MapSpec:
    key: str  # stable name of this map ("record:<id>" or "country:<code>"), for caches and files
    title: str
    caption: str  # one line under the photo
    layers: tuple[Layer, ...]

    def codes(self, role: str | None = None) -> set[str]:
        return {c for layer in self.layers if role in (None, layer.role) for c in layer.codes}


def _unique(codes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


def record_codes(record: Record) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(first, second) country codes of a record: members and observers of a dialogue,
    benefiting member states and other beneficiaries (those that name a country) of a project."""
    if isinstance(record, Dialogue):
        first = _unique(record.member_codes())
        second = _unique([c for c in record.observers if c not in first])
    else:
        first = _unique(record.beneficiaries)
        others = [lookup_country(name) for name in record.other_beneficiaries]
        second = _unique([c for c in others if c is not None and c not in first])
    return first, second


def has_map(record: Record) -> bool:
    first, second = record_codes(record)
    return bool(first or second)


def _summary(layers: tuple[Layer, ...], lang: str) -> str:
    return ", ".join(legend(layer, lang) for layer in layers)


def legend(layer: Layer, lang: str = "en") -> str:
    """A layer's words in the legend: "Member States (44)"."""
    if not layer.counted:
        return layer.label
    return say("count", lang, label=layer.label, n=len(layer.codes))


def record_map(record: Record, lang: str = "en") -> MapSpec | None:
    first, second = record_codes(record)
    names = ("beneficiaries", "other_beneficiaries")
    if isinstance(record, Dialogue):
        names = ("members", "observers")
    layers = tuple(
        Layer(say(name, lang), role, codes)
        for name, role, codes in zip(names, ("first", "second"), (first, second), strict=True)
        if codes
    )
    if not layers:
        return None
    title = display_name(record)
    return MapSpec(
        key=f"record:{record.id}",
        title=title,
        caption=say("caption_record", lang, title=title, summary=_summary(layers, lang)),
        layers=layers,
    )


def country_map(kb: KnowledgeBase, code: str, lang: str = "en") -> MapSpec | None:
    """The country alone, highlighted; its caption counts what it takes part in."""
    name = country_name(code)
    if name == code:  # not a country we know
        return None
    records = [r for r in kb.records.values() if involves(r, code)]
    dialogues = sum(1 for r in records if isinstance(r, Dialogue))
    projects = sum(1 for r in records if isinstance(r, Project))
    a, b = how_many("dialogues", dialogues, lang), how_many("projects", projects, lang)
    return MapSpec(
        key=f"country:{code}",
        title=say("country_title", lang, country=name, summary=f"{a}, {b}"),
        caption=say("caption_country", lang, country=name, summary=say("and", lang, a=a, b=b)),
        layers=(Layer(say("country", lang, country=name), "first", (code,), counted=False),),
    )


def map_for(
    kb: KnowledgeBase, entity: str | None = None, country: str | None = None, lang: str = "en"
) -> MapSpec | None:
    """The map of a record (``entity``) or of a country; None when there is nothing to map."""
    if entity is not None:
        record = kb.records.get(entity)
        return record_map(record, lang) if record is not None else None
    if country is not None:
        return country_map(kb, country, lang)
    return None
