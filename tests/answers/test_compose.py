"""Composer behaviour: escaping, pagination, cross-record answers, clarification, menus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pycountry
import pytest

from migbot.answers.compose import Composer
from migbot.answers.reply import Action, Reply
from migbot.context import Context
from migbot.knowledge.loader import KnowledgeBase
from migbot.nlu.reading import Candidate, Reading

HTMLish = Callable[[str], str]
MakeKB = Callable[[dict[str, str]], KnowledgeBase]

EVIL = '<script>alert("x")</script> & <b>bold</b>'

EVIL_DIALOGUE = f"""
id: evil
name: 'Evil {EVIL} Process'
acronym: '<EP>'
type: '{EVIL}'
regions: ['<Europe>']
summary: '{EVIL}'
objectives: ['{EVIL}']
thematic_focus: ['{EVIL}']
member_states:
  - group: '{EVIL}'
    countries: [Georgia, Armenia]
member_organizations: ['{EVIL}']
country_teams:
  - countries: [Georgia, Armenia]
country_teams_note: '{EVIL}'
meetings:
  - date: 2007-03-14
    date_end: 2007-03-15
    place: '{EVIL}'
    title: '{EVIL}'
phases:
  - name: '{EVIL}'
    description: '{EVIL}'
sources: ['https://example.org/?a=1&b="2"<x>']
"""

EVIL_PROJECT = f"""
id: evil-project
idf_id: 'EV.0001'
title: '{EVIL}'
project_type: '{EVIL}'
idf_region: '{EVIL}'
coverage: '{EVIL}'
status: '{EVIL}'
budget_usd: 1000.5
start: 2008
end: 2009
year: 2008
beneficiaries: [Georgia]
other_beneficiaries: ['{EVIL}']
summary: '{EVIL}'
objectives: ['{EVIL}']
sources: ['https://example.org/p?x=1&y="2"']
"""


def _meetings_yaml(n: int) -> str:
    items = "\n".join(
        f"  - date: {1990 + i}-05\n    place: Place {i}\n    title: Meeting {i}" for i in range(n)
    )
    return (
        f"id: busy\nname: Busy Process\nmeetings:\n{items}\nsources: [https://example.org/busy]\n"
    )


def _project_yaml(i: int) -> str:
    return (
        f"id: p-{i:03d}\nidf_id: 'PX.{i:04d}'\ntitle: Project number {i}\nstatus: "
        f"{'Completed' if i % 2 else 'Active'}\nbudget_usd: {1000 * (i + 1)}\n"
        f"project_type: Labour Migration\nyear: {2000 + i % 5}\nidf_region: Africa\n"
        f"beneficiaries: [{'Georgia' if i % 3 == 0 else 'Kenya'}]\n"
        f"sources: [https://example.org/p{i}]\n"
    )


def _assert_ok(reply: Reply, html_text: HTMLish) -> None:
    assert reply.text.strip()
    assert len(reply.text) < 4096 and len(reply.html) < 4096
    assert len(html_text(reply.html)) < 4096


# --- escaping ---------------------------------------------------------------------------


def test_knowledge_values_are_escaped_everywhere(make_kb: MakeKB, html_text: HTMLish) -> None:
    kb = make_kb({"dialogues/evil.yaml": EVIL_DIALOGUE, "projects/evil.yaml": EVIL_PROJECT})
    composer = Composer(kb)
    for entity in ("evil", "evil-project"):
        for section in (
            "overview",
            "members",
            "meetings",
            "objectives",
            "themes",
            "timeline",
            "budget",
            "country_teams",
        ):
            reply = composer.record(entity, section)
            _assert_ok(reply, html_text)
            assert "<script>" not in reply.html
            assert "<b>bold</b>" not in reply.html
            assert "<EP>" not in reply.html and "<Europe>" not in reply.html
            if EVIL in reply.text:  # the plain text keeps the value as written
                assert "&lt;script&gt;" in reply.html
    for action in (
        Action(kind="list", filters=(("kind", "project"),)),
        Action(kind="country", country="GE"),
        Action(kind="list", filters=(("show", "meetings"), ("year", "2007"))),
        Action(kind="home"),
    ):
        reply = composer.press(action, None)
        _assert_ok(reply, html_text)
        assert "<script>" not in reply.html
    reply = composer.compose(Reading(intent="budget", slots={}), None)
    _assert_ok(reply, html_text)


def test_echoed_question_text_is_escaped(composer: Composer, html_text: HTMLish) -> None:
    question = '<a href="javascript:x">members</a> <i>of</b> ' + "x" * 10_000
    for reading in (
        Reading(intent="out_of_scope", confidence=0.1),
        Reading(
            intent="clarify",
            candidates=[Candidate(intent="members", entity="lm-0024")],
        ),
        Reading(intent="greeting"),
    ):
        reply = composer.compose(reading, Context(), question)
        _assert_ok(reply, html_text)
        assert "javascript" not in reply.html
        if reply.context.question:
            assert len(reply.context.question) <= 500


# --- pagination -------------------------------------------------------------------------


def test_meetings_are_paginated(make_kb: MakeKB) -> None:
    composer = Composer(make_kb({"dialogues/busy.yaml": _meetings_yaml(23)}))
    seen: list[str] = []
    reply = composer.record("busy", "meetings")
    pages = 0
    while True:
        pages += 1
        lines = [line for line in reply.text.splitlines() if line.startswith("• ")]
        assert len(lines) <= 10
        seen += lines
        nav = {b.label[0]: b.action for row in reply.buttons for b in row if b.action}
        nxt = [a for a in reply.actions() if a.section == "meetings" and a.page == pages]
        if not nxt:
            break
        assert "◀" in nav or pages == 1
        reply = composer.press(nxt[0], None)
    assert pages == 3
    assert len(seen) == 23 and len(set(seen)) == 23
    assert "2012" in seen[0]  # newest first
    prev = [a for a in reply.actions() if a.section == "meetings" and a.page == 1]
    assert prev, "the last page links back to the previous one"


def test_lists_are_paginated_and_filtered(make_kb: MakeKB) -> None:
    files = {f"projects/p{i}.yaml": _project_yaml(i) for i in range(25)}
    composer = Composer(make_kb(files))
    reply = composer.compose(Reading(intent="list", slots={"kind": "project"}), None)
    assert reply.text.startswith("Projects: 25")
    record_buttons = [a for a in reply.actions() if a.kind == "open"]
    assert len(record_buttons) == 10
    nxt = [a for a in reply.actions() if a.kind == "list"]
    assert [a.page for a in nxt] == [1]
    last = composer.press(Action(kind="list", filters=nxt[0].filters, page=2), None)
    assert len([a for a in last.actions() if a.kind == "open"]) == 5
    completed = composer.compose(
        Reading(intent="list", slots={"kind": "project", "statuses": ["Completed"]}), None
    )
    assert completed.text.startswith("Completed projects: 12")
    before = composer.compose(
        Reading(intent="list", slots={"kind": "project", "year": 2002, "year_op": "before"}),
        None,
    )
    assert before.text.splitlines()[0].endswith(": 10")
    georgia = composer.compose(Reading(intent="by_country", slots={"country": "GE"}), None)
    assert georgia.text.startswith("Georgia: 0 dialogues and 9 projects")
    assert georgia.slots["country"] == "GE" and georgia.context.country == "GE"


def test_aggregate_budget(make_kb: MakeKB) -> None:
    files = {f"projects/p{i}.yaml": _project_yaml(i) for i in range(6)}
    composer = Composer(make_kb(files))
    reply = composer.compose(Reading(intent="budget", slots={"country": "GE"}), None)
    # Georgia benefits from p-000 and p-003: 1,000 + 4,000.
    assert "Projects: 2" in reply.text and "USD 5,000" in reply.text
    assert "Active: 1 project, USD 1,000" in reply.text
    assert "Completed: 1 project, USD 4,000" in reply.text
    everything = composer.compose(Reading(intent="budget"), None)
    assert "USD 21,000" in everything.text


def test_meetings_across_dialogues_in_a_year(composer: Composer) -> None:
    reply = composer.compose(Reading(intent="meetings", slots={"year": 2007}), None)
    assert reply.intent == "meetings" and reply.entity is None
    assert "14–15 March 2007, Tbilisi, Georgia" in reply.text
    assert "Nuremberg" not in reply.text  # May 2008 is another year
    assert any(
        a.entity == "eu-south-caucasus-cluster-process" and a.section == "meetings"
        for a in reply.actions()
    )


def test_by_country_spans_both_kinds(composer: Composer) -> None:
    reply = composer.compose(Reading(intent="by_country", slots={"country": "GE"}), None)
    entities = set()
    page = reply
    while True:
        entities |= {a.entity for a in page.actions() if a.kind == "open"}
        nxt = [a for a in page.actions() if a.kind == "country" and a.page > page_no(page)]
        if not nxt:
            break
        page = composer.press(nxt[0], None)
    assert {"eu-south-caucasus-cluster-process", "lm-0024"} <= entities
    assert "member" in reply.text
    czechia = composer.compose(Reading(intent="by_country", slots={"country": "CZ"}), None)
    assert "Cluster Process" in czechia.text and "country team" in czechia.text


def page_no(reply: Reply) -> int:
    for line in reply.text.splitlines():
        if line.startswith("Page "):
            return int(line.split()[1]) - 1
    return 0


# --- conversation -----------------------------------------------------------------------


def test_clarify_offers_candidates_and_none(composer: Composer) -> None:
    reading = Reading(
        intent="clarify",
        confidence=0.4,
        candidates=[
            Candidate(intent="members", entity="eu-south-caucasus-cluster-process"),
            Candidate(intent="budget", entity="lm-0024"),
        ],
    )
    reply = composer.compose(reading, Context(), "cluster budget")
    assert reply.intent == "clarify"
    assert reply.slots["candidates"] == [
        {"intent": "members", "entity": "eu-south-caucasus-cluster-process"},
        {"intent": "budget", "entity": "lm-0024"},
    ]
    kinds = [a.kind for a in reply.actions()]
    assert kinds == ["choose", "choose", "none"]
    assert reply.context.question == "cluster budget"
    chosen = composer.press(reply.actions()[1], reply.context)
    assert chosen.intent == "budget" and chosen.entity == "lm-0024"
    assert "USD 64,240" in chosen.text
    none = composer.press(reply.actions()[2], reply.context)
    assert none.intent == "out_of_scope" and none.context.question == "cluster budget"


@pytest.mark.parametrize(
    ("question", "expected"),
    [("hello there", "Hello"), ("thanks a lot!", "welcome"), ("bye", "Goodbye")],
)
def test_greetings_are_answered_in_kind(composer: Composer, question: str, expected: str) -> None:
    reply = composer.compose(Reading(intent="greeting"), None, question)
    assert reply.intent == "greeting" and expected in reply.text


def test_help_home_out_of_scope(composer: Composer) -> None:
    help_reply = composer.compose(Reading(intent="help"), None)
    assert "/ask" in help_reply.text and "budget of LM.0024" in help_reply.text
    home = composer.press(Action(kind="home"), None)
    labels = [b.label for row in home.buttons for b in row]
    assert any(label.startswith("Dialogues") for label in labels)
    assert any(label.startswith("Projects") for label in labels)
    assert any("Help" in label for label in labels)
    assert any(a.kind == "open" for a in home.actions())
    oos = composer.compose(Reading(intent="out_of_scope", confidence=0.2), None, "weather?")
    assert oos.intent == "out_of_scope" and "dialogue" in oos.text
    assert oos.context.question == "weather?"
    assert oos.actions()  # the home menu


def test_record_question_without_record_asks_which(composer: Composer) -> None:
    reply = composer.compose(Reading(intent="members"), Context())
    assert "Which dialogue or project" in reply.text
    assert reply.entity is None and reply.actions()


def test_reply_carries_reading_fields_and_context(composer: Composer) -> None:
    reading = Reading(intent="budget", entity="lm-0024", slots={"country": "GE"}, confidence=0.87)
    reply = composer.compose(reading, Context(country="AM"))
    assert (reply.intent, reply.entity, reply.confidence) == ("budget", "lm-0024", 0.87)
    assert reply.slots == {"country": "GE"}
    assert reply.context.entity == "lm-0024" and reply.context.intent == "budget"


# --- every button, and forged ones ------------------------------------------------------


def test_every_button_reachable_from_home_works(composer: Composer, html_text: HTMLish) -> None:
    start = Action(kind="home")
    seen: set[Action] = {start}
    queue = [start]
    while queue:
        action = queue.pop()
        reply = composer.press(action, Context())
        _assert_ok(reply, html_text)
        for nxt in reply.actions():
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    # Every record and every section with content was reached.
    opened = {(a.entity, a.section or "overview") for a in seen if a.kind == "open"}
    assert {r for r, _ in opened} == set(composer.kb.records)
    assert ("eu-south-caucasus-cluster-process", "country_teams") in opened
    assert ("lm-0024", "budget") in opened


FORGED: list[dict[str, Any]] = [
    {"kind": "open", "entity": "no-such-record"},
    {"kind": "open", "entity": "lm-0024", "section": "nonsense"},
    {
        "kind": "open",
        "entity": "eu-south-caucasus-cluster-process",
        "section": "meetings",
        "page": 999,
    },
    {"kind": "open"},
    {"kind": "choose", "intent": "members", "entity": "gone"},
    {"kind": "choose", "intent": "<b>", "entity": None},
    {"kind": "list", "filters": (("kind", "<script>"), ("year", "abc")), "page": 999},
    {"kind": "list", "filters": (("bogus", "x"),)},
    {"kind": "list", "filters": (("show", "meetings"), ("year", "2007")), "page": 999},
    {"kind": "country", "country": "ZZ", "page": 5},
    {"kind": "country"},
    {"kind": "none"},
    {"kind": "help", "page": 3},
]


@pytest.mark.parametrize("fields", FORGED)
def test_forged_actions_get_a_polite_reply(
    composer: Composer, fields: dict[str, Any], html_text: HTMLish
) -> None:
    reply = composer.press(Action(**fields), Context(entity="gone"))
    _assert_ok(reply, html_text)
    assert reply.actions(), "a way back home"


def test_unknown_record_button_says_out_of_date(composer: Composer) -> None:
    reply = composer.press(Action(kind="open", entity="no-such-record"), None)
    assert "out of date" in reply.text


def test_long_member_lists_are_paginated(make_kb: MakeKB) -> None:
    names = [c.name for c in list(pycountry.countries)[:120]]
    first, second = names[:70], names[70:]
    text = (
        "id: big\nname: Big Process\nmember_states:\n"
        f"  - group: North\n    countries: {first!r}\n"
        f"  - group: South\n    countries: {second!r}\n"
        "observers: [Georgia]\nmember_organizations: [IOM]\n"
        "sources: [https://example.org/big]\n"
    )
    composer = Composer(make_kb({"dialogues/big.yaml": text}))
    pages = [composer.record("big", "members", n) for n in range(3)]
    assert "Member States (120, page 1 of 3)" in pages[0].text
    assert "North (70, continued)" in pages[1].text and "South (50)" in pages[1].text
    bullets = [line for p in pages for line in p.text.splitlines() if line.startswith("• ")]
    assert len(bullets) == 120 + 2  # the members, then the observer and the organisation
    assert "Georgia" in pages[2].text and "IOM" in pages[2].text
    assert "IOM" not in pages[0].text
    assert [a.page for a in pages[1].actions() if a.section == "members"] == [0, 2]


def test_missing_sections_say_so_and_link_the_source(make_kb: MakeKB) -> None:
    bare = (
        "id: bare\nname: Bare Process\nmembers_truncated: true\nmeetings_truncated: true\n"
        "sources: [https://example.org/bare]\n"
    )
    bare_project = "id: bp\ntitle: Bare Project\nsources: [https://example.org/bp]\n"
    composer = Composer(make_kb({"dialogues/bare.yaml": bare, "projects/bp.yaml": bare_project}))
    for entity, sections in {
        "bare": ("members", "meetings", "objectives", "themes", "timeline", "country_teams"),
        "bp": ("members", "objectives", "themes", "timeline", "budget"),
    }.items():
        for section in sections:
            reply = composer.record(entity, section)
            assert " no " in reply.text, (entity, section, reply.text)
            assert "https://example.org/" in reply.text
            assert any(b.url for row in reply.buttons for b in row)
    assert "cut short" in composer.record("bare", "members").text
    assert "cut short" in composer.record("bare", "meetings").text
    # A section with nothing in it gets no button.
    assert {a.section for a in composer.record("bare", "overview").actions()} <= {None}


def test_timeline_dates_a_dialogue_by_its_meetings_and_history(make_kb: MakeKB) -> None:
    met = (
        "id: met\nname: Met Dialogue\nsummary: Grew out of the 1996 Old Process.\n"
        "meetings:\n  - {date: 2010-05, title: Second}\n  - {date: 2006-09, title: First}\n"
        "sources: [https://example.org/met]\n"
    )
    quiet = "id: quiet\nname: Quiet Dialogue\nsummary: A forum.\nsources: [https://e.org/q]\n"
    composer = Composer(make_kb({"dialogues/met.yaml": met, "dialogues/quiet.yaml": quiet}))
    text = composer.record("met", "timeline").text
    assert "Meetings recorded: 2 (September 2006 … May 2010)" in text
    assert "no dates" not in text
    assert "Grew out of the 1996 Old Process." in text  # a summary naming a year is history
    assert "timeline" in {a.section for a in composer.record("met", "overview").actions()}
    quiet_text = composer.record("quiet", "timeline").text
    assert "no dates" in quiet_text and "A forum." not in quiet_text
