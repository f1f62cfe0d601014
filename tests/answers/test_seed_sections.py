"""Every fact of the two seed pages is answerable, each in the section a person would open."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from migbot.answers.compose import Composer
from migbot.answers.reply import Reply

CLUSTER = "eu-south-caucasus-cluster-process"
LM = "lm-0024"

CLUSTER_FACTS: dict[str, list[str]] = {
    "overview": [
        "EU-South Caucasus Cluster Process",
        "Inter-regional forum on migration",
        "Europe, South Caucasus",
        "Formal association: none",
        "Established: 2001",
        "Ended: 2008",
        "Discontinued",
        "three countries of the South Caucasus",
        "Member States: 9",
    ],
    "members": [
        "Countries of origin in the South Caucasus (3)",
        "Countries of destination in Western Europe (6)",
        "Armenia",
        "Azerbaijan",
        "Georgia",
        "Belgium",
        "Denmark",
        "Germany",
        "Netherlands",
        "Sweden",
        "Switzerland",
        "Member organisations (1)",
        "International Organization for Migration",
    ],
    "meetings": [
        "May 2008, Nuremberg, Germany — Cluster Dialogue among the South Caucasus and the EU",
        "14–15 March 2007, Tbilisi, Georgia — Cluster Dialogue among the South Caucasus and the EU",
        "10–11 May 2006, Brussels, Belgium — Cluster Dialogue among the South Caucasus and the EU",
        "June 2002, Tbilisi, Georgia — Third Consultative Meeting of the Cluster Process",
        "14–15 November 2001, Tbilisi, Georgia — Second Consultative Meeting of the Cluster "
        "Process",
        "February 2001, Tbilisi, Georgia — First Consultative Meeting of the Cluster Process",
    ],
    "objectives": [
        "prevent irregular migration",
        "facilitate readmission agreements",
        "improved reintegration",
        "promote legal migration, including labour migration",
        "Phases: First phase (2001); Second phase (2008)",
    ],
    "themes": [
        "Return, readmission and reintegration",
        "Irregular migration",
        "Partnership and cooperation on migration",
        "Labour migration",
    ],
    "timeline": [
        "Established: 2001",
        "First phase (2001)",
        "Second phase (2008)",
        "Informed Migration – An Integrated Approached to Promoting Legal Migration",
        "Ended: 2008",
        "Status: Discontinued",
    ],
    "country_teams": [
        "Country teams (3)",
        "Sweden, Armenia",
        "Czechia, Germany, Georgia",
        "Azerbaijan, Switzerland",
        "two assessments of migration management in Georgia and Armenia",
    ],
    "budget": ["no budget"],
}

LM_FACTS: dict[str, list[str]] = {
    "overview": [
        "LM.0024",
        "Capacity-building of Georgian Government Structures to Establish a Labour Migration "
        "Policy",
        "Type: Labour Migration",
        "IDF region: Europe",
        "Coverage: National",
        "Benefiting Member States: Georgia",
        "2008 – 2009",
        "Status: Completed",
        "USD 64,240",
        "full-fledged labour migration policy",
    ],
    "members": ["Benefiting Member States (1)", "Georgia"],
    "objectives": ["key ministries", "Migration Resource Centres", "circular migration"],
    "themes": ["Project type: Labour Migration"],
    "timeline": ["Start: 2008", "End: 2009", "Year: 2008", "Status: Completed"],
    "budget": ["Budget: USD 64,240"],
}


def _all_pages(composer: Composer, entity: str, section: str) -> list[Reply]:
    first = composer.record(entity, section)
    replies = [first]
    page = 1
    while any(
        a.kind == "open" and a.section == section and a.page == page for a in first.actions()
    ):
        first = composer.record(entity, section, page)
        replies.append(first)
        page += 1
    return replies


@pytest.mark.parametrize(
    ("entity", "facts"), [(CLUSTER, CLUSTER_FACTS), (LM, LM_FACTS)], ids=["cluster", "lm-0024"]
)
def test_every_seed_fact_is_in_its_section(
    composer: Composer, entity: str, facts: dict[str, list[str]], html_text: Callable[[str], str]
) -> None:
    for section, expected in facts.items():
        replies = _all_pages(composer, entity, section)
        text = "\n".join(r.text for r in replies)
        visible = "\n".join(html_text(r.html) for r in replies)
        for fact in expected:
            assert fact in text, f"{section}: {fact!r} missing from\n{text}"
            assert fact in visible, f"{section} (HTML): {fact!r} missing"
        for reply in replies:
            assert reply.intent == section
            assert reply.entity == entity


def test_cluster_spellings_are_corrected(composer: Composer) -> None:
    text = composer.record(CLUSTER, "members").text
    assert "Swtizerland" not in text
    assert "Netherlands,The" not in text and "Netherlands, The" not in text


def test_cluster_meetings_newest_first(composer: Composer) -> None:
    text = composer.record(CLUSTER, "meetings").text
    years = ["2008", "2007", "2006", "2002", "November 2001", "February 2001"]
    positions = [text.index(y) for y in years]
    assert positions == sorted(positions)


@pytest.mark.parametrize("entity", [CLUSTER, LM])
def test_every_section_answers_with_source_and_keyboard(composer: Composer, entity: str) -> None:
    record = composer.kb.records[entity]
    for section in composer.table.sections:
        reply = composer.record(entity, section)
        assert reply.text and len(reply.text) < 4096 and len(reply.html) < 4096
        assert record.sources[0] in reply.text
        urls = [b.url for row in reply.buttons for b in row if b.url]
        assert urls == [record.sources[0]]
        labels = [b.label for row in reply.buttons for b in row]
        assert "🏠 Home" in labels and "◀ Back" in labels


def test_keyboards_offer_the_other_sections_with_content(composer: Composer) -> None:
    sections = {a.section for a in composer.record(CLUSTER, "overview").actions() if a.section}
    assert sections == {
        "members",
        "meetings",
        "objectives",
        "themes",
        "timeline",
        "country_teams",
    }
    sections = {a.section for a in composer.record(LM, "budget").actions() if a.section}
    assert sections == {"overview", "members", "objectives", "themes", "timeline"}
    labels = [b.label for row in composer.record(LM, "overview").buttons for b in row]
    assert "Beneficiaries" in labels and "Type" in labels and "Budget" in labels


def test_back_is_stateless(composer: Composer) -> None:
    back = [b for row in composer.record(CLUSTER, "members").buttons for b in row][-3:]
    actions = {b.label: b.action for b in back}
    assert actions["◀ Back"] is not None
    assert actions["◀ Back"].kind == "open" and actions["◀ Back"].entity == CLUSTER
    assert actions["◀ Back"].section in (None, "overview")
    overview = composer.record(CLUSTER, "overview")
    back_action = next(b.action for row in overview.buttons for b in row if b.label == "◀ Back")
    assert back_action is not None and back_action.kind == "list"
    assert back_action.filter_dict() == {"kind": "dialogue"}
    listing = composer.press(back_action, None)
    assert CLUSTER in {a.entity for a in listing.actions()}


def test_back_from_an_overview_returns_to_its_page_of_the_list(composer: Composer) -> None:
    for record in composer.kb.records.values():
        overview = composer.record(record.id, "overview")
        back = next(b.action for row in overview.buttons for b in row if b.label == "◀ Back")
        assert back is not None
        listing = composer.press(back, None)
        assert record.id in {a.entity for a in listing.actions()}, record.id
