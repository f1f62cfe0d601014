"""Each reading the NLU can produce, answered on the bundled knowledge: exact records, exact
facts, the asked detail first, counts that start with the number, rankings, true lists."""

from __future__ import annotations

from typing import Any

import pytest
from tgfake.tghtml import COMPOSER_TAGS, parse

from migbot.answers.compose import Composer
from migbot.answers.reply import Action, Reply
from migbot.context import Context
from migbot.knowledge.models import Dialogue
from migbot.nlu.reading import Reading
from migbot.slots import Slots
from migbot.telegram import callback


def check_html(markup: str) -> None:
    parse(markup, strict=True, tags=COMPOSER_TAGS, flat=True)  # raises on invalid HTML


def ask(composer: Composer, intent: str, entity: str | None = None, **slots: Any) -> Reply:
    reply = composer.compose(Reading(intent=intent, entity=entity, slots=Slots(**slots)), None)
    check_html(reply.html)
    assert len(reply.text) < 4096 and len(reply.html) < 4096
    return reply


def first_line(reply: Reply) -> str:
    return reply.text.splitlines()[0]


def listed(composer: Composer, reply: Reply) -> list[str]:
    """Every record of a list answer, all pages, in order (through its ▶ buttons)."""
    out: list[str] = []
    while True:
        out += [a.entity for a in reply.actions() if a.kind == "open" and a.entity]
        nxt = [b.action for row in reply.buttons for b in row if b.label.endswith("▶")]
        if not nxt or nxt[0] is None:
            return out
        data = callback.encode(nxt[0], composer.kb)  # the page button travels as data
        assert data is not None
        action = callback.decode(data, composer.kb)
        assert action is not None
        reply = composer.press(action, None)


# --- lists that are true ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        # "projects started in 2019": the start year, not the years they ran.
        (dict(kind="project", year=2019, year_of="start"), ["pr-0237", "px-0035"]),
        # "projects active in 2019": running through 2019.
        (
            dict(kind="project", year=2019, year_of="active"),
            ["cd-0006", "ct-1003", "lm-0326", "pr-0221", "pr-0237", "px-0035"],
        ),
        # "dialogues active in 2000": established by 2000 and not ended before it.
        (
            dict(kind="dialogue", year=2000, year_of="active"),
            [
                "acp-eu-dialogue-migration",
                "budapest-process",
                "intergovernmental-consultations-migration-asylum-refugees",
                "migration-dialogue-southern-africa",
                "pacific-immigration-development-community",
                "regional-conference-on-migration-puebla-process",
                "south-american-conference-migration",
            ],
        ),
        # "ended before 2005": the end date.
        (
            dict(year=2005, year_op="before", year_of="end"),
            ["t75-805", "t81-805", "t97-805", "tf2-805"],
        ),
        # "dialogues that ended after 2005": the Cluster Process ended in 2008.
        (
            dict(kind="dialogue", year=2005, year_op="after", year_of="end"),
            ["eu-south-caucasus-cluster-process"],
        ),
        # "dormant or discontinued dialogues": several statuses, any of them.
        (
            dict(kind="dialogue", statuses=("Dormant (inactive since 2016)", "Discontinued")),
            ["eu-south-caucasus-cluster-process", "migration-dialogue-central-african-states"],
        ),
        # "multi-regional projects": coverage.
        (dict(kind="project", coverage="Multi-Regional"), ["tf2-805"]),
        # "RCPs in Africa": a dialogue type, and regions inside Africa (West, Central Africa).
        (
            dict(
                kind="dialogue",
                region="Africa",
                dialogue_type="Regional consultative process on migration",
            ),
            [
                "arab-regional-consultative-process",
                "igad-regional-consultative-process",
                "migration-dialogue-central-african-states",
                "migration-dialogue-southern-africa",
                "migration-dialogue-west-africa",
                "migration-dialogue-comesa-midcom",
                "regional-ministerial-forum-migration-east-horn-africa",
            ],
        ),
        # "dialogues in the Americas": the Caribbean, Central, South and North and Central
        # America are in it.
        (
            dict(kind="dialogue", region="Americas"),
            [
                "bali-process",
                "caribbean-migration-consultations",
                "eu-celac-dialogue-migration",
                "ibero-american-forum-migration-development",
                "intergovernmental-consultations-migration-asylum-refugees",
                "regional-conference-on-migration-puebla-process",
                "south-american-conference-migration",
            ],
        ),
        # "diaspora projects": a word of record names.
        (
            dict(kind="project", keywords=("diaspora",)),
            [
                "cd-0006",
                "ce-0186",
                "ce-0231",
                "ce-0254",
                "ce-0333",
                "ce-0341",
                "empowering-the-south-american-diaspora-as-agents-for",
                "lm-0276",
                "strengthening-capacities-towards-the-establishment-of-a",
            ],
        ),
        # "national diaspora projects": both filters.
        (
            dict(kind="project", coverage="National", keywords=("diaspora",)),
            ["cd-0006", "ce-0186", "ce-0231", "ce-0333", "lm-0276"],
        ),
        # "projects in Georgia or Armenia": several countries, any of them.
        (
            dict(kind="project", country="GE", countries=("GE", "AM")),
            ["building-capacity-of-government-structures-in-armenia", "cd-0085", "lm-0024"],
        ),
    ],
)
def test_list_readings_give_exactly_these_records(
    composer: Composer, slots: dict[str, Any], expected: list[str]
) -> None:
    reply = ask(composer, "list", **slots)
    assert listed(composer, reply) == expected
    assert first_line(reply).endswith(f": {len(expected)}")


def test_a_dialogue_that_ended_is_not_active_after(composer: Composer) -> None:
    found = listed(composer, ask(composer, "list", kind="dialogue", year=2009, year_of="active"))
    assert "eu-south-caucasus-cluster-process" not in found  # ended 2008
    assert "migration-dialogue-central-african-states" not in found  # established 2012
    assert "bali-process" in found and len(found) == 19
    before = listed(
        composer,
        ask(composer, "list", kind="dialogue", year=2008, year_op="after", year_of="active"),
    )
    assert "eu-south-caucasus-cluster-process" not in before  # ran until 2008, not after


def test_inter_regional_forums_are_a_dialogue_type(composer: Composer) -> None:
    reply = ask(
        composer, "list", kind="dialogue", dialogue_type="Inter-regional forum on migration"
    )
    found = listed(composer, reply)
    assert len(found) == 11
    assert "bali-process" in found and "migration-dialogue-west-africa" not in found
    assert all(composer.kb.records[i].type == "Inter-regional forum on migration" for i in found)


def test_list_titles_say_the_filters_in_words(composer: Composer) -> None:
    assert first_line(ask(composer, "list", kind="project", year=2019, year_of="start")) == (
        "Projects started in 2019: 2"
    )
    assert first_line(ask(composer, "list", kind="project", year=2019, year_of="active")) == (
        "Projects active in 2019: 6"
    )
    assert first_line(ask(composer, "list", year=2005, year_op="before", year_of="end")) == (
        "Records ended before 2005: 4"
    )
    assert (
        first_line(
            ask(
                composer,
                "list",
                kind="dialogue",
                statuses=("Dormant (inactive since 2016)", "Discontinued"),
            )
        )
        == "Dormant (inactive since 2016) or Discontinued dialogues: 2"
    )
    assert first_line(ask(composer, "list", kind="dialogue", region="Africa")).startswith(
        "Dialogues in Africa (and its regions): "
    )
    assert (
        first_line(
            ask(composer, "list", kind="project", coverage="National", keywords=("diaspora",))
        )
        == "National projects mentioning “diaspora”: 5"
    )


def test_a_keyword_list_puts_the_records_about_it_first(composer: Composer) -> None:
    # Sixteen dialogues name "trafficking" among their themes: the Bali Process is named for
    # it, the Khartoum Process mentions it in its summary, objectives and themes.
    found = listed(composer, ask(composer, "list", kind="dialogue", keywords=("trafficking",)))
    assert found[:2] == ["bali-process", "khartoum-process"]
    assert len(found) == 16


# --- counts -----------------------------------------------------------------------------


def test_count_of_a_list_starts_with_the_number(composer: Composer) -> None:
    assert first_line(ask(composer, "list", kind="project", count=True)) == "84 IDF projects"
    assert first_line(ask(composer, "list", kind="dialogue", count=True)) == "31 dialogues"
    assert first_line(ask(composer, "list", kind="dialogue", region="Africa", count=True)) == (
        "12 dialogues in Africa (and its regions)"
    )
    budget = ask(composer, "budget", kind="project", statuses=("Completed",), count=True)
    assert first_line(budget) == "42 completed IDF projects"
    assert "Total budget: USD " in budget.text


def test_count_of_members_says_the_list_is_cut_short(composer: Composer) -> None:
    reply = ask(composer, "members", "bali-process", count=True)
    assert first_line(reply) == (
        "44 Member States in Bali Process on People Smuggling, Trafficking in Persons and "
        "Related Transnational Crime (the source lists only some)."
    )
    whole = ask(composer, "members", "arab-regional-consultative-process", count=True)
    assert first_line(whole).startswith("22 Member States in ")
    assert "only some" not in first_line(whole)
    project = ask(composer, "members", "lm-0024", count=True)
    assert first_line(project) == "1 benefiting Member State of LM.0024."


def test_count_of_meetings(composer: Composer) -> None:
    reply = ask(composer, "meetings", "global-forum-migration-development", count=True)
    assert first_line(reply) == (
        "14 meetings of Global Forum on Migration and Development recorded "
        "(the source lists only some)."
    )


def test_by_country_starts_with_the_counts(composer: Composer) -> None:
    reply = ask(composer, "by_country", country="GE", count=True)
    assert first_line(reply) == "Georgia: 1 dialogue and 3 projects"
    both = ask(composer, "by_country", country="GE", countries=("GE", "AM"))
    assert both.text.splitlines()[:2] == [
        "Georgia: 1 dialogue and 3 projects",
        "Armenia: 1 dialogue and 2 projects",
    ]
    assert listed(composer, both) == [
        "eu-south-caucasus-cluster-process",
        "building-capacity-of-government-structures-in-armenia",
        "cd-0085",
        "lm-0024",
    ]


# --- the detail asked -------------------------------------------------------------------


def test_observers_come_first(composer: Composer) -> None:
    reply = ask(composer, "members", "bali-process", detail="observers")
    assert first_line(reply) == (
        "Observers (4): Netherlands, Russian Federation, South Africa, United Kingdom."
    )
    orgs = ask(composer, "members", "migration-dialogue-west-africa", detail="observers")
    assert first_line(orgs) == (
        "Observers (5): France, Switzerland, African Union Commission, European Commission, "
        "International Organization for Migration (IOM)."
    )
    none = ask(composer, "members", "prague-process", detail="observers")
    assert first_line(none) == "The knowledge records no observers of Prague Process."


def test_first_and_last_meeting(composer: Composer) -> None:
    cluster = "eu-south-caucasus-cluster-process"
    assert first_line(ask(composer, "meetings", cluster, detail="first")) == (
        "First recorded meeting: February 2001, Tbilisi, Georgia — First Consultative "
        "Meeting of the Cluster Process"
    )
    assert first_line(ask(composer, "meetings", cluster, detail="last")) == (
        "Last recorded meeting: May 2008, Nuremberg, Germany — Cluster Dialogue among the "
        "South Caucasus and the EU"
    )
    gfmd = ask(composer, "meetings", "global-forum-migration-development", detail="first")
    assert first_line(gfmd) == (
        "First recorded meeting (the source lists only some): 2007, Belgium — First GFMD meeting"
    )


def test_meeting_of_a_year_with_its_place(composer: Composer) -> None:
    reply = ask(composer, "meetings", "global-forum-migration-development", year=2010)
    assert reply.text.splitlines()[:2] == [
        "1 meeting of Global Forum on Migration and Development in 2010:",
        "• 2010, Mexico",
    ]
    cluster = ask(composer, "meetings", "eu-south-caucasus-cluster-process", year=2001)
    assert cluster.text.splitlines()[:3] == [
        "2 meetings of EU-South Caucasus Cluster Process in 2001:",
        "• February 2001, Tbilisi, Georgia — First Consultative Meeting of the Cluster Process",
        "• 14–15 November 2001, Tbilisi, Georgia — Second Consultative Meeting of the "
        "Cluster Process",
    ]
    none = ask(composer, "meetings", "eu-south-caucasus-cluster-process", year=2004)
    assert (
        first_line(none)
        == "The knowledge records no meeting of EU-South Caucasus Cluster Process in 2004."
    )


def test_where_a_dialogue_was_launched_only_from_data(composer: Composer) -> None:
    cluster = ask(composer, "timeline", "eu-south-caucasus-cluster-process", detail="launch")
    assert cluster.text.splitlines()[:2] == [
        "Established: 2001.",
        "First recorded meeting: February 2001, Tbilisi, Georgia — First Consultative "
        "Meeting of the Cluster Process.",
    ]
    # The Bali Process's earliest recorded meeting is from 2016; its summary says where.
    bali = ask(composer, "timeline", "bali-process", detail="launch")
    assert bali.text.splitlines()[:3] == [
        "Established: 2002.",
        "The record says: “Inter-regional forum launched in 2002 at a ministerial conference "
        "in Bali, permanently co-chaired by Australia and Indonesia, tackling people "
        "smuggling, trafficking and related crime.”",
        "",
    ]
    # The Rabat Process: neither its summary nor a meeting of 2006 says where: nothing guessed.
    rabat = ask(composer, "timeline", "rabat-process", detail="launch")
    assert rabat.text.splitlines()[:2] == [
        "Established: 2006.",
        "The knowledge does not say where it was launched.",
    ]
    project = ask(composer, "timeline", "pr-0237", detail="launch")
    assert first_line(project) == "Started: 2019."


def test_chair_and_secretariat_sections(composer: Composer) -> None:
    almaty = ask(composer, "chair", "almaty-process")
    assert "Chair: Azerbaijan (2023-2024)" in almaty.text
    assert "Past chairs (4, as the source lists them):" in almaty.text
    assert "• Kazakhstan (2013-2016)" in almaty.text
    secretariat = ask(composer, "secretariat", "almaty-process")
    assert (
        "Secretariat: Government of the chairing country; IOM and UNHCR act as Support Unit"
        in secretariat.text
    )
    assert secretariat.intent == "secretariat" and secretariat.entity == "almaty-process"
    assert "no secretariat" in ask(composer, "secretariat", "bali-process").text
    assert "for dialogues, not for this project" in ask(composer, "chair", "lm-0024").text


# --- rankings ---------------------------------------------------------------------------


def test_most_members_ranks_with_the_figure_and_notes_truncation(composer: Composer) -> None:
    reply = ask(composer, "list", rank="most_members")
    lines = reply.text.splitlines()
    assert lines[0] == "Dialogues by number of Member States, most first: 16"
    assert lines[1] == "1. MTM — Mediterranean Transit Migration Dialogue — 45* Member States"
    assert lines[2].startswith("2. Bali Process") and lines[2].endswith("— 44* Member States")
    assert lines[3] == "3. CMC — Caribbean Migration Consultations — 23 Member States"
    assert "* The source lists only some of the members" in reply.text
    ranked = listed(composer, reply)
    assert ranked[:3] == [
        "mediterranean-transit-migration-dialogue",
        "bali-process",
        "caribbean-migration-consultations",
    ]
    dialogues = [composer.kb.records[i] for i in ranked]
    counts = [len(d.member_codes()) for d in dialogues if isinstance(d, Dialogue)]
    assert len(counts) == 16
    assert counts == sorted(counts, reverse=True) and 0 not in counts


def test_oldest_newest_and_budget_rankings(composer: Composer) -> None:
    oldest = ask(composer, "list", kind="dialogue", rank="oldest")
    assert oldest.text.splitlines()[1] == (
        "1. IGC — Intergovernmental Consultations on Migration, Asylum and Refugees — "
        "established 1985"
    )
    newest = listed(composer, ask(composer, "list", kind="dialogue", rank="newest"))
    assert newest[:3] == [
        "regional-ministerial-forum-migration-east-horn-africa",
        "caribbean-migration-consultations",
        "arab-regional-consultative-process",
    ]
    biggest = ask(composer, "list", rank="largest_budget")
    assert first_line(biggest) == "Projects by budget, largest first: 57"
    assert biggest.text.splitlines()[1].endswith("— USD 400,000")
    smallest = listed(composer, ask(composer, "list", rank="smallest_budget"))
    assert smallest[:3] == ["r51-805", "t81-805", "tf2-805"]
    assert len(smallest) == 57  # every project with a budget, over six pages


# --- ids the knowledge lacks ------------------------------------------------------------


def test_unknown_id_says_so_and_offers_close_ids(composer: Composer) -> None:
    reading = Reading(
        intent="out_of_scope",
        slots=Slots(
            unknown_id="CT.0700", candidates=({"intent": "overview", "entity": "ct-0690"},)
        ),
    )
    reply = composer.compose(reading, Context(), "What is CT.0700?")
    check_html(reply.html)
    assert reply.intent == "out_of_scope"
    assert first_line(reply) == "The knowledge has no project CT.0700."
    offered = [b for row in reply.buttons for b in row if b.label.startswith("Did you mean")]
    assert [b.label for b in offered] == ["Did you mean CT.0690?"]
    action = offered[0].action
    assert action == Action(kind="choose", intent="overview", entity="ct-0690")
    opened = composer.press(action, None)
    assert opened.entity == "ct-0690" and opened.intent == "overview"
    bare = composer.compose(
        Reading(intent="out_of_scope", slots=Slots(unknown_id="CT.0700")), Context(), "q"
    )
    assert first_line(bare) == "The knowledge has no project CT.0700."
    assert "Did you mean" not in bare.text and "Try one of these" in bare.text


def test_a_ranking_read_as_a_section_is_still_a_ranking(composer: Composer) -> None:
    reply = ask(composer, "members", rank="most_members")
    assert reply.intent == "list"
    assert first_line(reply) == "Dialogues by number of Member States, most first: 16"
    budget = ask(composer, "budget", rank="largest_budget")
    assert first_line(budget) == "Projects by budget, largest first: 57"


def test_is_a_country_a_member(composer: Composer) -> None:
    cluster = ask(composer, "members", "eu-south-caucasus-cluster-process", country="GE")
    assert first_line(cluster) == "Georgia is a member of EU-South Caucasus Cluster Process."
    observer = ask(composer, "members", "bali-process", country="ZA")
    assert first_line(observer) == (
        "South Africa is an observer of Bali Process on People Smuggling, Trafficking in "
        "Persons and Related Transnational Crime."
    )
    absent = ask(composer, "members", "arab-regional-consultative-process", country="GE")
    assert first_line(absent) == (
        "Georgia is not recorded as a member or observer of Arab Regional Consultative "
        "Process on Migration and Refugee Affairs."
    )
    project = ask(composer, "members", "lm-0024", country="AM")
    assert first_line(project) == (
        "Armenia is not among the benefiting Member States recorded for LM.0024."
    )


def test_count_of_meetings_in_a_year(composer: Composer) -> None:
    reply = ask(composer, "meetings", year=2007, count=True)
    assert reply.text.splitlines()[:3] == [
        "2 dialogue meetings in 2007",
        "• 14–15 March 2007, Tbilisi, Georgia — Cluster Dialogue among the South Caucasus and "
        "the EU (EU-South Caucasus Cluster Process)",
        "• 2007, Belgium — First GFMD meeting (GFMD — Global Forum on Migration and Development)",
    ]
