"""Intents declared once (knowledge/intents.yaml): sections, labels, writers and button codes
derived from it; old buttons decode as before; list filters fit 64 bytes."""

from __future__ import annotations

import pytest

from migbot.answers import sections as S
from migbot.answers.compose import Composer, frozen_filters
from migbot.answers.labels import SECTION_LABELS, section_label
from migbot.answers.query import filters_from_slots
from migbot.answers.reply import Action
from migbot.knowledge.intents import IntentTable
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import IntentDef
from migbot.slots import Slots
from migbot.telegram import callback


def test_sections_per_kind_follow_the_file(kb: KnowledgeBase) -> None:
    table = kb.intent_table
    assert table.sections_of("dialogue") == (
        "overview",
        "members",
        "meetings",
        "objectives",
        "themes",
        "timeline",
        "country_teams",
        "chair",
        "secretariat",
    )
    assert table.sections_of("project") == (
        "overview",
        "members",
        "objectives",
        "themes",
        "timeline",
        "budget",
    )
    assert table.is_section("chair") and not table.is_section("list")
    assert not table.is_section(None) and not table.is_section("nonsense")


def test_a_new_intent_changes_no_code_and_appears_in_menus() -> None:
    base = [
        IntentDef(label="overview", role="record", code="0", kinds=["dialogue"]),
        IntentDef(label="members", role="record", code="1", kinds=["dialogue"]),
    ]
    grown = IntentTable(
        [*base, IntentDef(label="map", role="record", code="g", kinds=["dialogue"])]
    )
    assert IntentTable(base).code("members") == grown.code("members") == "1"
    assert grown.sections_of("dialogue")[-1] == "map"
    assert grown.label_of("g") == "map" and grown.label_of("z") is None


def test_every_section_has_a_label_and_a_writer_for_each_kind(
    kb: KnowledgeBase, composer: Composer
) -> None:
    for section in kb.intent_table.sections:
        assert section in SECTION_LABELS, section
        for entity in ("bali-process", "lm-0024"):
            reply = composer.record(entity, section)
            assert reply.intent == section and reply.text
    assert section_label("members", "project") == "Beneficiaries"
    assert section_label("themes", "project") == "Type"
    assert section_label("members", "dialogue") == "Members"


def test_chair_and_secretariat_buttons_only_where_the_record_has_them(
    composer: Composer, kb: KnowledgeBase
) -> None:
    def sections(entity: str) -> set[str | None]:
        return {a.section for a in composer.record(entity, "overview").actions()}

    assert {"chair", "secretariat"} <= sections("almaty-process")
    assert "chair" in sections("bali-process") and "secretariat" not in sections("bali-process")
    assert not {"chair", "secretariat"} & sections("eu-south-caucasus-cluster-process")
    assert not {"chair", "secretariat"} & sections("lm-0024")
    for record in kb.records.values():
        offered = S.sections_with_content(record, kb.intent_table.sections_of(record.kind))
        has_chair = bool(getattr(record, "chair", None) or getattr(record, "past_chairs", None))
        assert ("chair" in offered) == has_chair, record.id


# Callback data of buttons before intents had codes (intent = its index in a tuple), made by
# the codec at commit 294cc00 on the bundled knowledge.
OLD_BUTTONS = [
    ("1|o|e6fwqzojy|s0", Action(kind="open", entity="bali-process", section="overview")),
    ("1|o|eitpkuv44|s1|p1", Action(kind="open", entity="lm-0024", section="members", page=1)),
    ("1|o|e6fwqzojy|s2", Action(kind="open", entity="bali-process", section="meetings")),
    ("1|o|eitpkuv44|s3", Action(kind="open", entity="lm-0024", section="objectives")),
    ("1|o|e6fwqzojy|s4", Action(kind="open", entity="bali-process", section="themes")),
    ("1|o|eitpkuv44|s5", Action(kind="open", entity="lm-0024", section="timeline")),
    ("1|o|eitpkuv44|s6", Action(kind="open", entity="lm-0024", section="budget")),
    ("1|o|e6fwqzojy|s7", Action(kind="open", entity="bali-process", section="country_teams")),
    *[
        (f"1|x|e6fwqzojy|i{n}", Action(kind="choose", entity="bali-process", intent=intent))
        for n, intent in enumerate(
            [
                "overview",
                "members",
                "meetings",
                "objectives",
                "themes",
                "timeline",
                "budget",
                "country_teams",
            ]
        )
    ],
    ("1|x|i8", Action(kind="choose", intent="by_country")),
    ("1|x|i9", Action(kind="choose", intent="list")),
    (
        "1|l|p2|fk=project|fs=Completed|fy=2005|fo=before",
        Action(
            kind="list",
            page=2,
            filters=(
                ("kind", "project"),
                ("status", "Completed"),
                ("year", "2005"),
                ("year_op", "before"),
            ),
        ),
    ),
    (
        "1|l|fr~sfzhow|fk=project",
        Action(
            kind="list",
            filters=(("region", "Latin America and the Caribbean"), ("kind", "project")),
        ),
    ),
    (
        "1|l|fw=meetings|fy=2007",
        Action(kind="list", filters=(("show", "meetings"), ("year", "2007"))),
    ),
    ("1|c|p1|cGE", Action(kind="country", country="GE", page=1)),
    ("1|h", Action(kind="home")),
    ("1|n", Action(kind="none")),
    ("1|?", Action(kind="help")),
]
# Intents whose old index had two digits: old buttons still decode, new ones carry the code.
LEGACY = [
    ("1|x|i10", "1|x|ia", "help"),
    ("1|x|i11", "1|x|ib", "greeting"),
    ("1|x|i12", "1|x|ic", "out_of_scope"),
    ("1|x|i13", "1|x|id", "clarify"),
]


@pytest.mark.parametrize(("data", "action"), OLD_BUTTONS)
def test_old_buttons_keep_their_exact_data(kb: KnowledgeBase, data: str, action: Action) -> None:
    assert callback.encode(action, kb) == data
    assert callback.decode(data, kb) == action


@pytest.mark.parametrize(("old", "new", "intent"), LEGACY)
def test_old_two_digit_intent_buttons_still_decode(
    kb: KnowledgeBase, old: str, new: str, intent: str
) -> None:
    action = Action(kind="choose", intent=intent)
    assert callback.decode(old, kb) == action
    assert callback.encode(action, kb) == new
    assert callback.decode(new, kb) == action
    assert callback.decode("1|x|i14", kb) is None
    assert callback.decode("1|x|iz", kb) is None


def test_new_sections_travel_as_their_code(kb: KnowledgeBase) -> None:
    for section, code in (("chair", "e"), ("secretariat", "f")):
        action = Action(kind="open", entity="almaty-process", section=section)
        data = callback.encode(action, kb)
        assert data is not None and data.endswith(f"|s{code}")
        assert callback.decode(data, kb) == action
    # A section code that is an intent but not a section is refused.
    data = callback.encode(Action(kind="open", entity="lm-0024", section="overview"), kb)
    assert data is not None
    assert callback.decode(data.replace("|s0", "|s9"), kb) is None


def test_every_enum_value_has_a_code() -> None:
    from typing import get_args

    from migbot.slots import Rank, YearOf

    assert set(callback.ENUM_CODES["rank"]) == set(get_args(Rank))
    assert set(callback.ENUM_CODES["year_of"]) == set(get_args(YearOf))


def test_the_longest_list_filters_fit_64_bytes(kb: KnowledgeBase) -> None:
    """Nine filters at once (country, region, kind, year before/active, status, coverage,
    ranking; long values hashed) on a three-digit page travel in the compact part, in
    exactly 64 bytes; a dialogue list with two statuses and a type fits too. (All twelve
    keys with several values each would not: such a list's page buttons are left out.)"""
    slots = Slots(
        kind="project",
        country="GE",
        year=2019,
        year_op="before",
        year_of="active",
        region="Latin America and the Caribbean",
        statuses=("Completed",),
        coverage="Multi-Regional",
        rank="largest_budget",
    )
    action = Action(kind="list", filters=frozen_filters(filters_from_slots(slots)), page=123)
    data = callback.encode(action, kb)
    assert data is not None, "too long"
    assert len(data.encode()) <= 64 and "|g" in data
    assert callback.decode(data, kb) == action
    # The compact part is accepted only where the one-part-per-filter form would not fit.
    short = Action(kind="list", filters=(("kind", "project"),))
    assert callback.encode(short, kb) == "1|l|fk=project"
    assert callback.decode("1|l|gk:p", kb) is None
    several = Slots(
        kind="dialogue",
        statuses=("Dormant (inactive since 2016)", "Discontinued"),
        region="Africa",
        dialogue_type="Regional consultative process on migration",
        year=2005,
        year_op="before",
        year_of="end",
    )
    action = Action(kind="list", filters=frozen_filters(filters_from_slots(several)), page=12)
    data = callback.encode(action, kb)
    assert data is not None and len(data.encode()) <= 64
    assert callback.decode(data, kb) == action
    assert action.filter_dict()["status"] == "Dormant (inactive since 2016)|Discontinued"


def test_name_words_travel_as_written(kb: KnowledgeBase) -> None:
    action = Action(
        kind="list",
        filters=(("keywords", "reintegration"), ("keywords", "diaspora"), ("kind", "project")),
        page=1,
    )
    data = callback.encode(action, kb)
    assert data == "1|l|p1|fq=reintegration|fq=diaspora|fk=project"
    assert callback.decode(data, kb) == action
    assert action.filter_dict()["keywords"] == "reintegration|diaspora"
    # Only name words (lowercase letters and digits) go unhashed; other long values must be
    # values the knowledge holds.
    assert callback.encode(Action(kind="list", filters=(("region", "Nowhere at all"),)), kb) is None
