"""Callback codec, HTML splitting, settings and `migbot run` start-up, fake server strictness."""

from __future__ import annotations

import argparse
import json
from typing import Any

import aiohttp
import pytest
from conftest import TOKEN
from telegram import InlineKeyboardMarkup
from tgfake import NOT_MODIFIED, FakeBotApi, Spec
from tgfake.tghtml import HtmlError, parse

from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.telegram import callback, render, run
from migbot.telegram.settings import Settings, SettingsError

LONG_ID = "eu-south-caucasus-cluster-process"


# --- callback data ----------------------------------------------------------------------


def test_every_action_of_every_record_round_trips(assistant: Assistant) -> None:
    kb = assistant.kb
    for rid in kb.records:
        for section in kb.intent_table.sections:
            for page in (0, 7, 999):
                action = Action(kind="open", entity=rid, section=section, page=page)
                data = callback.encode(action, kb)
                assert data is not None and len(data.encode()) <= 64
                assert callback.decode(data, kb) == action
    for action in (
        Action(kind="home"),
        Action(kind="help"),
        Action(kind="none"),
        Action(kind="country", country="GE", page=2),
        Action(kind="choose", intent="budget", entity="lm-0024"),
        Action(kind="list", filters=(("kind", "project"), ("region", "Europe")), page=3),
        Action(kind="list", filters=(("project_type", "Labour Migration"),)),
    ):
        data = callback.encode(action, kb)
        assert data is not None and data.startswith("1|")
        assert callback.decode(data, kb) == action


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "1",
        "1|",
        "0|h",
        "2|h",
        "1|h|p0",
        "1|h|p01",
        "1|o|e",
        "1|o|s1",
        "1|q",
        "1|o|eXXXXXXXX",
        "1|c|cge",
        "1|l|fz=x",
        "1|l|ft~zzzzzz",
        "1|h|p1000",
        "1|h|p²",
        "1|h" + "|p1" * 30,
    ],
)
def test_forged_data_is_rejected(assistant: Assistant, data: str | None) -> None:
    assert callback.decode(data, assistant.kb) is None


def test_unknown_entity_cannot_be_encoded(assistant: Assistant) -> None:
    assert callback.encode(Action(kind="open", entity="no-such"), assistant.kb) is None


def test_encoding_is_remembered_per_knowledge_and_bounded(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = assistant.kb
    keys = callback.keys_for(kb)
    action = Action(kind="open", entity="lm-0024", section="budget")
    data = callback.encode(action, kb)
    assert data is not None and keys.encoded[action] == data
    keys.encoded[action] = "1|h"  # a planted entry proves the second call reads the table
    assert callback.encode(action, kb) == "1|h"
    missing = Action(kind="open", entity="no-such")
    assert callback.encode(missing, kb) is None and keys.encoded[missing] is None
    # Another knowledge base gets its own table: the planted entry does not leak into it.
    reloaded = Assistant.load().kb
    assert callback.encode(action, reloaded) == data
    monkeypatch.setattr(callback, "ENCODED_MAX", 3)
    for page in range(10):
        assert callback.encode(Action(kind="home", page=page), reloaded) is not None
        assert len(callback.keys_for(reloaded).encoded) <= 3


# --- HTML splitting ---------------------------------------------------------------------


def test_long_html_splits_at_lines_and_every_part_parses() -> None:
    lines = [f"<b>Item {i}</b> — <i>{'x' * 50} &amp; y</i>" for i in range(400)]
    markup = "<blockquote>" + "\n".join(lines) + "</blockquote>\n😀 done"
    parts = render.split_html(markup)
    assert len(parts) > 1
    for part in parts:
        text = parse(part)
        assert 1 <= render.utf16_len(text.strip()) <= 4096
    assert "".join(parse(p) for p in parts).replace("\n", "") == parse(markup).replace("\n", "")


def test_one_huge_line_is_cut_without_breaking_entities() -> None:
    markup = "&lt;" * 5000
    parts = render.split_html(markup)
    assert all(parse(p) for p in parts)
    assert "".join(parse(p) for p in parts) == "<" * 5000


def test_strict_html_parser() -> None:
    assert parse("<b>a</b> &lt;&amp;&#33;") == "a <&!"
    for bad in ("<b>a", "<x>a</x>", "a</b>", "<b><i>a</b></i>", "&nbsp;", "<span>a</span>"):
        with pytest.raises(HtmlError):
            parse(bad)


def test_a_reply_renders_once_per_knowledge(assistant: Assistant) -> None:
    reply = assistant.press(Action(kind="open", entity="lm-0024"))
    first = render.rendered(reply, assistant.kb)
    assert render.rendered(reply, assistant.kb) is first
    assert first.parts == tuple(render.split_html(reply.html))
    assert first.keyboard is not None
    # The hand-written wire form is what PTB itself would send for that keyboard, and each
    # button's data decodes back to the button's action.
    wire = first.keyboard.wire
    assert InlineKeyboardMarkup.de_json(wire, None).to_dict() == wire
    buttons = [b for row in reply.buttons for b in row]
    sent = [b for row in wire["inline_keyboard"] for b in row]
    assert [b.label for b in buttons] == [b["text"] for b in sent]
    for button, out in zip(buttons, sent, strict=True):
        if button.action is not None:
            # A press keeps the reply's language (issue 13).
            spoken = button.action.model_copy(update={"lang": reply.lang})
            assert callback.decode(out["callback_data"], assistant.kb) == spoken
    # An equal reply that is another object, and the same reply after a reload: rendered anew.
    twin = reply.model_copy()
    assert render.rendered(twin, assistant.kb) is not first
    reloaded = Assistant.load().kb
    again = render.rendered(reply, reloaded)
    assert again is not first and again == first  # same knowledge, so the same messages


# --- settings and start-up --------------------------------------------------------------


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("MIGBOT_ADMINS", "1, 22,333")
    monkeypatch.setenv("MIGBOT_WEBHOOK_PORT", "9000")
    monkeypatch.setenv("MIGBOT_CONCURRENT_UPDATES", "12")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.concurrent_updates == 12
    assert settings.bot_token() == TOKEN
    assert settings.admins == [1, 22, 333]
    assert settings.webhook_port == 9000
    assert settings.api_base_url == "https://api.telegram.org/bot"


@pytest.mark.parametrize("token", [None, "", "not-a-token", "123:abc def", "abc:123"])
def test_run_without_a_valid_token_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
    token: str | None,
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    if token is not None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert run.main(argparse.Namespace(watch=False)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "token" in err
    if token:
        assert token not in err


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_run_with_a_bad_concurrency_names_the_setting_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("MIGBOT_CONCURRENT_UPDATES", value)
    assert run.main(argparse.Namespace(watch=False)) == 2
    err = capsys.readouterr().err
    assert err.strip() == "migbot run: invalid settings: MIGBOT_CONCURRENT_UPDATES"


def test_settings_error_never_echoes_the_token() -> None:
    with pytest.raises(SettingsError) as info:
        Settings.of(token="12345:bad token!").bot_token()
    assert "bad token" not in str(info.value)


# --- the fake server is strict ----------------------------------------------------------


async def call(fake: FakeBotApi, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}{TOKEN}/{method}", json=params) as r,
    ):
        return r.status, await r.json()


async def test_fake_server_checks_the_spec(fake: FakeBotApi, need_spec: Spec) -> None:
    fake.chat(5)
    status, body = await call(fake, "sendMessage", chat_id=5, text="hi", colour="red")
    assert status == 400 and body["ok"] is False and "unknown parameter" in body["description"]
    status, body = await call(fake, "sendMessage", chat_id=5)
    assert status == 400 and "text is required" in body["description"]
    status, body = await call(fake, "sendMessage", chat_id=5, text=12)
    assert status == 400 and body["error_code"] == 400
    status, body = await call(fake, "sendMessage", chat_id=5, text="x", reply_markup={"x": 1})
    assert status == 400
    status, body = await call(fake, "sendMesage", chat_id=5, text="x")
    assert status == 404


async def test_fake_server_enforces_telegram_limits(fake: FakeBotApi) -> None:
    fake.chat(5)
    status, body = await call(fake, "sendMessage", chat_id=5, text="<b>x", parse_mode="HTML")
    assert body["description"].startswith("Bad Request: can't parse entities")
    status, body = await call(fake, "sendMessage", chat_id=5, text="x" * 4097)
    assert body["description"] == "Bad Request: message is too long"
    status, body = await call(fake, "sendMessage", chat_id=5, text="  ")
    assert body["description"] == "Bad Request: message text is empty"
    button = {"text": "b", "callback_data": "x" * 65}
    status, body = await call(
        fake, "sendMessage", chat_id=5, text="x", reply_markup={"inline_keyboard": [[button]]}
    )
    assert body["description"] == "Bad Request: BUTTON_DATA_INVALID"
    status, body = await call(fake, "sendMessage", chat_id=5, text="same")
    assert status == 200
    message_id = body["result"]["message_id"]
    status, body = await call(
        fake, "editMessageText", chat_id=5, message_id=message_id, text="same"
    )
    assert body["description"] == NOT_MODIFIED
    qid = fake.press(body_message := fake.bot_messages(5)[-1], "1|h")
    assert body_message
    assert (await call(fake, "answerCallbackQuery", callback_query_id=qid))[0] == 200
    assert (await call(fake, "answerCallbackQuery", callback_query_id=qid))[0] == 400
    iq = fake.inline("x")
    results = [
        {
            "type": "article",
            "id": str(i),
            "title": "t",
            "input_message_content": {"message_text": "m"},
        }
        for i in range(51)
    ]
    status, body = await call(fake, "answerInlineQuery", inline_query_id=iq, results=results)
    assert body["description"] == "Bad Request: RESULTS_TOO_MUCH"
    results = [{**results[0], "id": "x" * 65}]
    status, body = await call(fake, "answerInlineQuery", inline_query_id=iq, results=results)
    assert body["description"] == "Bad Request: RESULT_ID_INVALID"


async def test_fake_server_faults(fake: FakeBotApi) -> None:
    fake.fault("getMe", "429", retry_after=3)
    status, body = await call(fake, "getMe")
    assert status == 429 and body["parameters"] == {"retry_after": 3}
    fake.fault("getMe", "5xx", status=502)
    assert (await call(fake, "getMe"))[0] == 502
    fake.fault("getMe", "drop")
    with pytest.raises(aiohttp.ClientError):
        await call(fake, "getMe")
    assert (await call(fake, "getMe"))[0] == 200
    assert json.dumps(fake.calls[-1].params) == "{}"
