"""Understanding on the bundled knowledge: identifiers, countries, traps, follow-ups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migbot.context import Context
from migbot.nlu.understand import Understanding

CLUSTER = "eu-south-caucasus-cluster-process"
GFMD = "global-forum-migration-development"


@pytest.mark.parametrize(
    "text",
    ["LM.0024", "lm0024", "LM 0024", "lm-0024", "lm.24", "Lm_0024", "budget of LM.0024?"],
)
def test_every_spelling_of_a_new_style_id(nlu: Understanding, text: str) -> None:
    assert nlu.understand(text).entity == "lm-0024"


@pytest.mark.parametrize("text", ["T97-805", "t97805", "T97 805", "t97.805"])
def test_old_style_ids(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.entity) == ("overview", "t97-805")


def test_acronyms_aliases_and_exact_ids_win(nlu: Understanding) -> None:
    assert nlu.understand("MIDSA").entity == "migration-dialogue-southern-africa"
    assert nlu.understand("midwa members").entity == "migration-dialogue-west-africa"
    assert nlu.understand("IGAD-RCP objectives").entity == "igad-regional-consultative-process"
    assert nlu.understand("the Söderköping Process").entity == (
        "eastern-partnership-panel-migration-mobility-ibm"
    )
    r = nlu.understand("budget of the Puebla Process")
    assert (r.intent, r.entity) == ("budget", "regional-conference-on-migration-puebla-process")


def test_two_records_named_is_a_clarification(nlu: Understanding) -> None:
    r = nlu.understand("MIDWA vs MIDSA")
    assert r.intent == "clarify"
    assert {c.entity for c in r.candidates} == {
        "migration-dialogue-west-africa",
        "migration-dialogue-southern-africa",
    }
    assert [(c.intent, c.entity) for c in r.slots.candidates] == [
        (c.intent, c.entity) for c in r.candidates
    ]


@pytest.mark.parametrize(
    "text", ["the labour migration project", "tell me about the Pacific project"]
)
def test_colliding_names_clarify(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert r.intent == "clarify"
    assert 2 <= len(r.candidates) <= 3
    assert r.entity is None


def test_picking_an_offered_reading(nlu: Understanding) -> None:
    offered = (
        "members:migration-dialogue-west-africa",
        "members:migration-dialogue-southern-africa",
    )
    ctx = Context(candidates=offered)
    for text, want in (
        ("the first one", "migration-dialogue-west-africa"),
        ("2", "migration-dialogue-southern-africa"),
        ("second", "migration-dialogue-southern-africa"),
        ("last", "migration-dialogue-southern-africa"),
    ):
        r = nlu.understand(text, ctx)
        assert (r.intent, r.entity, r.from_context) == ("members", want, True), text
    assert not nlu.understand("third", ctx).from_context  # out of range: no pick
    assert nlu.understand("the first one").intent != "members"  # nothing on offer


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("what does Armenia take part in", "AM"),
        ("projects in the Netherlands", "NL"),
        ("gerogia projects", "GE"),
        ("mexcio", "MX"),
        ("what does kenia take part in", "KE"),
        ("Georgian projects", "GE"),
        ("anything on azerbajan?", "AZ"),
        ("projects in Côte d'Ivoire", "CI"),
        ("what is the DRC part of", "CD"),
    ],
)
def test_country_resolution(nlu: Understanding, text: str, code: str) -> None:
    r = nlu.understand(text)
    assert r.intent == "by_country"
    assert r.slots.country == code


@pytest.mark.parametrize("text", ["who is in us", "tell me about it", "be at no one", "is it in"])
def test_two_letter_words_are_not_countries(nlu: Understanding, text: str) -> None:
    assert "country" not in nlu.understand(text).slots


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather in Tbilisi",
        "who won the world cup in 2006",
        "capital of Georgia",
        "population of Germany",
        "tell me a joke",
        "Python budget 2008",
        "what is the Quito Process?",
        "members of the Sanaa Process",
        "Sanaa Process members",
        "chair Sanaa Process",
        "is Georgia in the EU?",
        "asdfgh",
        "what happened in 2001",
    ],
)
def test_out_of_scope_traps(nlu: Understanding, text: str) -> None:
    assert nlu.understand(text).intent == "out_of_scope"


def test_follow_ups_use_the_context(nlu: Understanding) -> None:
    ctx = Context(entity="lm-0024", intent="overview")
    r = nlu.understand("and its budget?", ctx)
    assert (r.intent, r.entity, r.from_context) == ("budget", "lm-0024", True)
    r = nlu.understand("when did they meet?", Context(entity=CLUSTER))
    assert (r.intent, r.entity, r.from_context) == ("meetings", CLUSTER, True)
    r = nlu.understand("who are the members?", Context(entity=CLUSTER))
    assert (r.intent, r.entity) == ("members", CLUSTER)
    # A record named in the question beats the context.
    r = nlu.understand("and the budget of LM.0024?", Context(entity=CLUSTER))
    assert (r.entity, r.from_context) == ("lm-0024", False)
    # Words we do not know are not a follow-up.
    assert nlu.understand("and the weather there?", ctx).intent == "out_of_scope"
    assert nlu.understand("members of the Quito Process", ctx).intent == "out_of_scope"


def test_intent_without_record_or_context_is_not_a_guess(nlu: Understanding) -> None:
    r = nlu.understand("who are the members")
    assert (r.intent, r.entity) == ("clarify", None)  # the answer asks which record
    assert [(c.intent, c.entity) for c in r.candidates] == [("members", None)]
    assert r.confidence < 0.5


def test_record_without_intent_is_an_overview(nlu: Understanding) -> None:
    r = nlu.understand("the Cluster Process")
    assert (r.intent, r.entity) == ("overview", CLUSTER)


def test_cross_record_slots_are_canonical(nlu: Understanding) -> None:
    r = nlu.understand("active projects in Africa")
    assert r.intent == "list"
    assert r.slots.statuses == ("Active",)
    assert r.slots.region == "Africa"
    assert r.slots.kind == "project"
    r = nlu.understand("counter-trafficking projects")
    assert (r.intent, r.slots.project_type) == ("list", "Counter Trafficking Projects")
    r = nlu.understand("dialogues established before 2000")
    assert r.intent == "list"
    assert (r.slots.year, r.slots.year_op, r.slots.kind) == (2000, "before", "dialogue")
    r = nlu.understand("which dialogues were set up after 2010")
    assert (r.slots.year, r.slots.year_op) == (2010, "after")
    r = nlu.understand("total IDF budget for Georgia")
    assert (r.intent, r.entity, r.slots.country) == ("budget", None, "GE")
    r = nlu.understand("how many projects are completed")
    assert (r.intent, r.entity, r.slots.statuses, r.slots.count) == (
        "list",
        None,
        ("Completed",),
        True,
    )
    r = nlu.understand("meetings in 2007")
    assert (r.intent, r.entity, r.slots.year) == ("meetings", None, 2007)
    r = nlu.understand("projects in Georgia")
    assert (r.intent, r.slots.country) == ("by_country", "GE")
    r = nlu.understand("completed labour migration projects in Georgia")
    assert (r.intent, r.slots.country, r.slots.project_type) == (
        "list",
        "GE",
        "Labour Migration",
    )
    r = nlu.understand("completed projects in Latin America")
    assert r.slots.region == "Latin America and the Caribbean"  # as projects write it


def test_record_readings_keep_only_refining_slots(nlu: Understanding) -> None:
    r = nlu.understand("is the Bali Process still active")
    assert (r.intent, r.entity) == ("timeline", "bali-process")
    assert "status" not in r.slots


def test_chat(nlu: Understanding) -> None:
    assert nlu.understand("hello!").intent == "greeting"
    assert nlu.understand("thanks a lot").intent == "greeting"
    assert nlu.understand("/help").intent == "help"
    assert nlu.understand("how do I use this bot?").intent == "help"
    assert nlu.understand("").intent == "help"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_valid_reading(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert 0.0 <= r.confidence <= 1.0
    assert r.entity is None or r.entity in nlu.kb.records
    assert len(r.candidates) <= 3


def test_very_long_input(nlu: Understanding) -> None:
    r = nlu.understand("budget of LM.0024 " + "blah " * 3000)
    assert r.entity == "lm-0024"
    nlu.understand("x" * 10_000)


def test_intents_file_examples(nlu: Understanding) -> None:
    """Every example in knowledge/lang/*/intents.yaml reads as its intent (hassil-style)."""
    for spec in nlu.kb.languages["en"].intents.values():
        for example in spec.examples:
            assert nlu.understand(example).intent == spec.label, example


@pytest.mark.parametrize(
    "text",
    [
        "which dialogues deal with trafficking in persons?",
        "dialogues on human trafficking",
        "¿qué diálogos tratan la trata de personas?",
        "quels dialogues traitent de la traite des personnes ?",
    ],
)
def test_words_that_only_qualify_a_keyword_do_not_narrow_the_list(
    nlu: Understanding, text: str
) -> None:
    # The records write "trafficking in human beings" as often as "trafficking in persons"
    # (keyword_companions): "persons" or "human" beside "trafficking" would drop half of them.
    r = nlu.understand(text)
    assert (r.intent, r.slots.keywords) == ("list", ("trafficking",))


@pytest.mark.parametrize(
    "text, lang, intent, entity",
    [
        # "foro" is a kind word and, reduced to "for", looks like English "for": beside
        # "mundial" it is still the name's first word.
        ("foro mundial migracion reunion marruecos", "es", "meetings", GFMD),
        # A phrase asking for one fact ("в какой стране", "dans quel pays") is no members
        # cue: it asks where a dialogue met.
        ("в какой стране проходил ГФМР в 2019 году", "ru", "meetings", GFMD),
        ("Dans quel pays s'est tenu le FMMD en 2019 ?", "fr", "meetings", GFMD),
        # A word bent as near a budget cue as an overview one takes the section a
        # dialogue has.
        ("¿me puedes contar del Proceso de Rabat?", "es", "overview", "rabat-process"),
        # French and Spanish tie on "en la"; "participa" is spelt the Spanish way.
        ("jamaica participa en la CMC?", "es", "members", "caribbean-migration-consultations"),
        # Two edits would bend "ставили" (set up) into "стоить" (to cost).
        ("IB.0049 что там ставили?", "ru", "overview", "ib-0049"),
    ],
)
def test_names_and_facts_across_languages(
    nlu: Understanding, text: str, lang: str, intent: str, entity: str
) -> None:
    r = nlu.understand(text)
    assert (r.lang, r.intent, r.entity) == (lang, intent, entity)


@pytest.mark.parametrize(
    "text",
    [
        "which project has the largest budget in the Europe region",
        "Quel est le projet avec le plus gros budget dans la région Europe ?",
        "¿cuál es el proyecto con mayor presupuesto en la región de Europa?",
    ],
)
def test_a_region_called_a_region_is_one_filter(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.slots.region, r.slots.rank, r.slots.keywords) == (
        "list",
        "Europe",
        "largest_budget",
        (),
    )


@pytest.mark.parametrize(
    "text, unknown",
    [("tell me about project XQ.0420", "XQ.0420"), ("бюджет проекта KZ.0999?", "KZ.0999")],
)
def test_ids_in_ioms_shape_name_a_record_we_lack(
    nlu: Understanding, text: str, unknown: str
) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.slots.unknown_id) == ("out_of_scope", unknown)


def test_an_unknown_name_may_hold_generic_words(nlu: Understanding) -> None:
    r = nlu.understand("who chairs the Adriatic Sea Migration Dialogue")
    assert (r.intent, r.rule) == ("out_of_scope", "unknown_name")


@pytest.mark.parametrize(
    "text",
    [
        "which dialogues are no longer active",
        "quels dialogues ne sont plus actifs ?",
        "¿qué diálogos ya no están activos?",
        "какие диалоги уже не действуют",
    ],
)
def test_a_denied_status_lists_the_others(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert r.intent == "list" and r.slots.statuses
    assert "Active" not in r.slots.statuses


@pytest.mark.parametrize(
    "text, entity, country",
    [
        ("MIDWA Ghana", "migration-dialogue-west-africa", "GH"),
        ("le Processus de Budapest et la Géorgie ?", "budapest-process", "GE"),
        ("Армения и Пражский процесс", "prague-process", "AM"),
    ],
)
def test_a_dialogue_and_a_country_ask_whether_it_takes_part(
    nlu: Understanding, text: str, entity: str, country: str
) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.entity, r.slots.country) == ("members", entity, country)


def test_a_projects_title_names_its_country(nlu: Understanding) -> None:
    # The page lists no beneficiary; the title says Turkmenistan.
    r = nlu.understand("проект по управлению границами в Туркменистане")
    assert r.entity == "strengthening-border-management-in-turkmenistan-by"


def test_a_plea_for_help_outweighs_a_loose_name(nlu: Understanding) -> None:
    assert nlu.understand("comment on t'utilise dans un groupe ?").intent == "help"


@pytest.mark.parametrize(
    "text, intent, entity, country",
    [
        # What a message says first is why it asks; its question names what it is about.
        (
            "I'm preparing a briefing for our minister. "
            "Which IDF projects has Fiji benefited from?",
            "by_country",
            None,
            "FJ",
        ),
        ("Пишу отчёт для министерства. Когда начался проект LM.0024?", "timeline", "lm-0024", None),
        # ... unless the record is named before the last question.
        (
            "LM.0024 для каких стран? В названии Грузия, а кто бенефициары?",
            "members",
            "lm-0024",
            None,
        ),
    ],
)
def test_a_message_is_read_by_its_question(
    nlu: Understanding, text: str, intent: str, entity: str | None, country: str | None
) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.entity) == (intent, entity)
    assert country is None or r.slots.country == country


def test_a_dialogue_and_a_year_ask_for_its_meetings(nlu: Understanding) -> None:
    r = nlu.understand("Foro Mundial sobre Migración y Desarrollo 2019")
    assert (r.intent, r.entity, r.slots.year) == ("meetings", GFMD, 2019)
    # A dialogue whose meetings are not recorded has its timeline read for the year.
    assert nlu.understand("Proceso de Puebla 2019").intent == "timeline"


def test_a_kind_word_translating_a_name_word_is_part_of_the_name(nlu: Understanding) -> None:
    # "mecanismos" is a kind word of Spanish and "Mechanisms" a word of the title.
    r = nlu.understand(
        "¿qué hace el proyecto de fortalecimiento de los mecanismos de gobernanza migratoria "
        "en Colombia?"
    )
    assert r.entity == "strengthening-migration-governance-mechanisms-in-colombia"


def test_a_cue_word_is_not_bent_into_a_type(nlu: Understanding) -> None:
    r = nlu.understand("¿de qué diálogos forma parte Chile?")
    assert (r.intent, r.slots.country, r.slots.dialogue_type) == ("by_country", "CL", None)


@pytest.mark.parametrize(
    "text",
    [
        "What is UNHCR's budget for refugees in Kenya?",
        "¿Qué programas tiene ACNUR para los migrantes en Perú?",
        "Какие программы у ЕБРР для мигрантов в Таджикистане?",
    ],
)
def test_an_acronym_we_do_not_know_is_out_of_scope(nlu: Understanding, text: str) -> None:
    assert nlu.understand(text).intent == "out_of_scope"


def test_an_acronym_of_another_language_is_known(nlu: Understanding) -> None:
    r = nlu.understand("projects of the OIM in Peru")
    assert (r.intent, r.slots.country) == ("by_country", "PE")


@pytest.mark.parametrize("text", ["Спасибо, очень помогли!", "Рахмат, очень помог"])
def test_thanks_for_help_given_is_a_greeting(nlu: Understanding, text: str) -> None:
    assert nlu.understand(text).intent == "greeting"
