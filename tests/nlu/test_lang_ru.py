"""Russian (knowledge/lang/ru/): the examples of its intents file, and the mechanisms a
language whose word forms merge singular and plural, and whose words differ from the
(English) record names, relies on."""

from __future__ import annotations

import pytest

from migbot.context import Context
from migbot.nlu.understand import Understanding
from migbot.nlu.wordforms import word_forms


def test_russian_intents_file_examples(nlu: Understanding) -> None:
    for spec in nlu.kb.languages["ru"].intents.values():
        for example in spec.examples:
            r = nlu.understand(example)
            assert (r.intent, r.lang) == (spec.label, "ru"), example


def test_a_plural_kind_word_is_told_by_its_written_form(nlu: Understanding) -> None:
    # "проекты" and "проект" share the dictionary form "проект"; only the written plural
    # asks for a list.
    lex = nlu.speakers["ru"].lex
    assert lex.form("проекты") == lex.form("проект") == "проект"
    assert "проекты" in lex.plural_forms and "проект" not in lex.plural_forms
    assert nlu.understand("проекты по диаспоре").intent == "list"
    r = nlu.understand("проект по диаспоре Мозамбика")
    assert (r.intent, r.entity) == ("overview", "ce-0186")


def test_russian_words_find_english_project_titles(nlu: Understanding) -> None:
    # "... Diaspora Engagement in Mozambique": found through name_words, and a cue word
    # that is a word of the title ("фаза": Phase II) does not decide the intent.
    r = nlu.understand("миграционный профиль Замбии, фаза II — что за проект")
    assert (r.intent, r.entity) == (
        "overview",
        "zambia-migration-profile-supporting-evidence-based",
    )
    r = nlu.understand("бюджет проекта про модернизацию визовой системы Туркменистана")
    assert (r.intent, r.entity) == ("budget", "strengthening-border-management-in-turkmenistan-by")


def test_a_follow_up_pronoun_written_without_its_dots(nlu: Understanding) -> None:
    r = nlu.understand("какие страны в нем?", Context(entity="bali-process"))
    assert (r.intent, r.entity) == ("members", "bali-process")


def test_pymorphy3_reads_only_cyrillic_words() -> None:
    form = word_forms("pymorphy3", "ru")
    assert form("грузии") == "грузия"
    assert form("завершённые") == form("завершенные") == "завершить"
    for word in ("gfmd", "lm0024", "𗀀", "2019"):
        assert form(word) == word


def test_what_is_asked_does_not_dilute_a_project_described_with_its_country(
    nlu: Understanding,
) -> None:
    # "бюджет", "стоил" ask; "диаспора" and Moldova describe: ce-0333 is the one project of
    # Moldova about its diaspora, ahead of Moldova's other projects.
    for question in (
        "сколько денег потратили на проект по диаспоре Молдовы",
        "какой бюджет и финансирование у проекта по диаспоре Молдовы",
    ):
        r = nlu.understand(question)
        assert (r.intent, r.entity) == ("budget", "ce-0333"), question


def test_project_types_are_named_in_russian(nlu: Understanding) -> None:
    # The type names are English: their own "and", "to" join them whatever the question's
    # language ("Immigration and Borders" is two words, one of them given).
    for question, value in (
        ("проекты по управлению границами", "Immigration and Borders"),
        (
            "проекты по защите уязвимых мигрантов",
            "Protection and Assistance to Vulnerable Migrants",
        ),
        ("проекты по миграционным данным", "Migration Data"),
    ):
        r = nlu.understand(question)
        assert (r.intent, r.slots.project_type) == ("list", value), question


@pytest.mark.parametrize(
    "text",
    [
        "что такое Бакинский процесс",  # not the Bali Process ("Балийский")
        "члены Бакинского процесса",  # what is asked, then the name, with no "of"
        "кто председатель Кишиневского процесса",
        "что такое Парижский процесс",  # not the Prague Process ("Пражский")
        "Римский процесс члены",  # not the Lima Process ("Лимский")
    ],
)
def test_an_unknown_city_process_is_out_of_scope(nlu: Understanding, text: str) -> None:
    assert nlu.understand(text).intent == "out_of_scope"


def test_togo_after_a_preposition_is_the_country(nlu: Understanding) -> None:
    assert nlu.understand("проекты в Того").slots.country == "TG"
    assert nlu.understand("бюджет того проекта").slots.country is None


@pytest.mark.parametrize("text", ["что такое лм0024", "бюджет ЛМ.0024", "дь0024 бюджет", "рх0220"])
def test_an_identifier_typed_in_cyrillic(nlu: Understanding, text: str) -> None:
    # Letters read as they look ("РХ" → PX), sound ("лм" → LM) or share a key ("дь" → LM).
    assert nlu.understand(text).entity in {"lm-0024", "px-0220"}


def test_a_cyrillic_word_before_a_year_is_no_identifier(nlu: Understanding) -> None:
    r = nlu.understand("проекты с 2015 по 2020")
    assert r.intent == "list" and r.slots.unknown_id is None
    assert nlu.understand("лм9999").slots.unknown_id == "LM.9999"


def test_a_russian_word_of_project_titles_is_a_list_keyword(nlu: Understanding) -> None:
    # "диаспора" is given as "diaspora" (name_words): the list holds the projects so named.
    r = nlu.understand("проекты про диаспору")
    assert (r.intent, r.slots.keywords) == ("list", ("diaspora",))
