"""What a map shows: its title, caption and layers of countries, from the knowledge alone.

Light on purpose (no numpy, no Pillow): the composer asks ``record_codes`` whether a record
gets a Map button on every members answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from migbot.answers.query import involves
from migbot.answers.sections import country_name, title
from migbot.i18n import speaking, tongue
from migbot.knowledge import countries as iso
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
    key: str  # stable name of what is mapped ("record:<id>" or "country:<code>")
    title: str
    caption: str  # one line under the photo
    layers: tuple[Layer, ...]
    lang: str  # the language of every word on and around the map
    source: str  # where the borders come from, in the corner

    def codes(self, role: str | None = None) -> set[str]:
        return {c for layer in self.layers if role in (None, layer.role) for c in layer.codes}

    @property
    def name(self) -> str:
        """This map in this language: its PNG's file name (no extension) and the key its
        photo is cached under (a Russian map is another picture than the English one)."""
        return f"{self.key.replace(':', '-')}-{self.lang}"


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
        others = [iso.lookup_country(name) for name in record.other_beneficiaries]
        second = _unique([c for c in others if c is not None and c not in first])
    return first, second


def has_map(record: Record) -> bool:
    first, second = record_codes(record)
    return bool(first or second)


def _summary(layers: tuple[Layer, ...]) -> str:
    return ", ".join(legend(layer) for layer in layers)


def legend(layer: Layer) -> str:
    """A layer's words in the legend: "Member States (44)" (its label is in its map's
    language already)."""
    if not layer.counted:
        return layer.label
    return say("count", label=layer.label, n=len(layer.codes))


def _spec(key: str, title: str, caption: str, layers: tuple[Layer, ...]) -> MapSpec:
    """A map's words, all in the language being spoken."""
    lang = tongue().code
    return MapSpec(key, title, caption, layers, lang, say("source"))


def record_map(kb: KnowledgeBase, record: Record) -> MapSpec | None:
    """A record's countries, named as the reader's answers name the record."""
    first, second = record_codes(record)
    names = ("beneficiaries", "other_beneficiaries")
    if isinstance(record, Dialogue):
        names = ("members", "observers")
    layers = tuple(
        Layer(say(name), role, codes)
        for name, role, codes in zip(names, ("first", "second"), (first, second), strict=True)
        if codes
    )
    if not layers:
        return None
    heading = title(kb, record)
    caption = say("caption_record", title=heading, summary=_summary(layers))
    return _spec(f"record:{record.id}", heading, caption, layers)


def country_map(kb: KnowledgeBase, code: str) -> MapSpec | None:
    """The country alone, highlighted; its caption counts what it takes part in."""
    if iso.country_name(code) == code:  # not a country we know
        return None
    name = country_name(code)  # in the reader's language
    records = [r for r in kb.records.values() if involves(r, code)]
    dialogues = sum(1 for r in records if isinstance(r, Dialogue))
    projects = sum(1 for r in records if isinstance(r, Project))
    a, b = how_many("dialogues", dialogues), how_many("projects", projects)
    return _spec(
        f"country:{code}",
        say("country_title", country=name, summary=f"{a}, {b}"),
        say("caption_country", country=name, summary=say("and", a=a, b=b)),
        (Layer(say("country", country=name), "first", (code,), counted=False),),
    )


def map_for(
    kb: KnowledgeBase,
    entity: str | None = None,
    country: str | None = None,
    lang: str | None = None,
) -> MapSpec | None:
    """The map of a record (``entity``) or of a country, in ``lang`` (None: the language
    being spoken); None when there is nothing to map."""
    with speaking(lang or tongue().code):
        if entity is not None:
            record = kb.records.get(entity)
            return record_map(kb, record) if record is not None else None
        if country is not None:
            return country_map(kb, country)
    return None
