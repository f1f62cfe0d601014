"""French questions on the bundled knowledge: the mechanisms French needed beyond its words
(knowledge/lang/fr/), each checked on the question that showed the gap and on its neighbour
that must not change. The full native set is scored by test_questions.py."""

from __future__ import annotations

import pytest

from migbot.context import Context
from migbot.nlu.understand import Understanding


def test_reunion_is_a_meeting_not_the_island(nlu: Understanding) -> None:
    # countries.yaml `ignore` must hold against the English names too ("Réunion").
    r = nlu.understand("réunions du Processus de Budapest")
    assert (r.intent, r.entity, r.slots.country) == ("meetings", "budapest-process", None)
    assert nlu.understand("projects in Reunion").slots.country == "RE"  # English unchanged


@pytest.mark.parametrize(
    "text", ["c'est quoi le Processus de Quito ?", "membres du processus de Niamey"]
)
def test_an_unknown_name_after_its_kind_word_is_out_of_scope(nlu: Understanding, text: str) -> None:
    assert nlu.understand(text).intent == "out_of_scope"


def test_words_after_a_kind_word_without_an_article_name_nothing(nlu: Understanding) -> None:
    assert nlu.understand("comment je cherche un projet par son numéro ?").intent == "help"


def test_a_stemmed_word_of_a_type_name_alone_names_no_type(nlu: Understanding) -> None:
    # "migratoires" must not be bent into the "migration" of "Labour Migration".
    r = nlu.understand("processus migratoires dans les Amériques")
    assert r.intent == "list"
    assert r.slots.project_type is None
    assert r.slots.region == "Americas"


def test_projet_is_one_record_and_projets_a_list(nlu: Understanding) -> None:
    # Snowball reduces both to "projet": the word as written tells one from many.
    one = nlu.understand("projet diaspora djiboutienne")
    assert (one.intent, one.entity) == ("overview", "cd-0006")
    assert nlu.understand("les projets diaspora").intent == "list"


def test_french_intents_file_examples(nlu: Understanding) -> None:
    """Every example in knowledge/lang/fr/intents.yaml reads as its intent."""
    for spec in nlu.kb.languages["fr"].intents.values():
        for example in spec.examples:
            assert nlu.understand(example).intent == spec.label, example


def test_rank_words_name_no_record(nlu: Understanding) -> None:
    # "membres" meets the "Member States" of MIDCOM's title once both are stemmed.
    r = nlu.understand("quel dialogue compte le moins de membres")
    assert (r.intent, r.entity, r.slots.rank) == ("list", None, "fewest_members")


def test_secretariat_is_asked_with_s_occuper(nlu: Understanding) -> None:
    r = nlu.understand("qui s'occupe du secrétariat du processus de rabat")
    assert (r.intent, r.entity) == ("secretariat", "rabat-process")
    r = nlu.understand("la CMC s'occupe du changement climatique ?")
    assert (r.intent, r.entity) == ("themes", "caribbean-migration-consultations")


def test_a_cue_inside_a_stemmed_title_word_is_no_cue(nlu: Understanding) -> None:
    # "phase" of the Zambia title is the timeline cue "phase" too; stemmed, it is "phas".
    r = nlu.understand("projet de profil migratoire de la Zambie (phase II)")
    assert (r.intent, r.entity) == (
        "overview",
        "zambia-migration-profile-supporting-evidence-based",
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [("qui le préside ?", "chair"), ("date de fin de po0157", "timeline")],
)
def test_words_both_french_and_spanish_in_form_are_french_as_written(
    nlu: Understanding, text: str, intent: str
) -> None:
    # "qui", "fin", "préside" reduce to Spanish forms too ("quien"): the tie goes to the
    # language that writes the words exactly, not to English by default.
    r = nlu.understand(text, Context(entity="prague-process"))
    assert (r.intent, r.lang) == (intent, "fr")


@pytest.mark.parametrize(
    "text", ["processus consultatifs régionaux africains", "pcr africains", "les pcr d'afrique"]
)
def test_a_plural_adjective_after_a_kind_word_spelt_alike_makes_it_plural(
    nlu: Understanding, text: str
) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.slots.kind, r.slots.region) == ("list", "dialogue", "Africa")


def test_a_kind_word_spelt_alike_stays_one_record_after_a_singular_adjective(
    nlu: Understanding,
) -> None:
    r = nlu.understand("membres du pcr de l'igad")
    assert (r.intent, r.entity) == ("members", "igad-regional-consultative-process")


@pytest.mark.parametrize(
    "text", ["qui est le président du Niger ?", "qui est le président de la France ?"]
)
def test_a_whole_off_topic_question_about_a_country_is_out_of_scope(
    nlu: Understanding, text: str
) -> None:
    # "président" is a chair cue, the country a by_country question: the phrase decides.
    assert nlu.understand(text).intent == "out_of_scope"
    assert nlu.understand("qui est le président du Processus de Rabat ?").intent == "chair"


def test_title_head_words_count_in_the_question_s_language(nlu: Understanding) -> None:
    # "Migrant Assistance and Protection in the Pacific": "assistance", "migrants" are its
    # head words in French too, so the loose match is no foreign name.
    r = nlu.understand("assistance et protection des migrants dans le Pacifique")
    assert (r.intent, r.entity) == ("overview", "px-0220")


@pytest.mark.parametrize(
    ("text", "region"),
    [("dialogues latino-américains", "Latin America"), ("projets sud-américains", "South America")],
)
def test_region_adjectives_are_french_regions_not_the_united_states(
    nlu: Understanding, text: str, region: str
) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.lang, r.slots.region, r.slots.country) == ("list", "fr", region, None)


def test_a_rank_with_only_a_region_is_a_ranking_not_a_title(nlu: Understanding) -> None:
    # q40-805's French title says "Afrique": the region alone names no record in a ranking.
    r = nlu.understand("quel est le projet le moins cher en Afrique ?")
    assert (r.intent, r.slots.rank, r.slots.region) == ("list", "smallest_budget", "Africa")


def test_a_country_spelt_in_french_makes_a_bare_question_french(nlu: Understanding) -> None:
    r = nlu.understand("@MigBot la Suisse")
    assert (r.intent, r.slots.country, r.lang) == ("by_country", "CH", "fr")


def test_a_detail_word_makes_a_short_follow_up_french(nlu: Understanding) -> None:
    r = nlu.understand("la dernière réunion ?", Context(entity="bali-process"))
    assert (r.intent, r.entity, r.lang) == ("meetings", "bali-process", "fr")
