"""The 🗺 Map button over real HTTP: a photo uploaded once (multipart, checked against the
Bot API spec), then re-sent by its file_id."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from tgfake import FakeBotApi, Upload
from tgfake.driver import buttons, click, data_of, say

from migbot.assistant import Assistant
from migbot.maps.spec import MapSpec, has_map
from migbot.telegram import photos
from migbot.telegram.render import utf16_len

PNG = b"\x89PNG\r\n\x1a\n"


def photos_in(fake: FakeBotApi, chat: int) -> list[dict[str, Any]]:
    return [m for m in fake.bot_messages(chat) if "photo" in m]


async def test_members_map_is_uploaded_once_then_resent_by_file_id(
    fake: FakeBotApi, bot: Any
) -> None:
    chat = 3101
    [answer] = await say(fake, chat, "who are the members of the Bali Process?")
    data = data_of(answer, "Map")

    after = await click(fake, answer, data)
    assert after["text"] == answer["text"]  # the list stays; the map comes as a photo
    [first] = photos_in(fake, chat)
    [upload_call] = fake.calls_of("sendPhoto")
    assert not upload_call.json_body  # multipart/form-data
    upload = upload_call.params["photo"]
    assert isinstance(upload, Upload) and upload.data.startswith(PNG)
    assert len(upload.data) < 200 * 1024
    assert first["photo"][0]["width"] == 1280 and first["photo"][0]["height"] == 720
    assert "Bali Process" in first["caption"] and "\n" not in first["caption"]

    await click(fake, answer, data)
    second = photos_in(fake, chat)[-1]
    assert len(fake.uploads) == 1  # nothing drawn or uploaded again
    resend = fake.calls_of("sendPhoto")[-1]
    assert resend.json_body and resend.params["photo"] == first["photo"][0]["file_id"]
    assert second["photo"] == first["photo"] and second["caption"] == first["caption"]
    assert all(q["answered"] == 1 for q in fake.queries.values())
    assert not [c for c in fake.calls if not c.ok and c.method != "getUpdates"]


async def test_country_map_and_project_map(fake: FakeBotApi, bot: Any) -> None:
    chat = 3102
    [answer] = await say(fake, chat, "what does Armenia take part in?")
    await click(fake, answer, data_of(answer, "Map"))
    [photo] = photos_in(fake, chat)
    assert photo["caption"].startswith("Armenia takes part in")

    [project] = await say(fake, chat, "beneficiaries of LM.0024")
    await click(fake, project, data_of(project, "Map"))
    assert "LM.0024" in photos_in(fake, chat)[-1]["caption"]
    assert len(fake.uploads) == 2


async def test_map_in_a_group_quotes_the_answer(fake: FakeBotApi, bot: Any) -> None:
    group = -3103
    [answer] = await say(fake, group, "/ask members of the Rabat Process")
    await click(fake, answer, data_of(answer, "Map"))
    [photo] = photos_in(fake, group)
    assert photo["reply_to_message"]["message_id"] == answer["message_id"]


async def test_records_without_countries_have_no_map_button(
    fake: FakeBotApi, bot: Any, assistant: Assistant
) -> None:
    bare = [r for r in assistant.kb.records.values() if not has_map(r)]
    assert bare, "the bundled knowledge has records without countries"
    [answer] = await say(fake, 3104, f"/start {bare[0].id}")
    members = [b for b in buttons(answer) if b["text"] in ("Members", "Beneficiaries")]
    if members:  # a members page of organisations only
        answer = await click(fake, answer, members[0]["callback_data"])
    assert not [b for b in buttons(answer) if "Map" in b["text"]]


async def test_forged_map_data_is_stale(fake: FakeBotApi, bot: Any) -> None:
    chat = 3105
    [answer] = await say(fake, chat, "/menu")
    query = fake.press(answer, "1|m")  # a map of nothing
    await say(fake, chat, "/help")
    assert fake.queries[query]["answered"] == 1 and fake.queries[query]["text"]
    assert not photos_in(fake, chat) and not fake.calls_of("sendPhoto", ok=None)


async def test_a_forgotten_file_id_is_uploaded_again(fake: FakeBotApi, bot: Any) -> None:
    chat = 3106
    [answer] = await say(fake, chat, "beneficiaries of LM.0024")
    data = data_of(answer, "Map")
    await click(fake, answer, data)
    fake.files.clear()  # Telegram no longer knows the photo (another token, a purge)
    await click(fake, answer, data)
    refused, again = fake.calls_of("sendPhoto", ok=None)[-2:]
    assert not refused.ok and refused.json_body and isinstance(again.params["photo"], Upload)
    assert len(photos_in(fake, chat)) == 2 and len(fake.uploads) == 2


async def test_the_fake_refuses_what_telegram_refuses(fake: FakeBotApi, bot: Any) -> None:
    from telegram import InputFile
    from telegram.error import BadRequest

    fake.chat(3107)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.bot.send_photo(3107, "AgACAgPhoto-never-uploaded")
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.bot.send_photo(3107, InputFile(b"not a picture", filename="x.png"))
    assert not fake.uploads and not photos_in(fake, 3107)


async def test_a_russian_chat_gets_a_russian_map_of_its_own(fake: FakeBotApi, bot: Any) -> None:
    russian, english = 3108, 3109
    fake.language_codes[russian] = "ru"
    [answer] = await say(fake, russian, "члены Рабатского процесса")
    await click(fake, answer, data_of(answer, "Карта"))
    [photo] = photos_in(fake, russian)
    assert photo["caption"].startswith("Рабатский процесс — ")
    assert photo["caption"].endswith("Государства-члены (15)")
    [upload] = fake.uploads
    assert upload.filename == "record-rabat-process-ru.png"

    # The same map for an English chat is another picture, not the Russian one re-sent.
    [answer] = await say(fake, english, "members of the Rabat Process")
    await click(fake, answer, data_of(answer, "Map"))
    [photo] = photos_in(fake, english)
    assert photo["caption"].endswith("Member States (15)") and len(fake.uploads) == 2


async def test_captions_are_escaped_and_cut_to_telegrams_limit(
    fake: FakeBotApi, bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = 3110
    [answer] = await say(fake, chat, "members of the Rabat Process")
    real = photos.map_for

    def long_caption(*args: Any) -> MapSpec | None:
        spec = real(*args)
        caption = "Trafficking <& smuggling> " + "🗺 & é " * 400
        return dataclasses.replace(spec, caption=caption) if spec is not None else None

    monkeypatch.setattr(photos, "map_for", long_caption)
    await click(fake, answer, data_of(answer, "Map"))
    [sent] = fake.calls_of("sendPhoto")
    assert sent.params["parse_mode"] == "HTML"
    [photo] = photos_in(fake, chat)  # the fake parsed it as Telegram does, and counted it
    assert photo["caption"].startswith("Trafficking <& smuggling> 🗺 & é")
    assert photo["caption"].endswith("…") and utf16_len(photo["caption"]) <= photos.CAPTION_MAX


def test_caption_html() -> None:
    assert photos.caption_html("A & B <c>") == "A &amp; B &lt;c&gt;"
    cut = photos.caption_html("🗺" * 2000)
    assert cut.endswith("…") and utf16_len(cut) <= photos.CAPTION_MAX
    assert photos.caption_html("x" * photos.CAPTION_MAX) == "x" * photos.CAPTION_MAX
