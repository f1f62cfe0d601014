"""Answers in English, French, Spanish and Russian: the catalogues' words, Babel's money,
dates, plurals and country names, which language answers, and buttons that keep it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from migbot.answers.compose import Composer
from migbot.answers.reply import Action, Reply
from migbot.assistant import Assistant
from migbot.context import Context
from migbot.i18n import LANGUAGES, ngettext, speaking, tongue_of
from migbot.knowledge.language import Language, Names
from migbot.knowledge.loader import KnowledgeBase
from migbot.nlu.reading import Reading
from migbot.slots import Slots
from migbot.telegram import callback

from .conftest import check_html

SPACES = re.compile(r"[\u00a0\u202f ]")


def plain(text: str) -> str:
    """Babel and the catalogues write no-break spaces (narrow in French numbers)."""
    return SPACES.sub(" ", text)


@pytest.fixture(scope="module")
def assistant(kb: KnowledgeBase) -> Assistant:
    return Assistant(kb)


# --- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "money"),
    [("en", "USD 64,240"), ("fr", "64 240 $ US"), ("es", "64.240 US$"), ("ru", "64 240 $")],
)
def test_money_the_languages_way(code: str, money: str) -> None:
    assert plain(tongue_of(code).money(64240)) == money
    assert plain(tongue_of(code).money(64240.0)) == money  # no ",00" for whole dollars


def test_money_keeps_cents_when_there_are_some() -> None:
    assert tongue_of("en").money(1234.5) == "USD 1,234.50"
    assert plain(tongue_of("fr").money(1234.5)) == "1 234,50 $ US"
    assert plain(tongue_of("ru").money(1234567.25)) == "1 234 567,25 $"


@pytest.mark.parametrize(
    ("code", "day", "month", "year"),
    [
        ("en", "1 March 2008", "March 2008", "2008"),
        ("fr", "1 mars 2008", "mars 2008", "2008"),
        ("es", "1 de marzo de 2008", "marzo de 2008", "2008"),
        ("ru", "1 марта 2008 г.", "март 2008 г.", "2008"),
    ],
)
def test_record_dates(code: str, day: str, month: str, year: str) -> None:
    tongue = tongue_of(code)
    assert plain(tongue.date(2008, 3, 1)) == day
    assert plain(tongue.date(2008, 3)) == month
    assert tongue.date(2008) == year


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (1, "1 проект"),
        (3, "3 проекта"),
        (5, "5 проектов"),
        (11, "11 проектов"),
        (21, "21 проект"),
        (22, "22 проекта"),
        (0, "0 проектов"),
    ],
)
def test_russian_has_three_plural_forms(n: int, said: str) -> None:
    with speaking("ru"):
        assert ngettext("{n} project", "{n} projects", n).format(n=n) == said


@pytest.mark.parametrize(
    ("code", "one", "many"),
    [
        ("en", "1 project", "3 projects"),
        ("fr", "1 projet", "3 projets"),
        ("es", "1 proyecto", "3 proyectos"),
    ],
)
def test_plurals(code: str, one: str, many: str) -> None:
    with speaking(code):
        assert ngettext("{n} project", "{n} projects", 1).format(n=1) == one
        assert ngettext("{n} project", "{n} projects", 3).format(n=3) == many


def test_country_names_in_the_answers_language() -> None:
    assert [tongue_of(c).country("GE") for c in LANGUAGES] == [
        "Georgia",
        "Géorgie",
        "Georgia",
        "Грузия",
    ]
    # English keeps the knowledge's display names (not Babel's).
    assert tongue_of("en").country("MD") == "Republic of Moldova"
    assert tongue_of("fr").country("MD") == "Moldavie"


# --- replies ------------------------------------------------------------------------------


def _record(assistant: Assistant, lang: str, section: str = "overview") -> Reply:
    return assistant.press(Action(kind="open", entity="lm-0024", section=section), lang=lang)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", ["Budget: USD 64,240", "Status: Completed", "Benefiting Member States: Georgia"]),
        (
            "fr",
            ["Budget : 64 240 $ US", "Statut : Achevé", "États membres bénéficiaires : Géorgie"],
        ),
        ("es", ["Presupuesto: 64.240 US$", "Estado: Finalizado", "Georgia"]),
        ("ru", ["Бюджет: 64 240 $", "Статус: Завершён", "Грузия"]),
    ],
)
def test_a_record_card_in_each_language(assistant: Assistant, code: str, words: list[str]) -> None:
    reply = _record(assistant, code)
    assert reply.lang == code
    for word in words:
        assert word in plain(reply.text), (word, reply.text)
    check_html(reply.html)
    # The record's own words stay in English, and the card says so once, in the language.
    notes = {
        "fr": "(texte de la source en anglais)",
        "es": "(texto de la fuente en inglés)",
        "ru": "(текст источника на английском языке)",
    }
    for other, note in notes.items():
        assert reply.text.count(note) == (1 if other == code else 0)
    assert "Strengthens the capacity of the Government of Georgia" in reply.text


def test_english_is_unchanged_and_has_no_source_note(assistant: Assistant) -> None:
    reply = _record(assistant, "en")
    assert "source text" not in reply.text
    assert [b.label for b in reply.buttons[-2]] == ["◀ Back", "🏠 Home"]


def test_russian_counts_take_their_plural(assistant: Assistant, kb: KnowledgeBase) -> None:
    reply = assistant.press(Action(kind="country", country="GE"), lang="ru")
    own = Composer(kb).query.select({"country": "GE"})
    dialogues = sum(1 for r in own if r.kind == "dialogue")
    projects = len(own) - dialogues
    form = {1: "", 2: "а", 3: "а", 4: "а"}
    expected = (
        f"Грузия: {dialogues} диалог{form.get(dialogues, 'ов')} и "
        f"{projects} проект{form.get(projects, 'ов')}"
    )
    assert reply.text.startswith(expected), reply.text[:80]
    assert "🗺 Карта" in [b.label for row in reply.buttons for b in row]


def test_a_count_in_each_language(composer: Composer) -> None:
    reading = Reading(
        intent="list", slots=Slots(kind="project", statuses=("Completed",), count=True)
    )
    said = {}
    for code in LANGUAGES:
        with speaking(code):
            said[code] = composer.compose(reading, None).text.splitlines()[0]
    n = said["en"].split()[0]
    assert said["en"] == f"{n} completed IDF projects"
    assert said["fr"] == f"{n} projets du FDI achevés"
    assert said["es"] == f"{n} proyectos del FDI finalizados"
    assert said["ru"] == f"Завершённые проекты ФРМОМ: {n}"


def test_meeting_dates_in_the_answers_language(assistant: Assistant) -> None:
    reply = assistant.press(
        Action(kind="open", entity="eu-south-caucasus-cluster-process", section="timeline"),
        lang="fr",
    )
    assert "Création" in reply.text or "Chronologie" in reply.text
    assert not re.search(
        r"\b(January|February|March|April|May|June|July|August|September|"
        r"October|November|December)\b",
        reply.text.split("(texte")[0].replace(reply.text.splitlines()[0], ""),
    )


def test_a_records_name_in_the_readers_language(kb: KnowledgeBase) -> None:
    """``lang/fr/names.yaml`` names a record: the French card shows it, then the source's."""
    french = Language(code="fr", names=Names(names={"lm-0024": ["Renforcer les capacités"]}))
    composer = Composer(dataclasses.replace(kb, languages={**kb.languages, "fr": french}))
    with speaking("fr"):
        reply = composer.record("lm-0024", "overview")
    assert reply.text.splitlines()[0] == (
        "Renforcer les capacités — LM.0024 — Capacity-building of Georgian Government "
        "Structures to Establish a Labour Migration Policy"
    )
    with speaking("es"):
        assert composer.record("lm-0024", "overview").text.startswith("LM.0024 — ")


# --- which language answers ----------------------------------------------------------------


class _Reads:
    """Understanding as the NLU will read a French question once lang/fr exists."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang

    def understand(
        self, text: str, context: Context | None = None, lang: str | None = None
    ) -> Reading:
        return Reading(intent="budget", entity="lm-0024", lang=self.lang)


def test_a_french_question_is_answered_in_french(kb: KnowledgeBase) -> None:
    assistant = Assistant(kb)
    assistant.understanding = _Reads("fr")
    for chat in (None, "en", "ru"):
        reply = assistant.ask("quel est le budget de LM.0024 ?", lang=chat)
        assert reply.lang == "fr" and "64 240 $ US" in plain(reply.text)


def test_an_unclear_question_is_answered_in_the_chats_language(kb: KnowledgeBase) -> None:
    assistant = Assistant(kb)
    assistant.understanding = _Reads(None)
    assert assistant.ask("LM.0024", lang="es").lang == "es"
    assert assistant.ask("LM.0024", lang="xx").lang == "en"  # not a language we write
    assert assistant.ask("LM.0024").lang == "en"


def test_an_english_question_in_a_french_chat_is_answered_in_english(
    assistant: Assistant,
) -> None:
    reply = assistant.ask("budget of LM.0024", lang="fr")
    assert reply.lang == "en"
    assert "USD 64,240" in reply.text


def test_the_memo_keeps_languages_apart(kb: KnowledgeBase) -> None:
    assistant = Assistant(kb)
    assistant.understanding = _Reads(None)
    texts = {code: assistant.ask("LM.0024", lang=code).text for code in LANGUAGES}
    assert len(set(texts.values())) == len(LANGUAGES)
    assert assistant.ask("LM.0024", lang="ru").text == texts["ru"]


def test_an_apology_is_in_the_chats_language(kb: KnowledgeBase) -> None:
    assistant = Assistant(kb)

    class Broken:
        def understand(
            self, text: str, context: Context | None = None, lang: str | None = None
        ) -> Reading:
            raise RuntimeError("boom")

    assistant.understanding = Broken()
    reply = assistant.ask("?", lang="es")
    assert reply.lang == "es" and "Lo siento" in reply.text


def test_an_apology_after_reading_is_in_the_questions_language(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Composing fails once the question is read as Russian: the apology is Russian, not
    the English of the chat."""
    assistant = Assistant(kb)
    assistant.understanding = _Reads("ru")

    def broken(reading: Reading, ctx: Context, question: str) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setattr(assistant.composer, "compose", broken)
    reply = assistant.ask("бюджет LM.0024", lang="en")
    assert reply.lang == "ru" and "Извините" in reply.text


# --- buttons keep their language ------------------------------------------------------------


def test_a_press_keeps_the_buttons_language(assistant: Assistant) -> None:
    reply = _record(assistant, "ru")
    budget = next(a for a in reply.actions() if a.section == "budget")
    # As the transport carries it: the reply's language in the callback data.
    data = callback.encode(budget.model_copy(update={"lang": reply.lang}), assistant.kb)
    assert data is not None and "|Lru" in data
    pressed = callback.decode(data, assistant.kb)
    assert pressed is not None and pressed.lang == "ru"
    # The chat is English, the button Russian: the button wins.
    answer = assistant.press(pressed, lang="en")
    assert answer.lang == "ru" and "Бюджет: 64 240 $" in plain(answer.text)


def test_old_callback_data_decodes_as_before(assistant: Assistant) -> None:
    kb = assistant.kb
    old = callback.encode(Action(kind="open", entity="lm-0024", section="budget"), kb)
    assert old is not None and "|L" not in old
    action = callback.decode(old, kb)
    assert action == Action(kind="open", entity="lm-0024", section="budget")
    assert action is not None and action.lang is None
    assert callback.decode("1|h|Lxx", kb) is None  # not a language we write
    assert callback.decode("1|h|Lru", kb) == Action(kind="home", lang="ru")


def test_the_longest_action_with_a_language_fits(assistant: Assistant) -> None:
    kb = assistant.kb
    longest = max(kb.records, key=len)
    for code in LANGUAGES:
        action = Action(kind="open", entity=longest, section="country_teams", page=999, lang=code)
        data = callback.encode(action, kb)
        assert data is not None and len(data.encode()) <= 64
        assert callback.decode(data, kb) == action
        listed = Action(
            kind="list",
            page=999,
            lang=code,
            filters=(
                ("kind", "project"),
                ("rank", "largest_budget"),
                ("status", "Completed"),
                ("year", "2005"),
                ("year_op", "before"),
                ("year_of", "start"),
            ),
        )
        data = callback.encode(listed, kb)
        assert data is not None and len(data.encode()) <= 64, data
        assert callback.decode(data, kb) == listed


@pytest.mark.parametrize(
    "text, shown",
    [
        ("proyectos en América Latina y el Caribe", "Proyectos en América Latina y el Caribe"),
        ("проекты в регионе Европы", "Проекты в регионе Европа"),
        ("dialogues en Afrique de l'Ouest", "Afrique de l’Ouest"),
    ],
)
def test_regions_are_named_in_the_answers_language(
    assistant: Assistant, text: str, shown: str
) -> None:
    assert shown in assistant.ask(text).text


def test_meetings_held_in_a_country(assistant: Assistant) -> None:
    held = assistant.ask("Cluster Process meetings in Georgia").text
    assert held.startswith("4 meetings of EU-South Caucasus Cluster Process in Georgia:")
    none = assistant.ask("did the GFMD meet in France").text
    assert "records no meeting of Global Forum on Migration and Development in France" in none
    russian = assistant.ask("встречи ГФМР в Мексике").text
    assert "Мексика" in russian and "2010, Mexico" in russian
