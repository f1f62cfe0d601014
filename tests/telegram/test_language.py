"""Languages in Telegram: the user's app language, /language per chat, inline mode, menus.

Through the strict fake Bot API; the chat's choice is checked with the chat state kept in
memory and in a real Redis alike.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from conftest import attach, make_settings
from tgfake import FakeBotApi
from tgfake.driver import buttons, click, data_of, say, settle

from migbot.languages import LANGUAGES
from migbot.ops.holder import AssistantHolder
from migbot.telegram import callback, words
from migbot.telegram.app import build_application, running
from migbot.telegram.handlers import CHAT_STATE

RU_USER = 2001
GROUP = -3001


@pytest.fixture(params=["memory", "redis"])
async def any_store_bot(
    request: pytest.FixtureRequest,
    fake: FakeBotApi,
    holder: AssistantHolder,
    tmp_path: Path,
    no_token_in_logs: None,
) -> AsyncIterator[Any]:
    extra = {}
    if request.param == "redis":
        extra["redis_url"] = request.getfixturevalue("redis_url")
    application = attach(fake, build_application(make_settings(fake, tmp_path, **extra), holder))
    async with running(application):
        yield application
        fake.release_polls()


def labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for b in buttons(message)]


async def test_russian_user_then_french_chat(fake: FakeBotApi, any_store_bot: Any) -> None:
    fake.language_codes[RU_USER] = "ru"
    # A Russian question: a Russian card with Russian buttons.
    [card] = await say(fake, RU_USER, "какие страны входят в Пражский процесс?")
    assert "Пражский процесс" in card["text"] and "Участники" in card["text"]
    assert {"Обзор", "Цели", "🏠 Главная"} <= set(labels(card))
    # Pressing a button keeps Russian.
    aims = await click(fake, card, data_of(card, "Цели"))
    assert "Цели:" in aims["text"] and "🏠 Главная" in labels(aims)
    # An unclear question: the language of the user's app.
    [project] = await say(fake, RU_USER, "LM.0024")
    assert "LM.0024" in project["text"] and "Бюджет" in str(labels(project))

    # /language: the four languages, asked in the user's language.
    [menu] = await say(fake, RU_USER, "/language")
    assert "Выберите язык" in menu["text"]
    assert labels(menu) == list(words.LANGUAGE_NAMES.values())
    chosen = await click(fake, menu, data_of(menu, "Français"))
    assert chosen["text"].startswith("Désormais je réponds en français")
    assert "reply_markup" not in chosen

    # The chat now speaks French where the question does not say otherwise…
    [french] = await say(fake, RU_USER, "LM.0024")
    assert "ID du projet" in french["text"]
    budget = await click(fake, french, data_of(french, "Budget"))
    assert "Financé par le Fonds" in budget["text"]
    # …and an English question is still answered in English.
    [english] = await say(fake, RU_USER, "budget of LM.0024")
    assert "Funded by the IOM Development Fund." in english["text"]

    # The choice sits beside the follow-up context in the chat's state.
    state = await any_store_bot.bot_data[CHAT_STATE].get(str(RU_USER))
    assert state["lang"] == "fr" and state["context"]["entity"]
    assert all(q["answered"] == 1 for q in fake.queries.values())


async def test_language_in_a_group_and_old_states(fake: FakeBotApi, bot: Any) -> None:
    [menu] = await say(fake, GROUP, "/language", user_id=77)
    assert menu["text"] == words.choose_language("en")
    assert menu["reply_to_message"]["text"] == "/language"  # quoted in groups
    chosen = await click(fake, menu, data_of(menu, "Español"))
    assert chosen["text"] == words.language_chosen("es")
    [spanish] = await say(fake, GROUP, "/ask LM.0024", user_id=77)
    assert "ID del proyecto" in spanish["text"]
    # A state stored before languages (context only) is still read: no language, English.
    store = bot.bot_data[CHAT_STATE]
    await store.put("2002", {"context": (await store.get(str(GROUP)))["context"]})
    [english] = await say(fake, 2002, "LM.0024")
    assert "Project ID" in english["text"]


async def test_an_expired_button_is_said_in_the_chats_language(fake: FakeBotApi, bot: Any) -> None:
    chat = 2005
    fake.language_codes[chat] = "ru"
    [menu] = await say(fake, chat, "/language")
    await click(fake, menu, data_of(menu, "Español"))
    [card] = await say(fake, chat, "/start lm-0024")
    query = fake.press(card, "1|o|ezzzzzzzz")  # a record the knowledge no longer holds
    await settle(fake)
    assert fake.queries[query]["text"] == words.stale_notice("es")


async def test_app_language_outside_the_list_is_english(fake: FakeBotApi, bot: Any) -> None:
    fake.language_codes[2003] = "pt-br"
    [reply] = await say(fake, 2003, "LM.0024")
    assert "Project ID" in reply["text"]
    fake.language_codes[2004] = "es-419"  # a region after the language: still Spanish
    [reply] = await say(fake, 2004, "LM.0024")
    assert "ID del proyecto" in reply["text"]


async def test_inline_answers_in_the_users_language(fake: FakeBotApi, bot: Any) -> None:
    fake.language_codes[5] = "ru"
    qid = fake.inline("LM.0024", user_id=5)
    await fake.wait_for(lambda: fake.inline_queries[qid]["answered"] == 1)
    top = fake.inline_queries[qid]["results"][0]
    assert "LM.0024" in top["input_message_content"]["message_text"]
    assert "ID проекта" in top["input_message_content"]["message_text"]
    assert top["reply_markup"]["inline_keyboard"][0][0]["text"] == words.open_in_chat("ru")
    [answer] = fake.calls_of("answerInlineQuery")
    assert answer.params["is_personal"] in (True, "true")  # results differ by language
    # A result's title names the record as the card does, in the user's language.
    qid = fake.inline("Rabat", user_id=5)
    await fake.wait_for(lambda: fake.inline_queries[qid]["answered"] == 1)
    top = fake.inline_queries[qid]["results"][0]
    assert top["title"].startswith("Рабатский процесс — ")
    assert top["title"] in top["input_message_content"]["message_text"]


async def test_command_menus_for_each_language(fake: FakeBotApi, bot: Any) -> None:
    calls = fake.calls_of("setMyCommands")
    menus = {(c.params.get("language_code", ""), str(c.params["scope"])) for c in calls}
    assert len(calls) == len(menus) == 2 * len(LANGUAGES)
    by_lang = {c.params.get("language_code", "en"): c for c in calls if "private" in str(c.params)}
    assert set(by_lang) == set(LANGUAGES)
    french = str(by_lang["fr"].params["commands"])
    assert "choisir la langue des réponses" in french and "language" in french
    assert "choose the language of answers" in str(by_lang["en"].params["commands"])


def test_language_buttons_stay_apart_from_actions() -> None:
    assert set(words.LANGUAGE_NAMES) == set(LANGUAGES)
    for code in LANGUAGES:
        data = callback.encode_language(code)
        assert len(data.encode()) <= callback.MAX_BYTES
        assert callback.decode_language(data) == code
    assert callback.decode_language("lang|pt") is None
    assert callback.decode_language("1|h") is None
    with pytest.raises(ValueError):
        callback.encode_language("pt")
