"""Spanish (knowledge/lang/es/) and the mechanisms a language with word forms and names
after their kind word needs: plurals read as written, glossary lookups of English titles,
unknown names after the kind word, cues never bent into countries."""

from __future__ import annotations

import pytest

from migbot.context import Context
from migbot.nlu.understand import Understanding

CSM = "south-american-conference-migration"


def test_spanish_intents_file_examples(nlu: Understanding) -> None:
    """Every example of knowledge/lang/es/intents.yaml reads as its intent."""
    for spec in nlu.kb.languages["es"].intents.values():
        for example in spec.examples:
            assert nlu.understand(example).intent == spec.label, example


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("¿Qué es el Proceso de Puebla?", "regional-conference-on-migration-puebla-process"),
        ("qué es la CRM por favor", "regional-conference-on-migration-puebla-process"),
        ("objetivos del Proceso de Jartum", "khartoum-process"),
        ("miembros del FMMD", "global-forum-migration-development"),
        ("presidencia pro tempore de la CSM", CSM),
    ],
)
def test_spanish_names_and_acronyms(nlu: Understanding, text: str, entity: str) -> None:
    r = nlu.understand(text)
    assert (r.entity, r.lang) == (entity, "es")


def test_plural_kind_is_read_from_the_written_word(nlu: Understanding) -> None:
    # Snowball gives "proyecto" and "proyectos" one key; only the plural asks for a list.
    assert nlu.understand("proyectos en curso").intent == "list"
    r = nlu.understand("el proyecto de diáspora de Jamaica")
    assert r.intent == "clarify"


def test_reunion_is_a_meeting_not_reunion_island(nlu: Understanding) -> None:
    r = nlu.understand("¿Cuándo fue la última reunión del FMMD?")
    assert (r.intent, r.slots.country) == ("meetings", None)


# "quito" reduces to "quit", one letter from "qui" (of the function word "quien"): no typo.
@pytest.mark.parametrize("text", ["¿Qué es el Proceso de Quito?", "miembros del proceso de quito"])
def test_an_unknown_name_after_its_kind_word_is_out_of_scope(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.rule) == ("out_of_scope", "unknown_name")


@pytest.mark.parametrize(
    ("text", "region"),
    [("diálogos sudamericanos", "South America"), ("proyectos africanos", "Africa")],
)
def test_a_region_adjective_is_a_region_never_a_country(
    nlu: Understanding, text: str, region: str
) -> None:
    # "sudamericanos" is two edits from "sudafricanos" (South Africa).
    r = nlu.understand(text)
    assert (r.intent, r.slots.region, r.slots.country) == ("list", region, None)
    assert nlu.understand("proyectos sudafricanos").slots.country == "ZA"


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("¿de dónde viene el Proceso de Bali?", "bali-process"),
        ("cuál es el origen de la CSM", CSM),
    ],
)
def test_origins_ask_the_timeline(nlu: Understanding, text: str, entity: str) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.entity) == ("timeline", entity)


def test_name_words_of_one_stem_keep_every_title_word(nlu: Understanding) -> None:
    # "gestión" and "gestionar" reduce to one key: "management" must not be lost.
    r = nlu.understand("¿Qué hizo el proyecto de gestión migratoria en La Española?")
    assert (r.intent, r.entity) == ("overview", "t97-805")


def test_a_cue_is_never_bent_into_a_country(nlu: Understanding) -> None:
    # "suman" is one edit from "sudan".
    r = nlu.understand("¿cuánto suman los proyectos del Fondo en Argentina?")
    assert (r.intent, r.slots.country) == ("budget", "AR")


def test_glossary_finds_a_record_titled_in_english(nlu: Understanding) -> None:
    r = nlu.understand(
        "financiamiento del proyecto sobre trata de hombres en la pesca en el Gran Mekong"
    )
    assert (r.intent, r.entity) == (
        "budget",
        "the-trafficking-of-men-in-the-fishing-industry-and-other",
    )
    # A title in Spanish is still found by its own words.
    r = nlu.understand(
        "¿De qué trata el proyecto de fortalecimiento regional para la producción y análisis "
        "de información sobre migraciones en Mesoamérica y el Caribe?"
    )
    assert r.entity == "pr-0221"


def test_type_values_written_in_english_match_spanish_words(nlu: Understanding) -> None:
    # "Immigration and Borders": the English "and" is no type word to be matched.
    r = nlu.understand("proyectos de fronteras en África")
    assert r.intent == "list"
    assert r.slots.project_type == "Immigration and Borders"


def test_a_record_of_another_kind_named_in_passing_is_not_the_answer(
    nlu: Understanding,
) -> None:
    r = nlu.understand(
        "el proyecto de fortalecer las capacidades de los gobiernos sudamericanos que apoya "
        "el plan de acción de la CSM"
    )
    assert r.entity != CSM
    assert nlu.understand("¿Qué es la CSM?").entity == CSM


def test_a_record_matched_only_by_countries_does_not_tie_one_matched_by_its_words(
    nlu: Understanding,
) -> None:
    r = nlu.understand("goals of the Sri Lanka migration data platform project")
    assert (r.intent, r.entity) == ("objectives", "da-0012")


def test_tambien_leans_on_the_record_just_answered(nlu: Understanding) -> None:
    r = nlu.understand("¿y Ecuador también es miembro?", Context(entity=CSM))
    assert (r.intent, r.entity, r.slots.country) == ("members", CSM, "EC")


@pytest.mark.parametrize(
    "text",
    [
        "¿Cuál es el proyecto con el menor presupuesto?",  # "menor" is in a Spanish title
        "los 5 proyectos con mayor presupuesto",  # "5" is in "Diálogo 5+5"
        "the 5 projects with the biggest budget",
    ],
)
def test_ranking_words_and_counted_numbers_name_no_record(nlu: Understanding, text: str) -> None:
    r = nlu.understand(text)
    assert (r.intent, r.entity, r.rule) == ("list", None, "count_or_rank")


def test_the_first_words_of_a_spanish_name_name_it_in_spanish_forms(nlu: Understanding) -> None:
    # Title prefixes are kept in each language's word forms too: the Spanish stems of "foro
    # global sobre migración" start those of "Foro Global sobre Migración y Desarrollo".
    r = nlu.understand("foro global sobre migración reuniones")
    assert (r.lang, r.intent, r.entity) == ("es", "meetings", "global-forum-migration-development")
