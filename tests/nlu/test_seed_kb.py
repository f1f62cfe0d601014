"""Understanding on a knowledge base of the two founding records only."""

from __future__ import annotations

from migbot.knowledge.loader import KnowledgeBase
from migbot.nlu.understand import Understanding

CLUSTER = "eu-south-caucasus-cluster-process"


def test_section_without_record_offers_the_few_records_that_have_it(seed_kb: KnowledgeBase) -> None:
    nlu = Understanding(seed_kb)
    r = nlu.understand("who are the members")
    assert r.intent == "clarify"
    assert {c.entity for c in r.candidates} == {CLUSTER, "lm-0024"}
    assert all(c.intent == "members" for c in r.candidates)
    r = nlu.understand("country teams?")
    assert [c.entity for c in r.candidates] == [CLUSTER]


def test_seed_questions(seed_kb: KnowledgeBase) -> None:
    nlu = Understanding(seed_kb)
    for text, intent, entity in (
        ("what is the Cluster Process?", "overview", CLUSTER),
        ("budget of LM.0024", "budget", "lm-0024"),
        ("cluster proces meetngs", "meetings", CLUSTER),
        ("who funded the georgian labour migration policy project", "budget", "lm-0024"),
        ("what's the weather in Tbilisi", "out_of_scope", None),
    ):
        r = nlu.understand(text)
        assert (r.intent, r.entity) == (intent, entity), text
