"""Each decision rule of ``nlu/decide.py``, on the bundled knowledge: the rule that decides a
question of its kind, and what it decides. A rule that stops firing, or fires for a question
another rule should take, fails here by name."""

from __future__ import annotations

import pytest

from migbot.context import Context
from migbot.nlu.decide import RULES, Thresholds, cue_weight
from migbot.nlu.intents import CueHit
from migbot.nlu.understand import Understanding

CASES = [
    # (question, rule, intent, entity)
    ("What is CT.0700?", "unknown_identifier", "out_of_scope", None),
    ("what's the weather in Tbilisi", "off_topic", "out_of_scope", None),
    ("budget of LM.0024", "named_record", "budget", "lm-0024"),
    ("members of the Bali Process", "named_record", "members", "bali-process"),
    ("tell me about the Niamey Process", "unknown_name", "out_of_scope", None),
    ("who are the members of the clustr proces", "fuzzy_record", "members",
     "eu-south-caucasus-cluster-process"),
    ("what is the Colombo Plan", "fuzzy_record", "out_of_scope", None),
    ("budget of the national migration policy project", "one_of_a_kind", "clarify", None),
    ("hello there", "chat", "greeting", None),
    ("how do I use this bot?", "chat", "help", None),
    ("zzqx flurb blorp", "unexplained_words", "out_of_scope", None),
    ("how many IDF projects are in your database", "count_or_rank", "list", None),
    ("which dialogue has the most members", "count_or_rank", "list", None),
    ("total IDF budget for Georgia", "total_budget", "budget", None),
    ("meetings in 2007", "meetings_in_year", "meetings", None),
    ("what does Armenia take part in", "by_country", "by_country", None),
    ("active projects in Africa", "listing", "list", None),
    ("who are the members", "section_without_record", "clarify", None),
    ("why", "nothing_fits", "out_of_scope", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "rule", "intent", "entity"), CASES, ids=[c[1] for c in CASES])
def test_each_rule_decides_its_kind_of_question(
    nlu: Understanding, text: str, rule: str, intent: str, entity: str | None
) -> None:
    r = nlu.understand(text)
    assert (r.rule, r.intent, r.entity) == (rule, intent, entity)


def test_every_rule_has_a_case() -> None:
    named = {rule.__name__ for rule in RULES}
    assert named - {"follow_up"} == {c[1] for c in CASES}


def test_follow_up_rule(nlu: Understanding) -> None:
    ctx = Context(entity="global-forum-migration-development")
    r = nlu.understand("and in 2019?", ctx)
    assert (r.rule, r.intent, r.entity, r.slots.year) == (
        "follow_up",
        "meetings",
        "global-forum-migration-development",
        2019,
    )
    r = nlu.understand(
        "is Fiji in it?", Context(entity="pacific-immigration-development-community")
    )
    assert (r.rule, r.intent, r.slots.country) == ("follow_up", "members", "FJ")


def test_offered_choice(nlu: Understanding) -> None:
    ctx = Context(candidates=("members:bali-process", "members:prague-process"))
    r = nlu.understand("the second one", ctx)
    assert (r.rule, r.intent, r.entity) == ("offered_choice", "members", "prague-process")


def test_cue_weights_follow_the_thresholds() -> None:
    t = Thresholds()
    plain = CueHit("members", 3, 4, True)
    assert cue_weight(plain) == t.cue
    assert cue_weight(plain.at(head=True, modifier=False)) == t.head
    assert cue_weight(plain.at(head=False, modifier=True)) == t.cue * t.modifier
    assert cue_weight(CueHit("members", 3, 5, True)) == t.cue + t.longer_cue


def test_the_question_head_outweighs_its_middle(nlu: Understanding) -> None:
    # "co-funding" is a budget word, but the question asks which countries.
    r = nlu.understand("which countries are in the MIGRECO co-funding project")
    assert r.intent == "members"
    assert nlu.understand("px-0220 countries").intent == "members"
    assert nlu.understand("T75-805 when").intent == "timeline"


def test_filler_and_unknown_words_do_not_undo_a_clear_shape(nlu: Understanding) -> None:
    r = nlu.understand("question regarding eswatini what projects are there")
    assert (r.intent, r.slots.country) in {("by_country", "SZ"), ("list", "SZ")}
    assert nlu.understand("which dialogues include Chile pls").intent == "by_country"
