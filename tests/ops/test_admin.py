"""Admin commands through the fake Bot API: /reload, /inbox, /stats; others never see them."""

from __future__ import annotations

import importlib.util
import itertools
import shutil
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from migbot.assistant import Assistant
from migbot.knowledge.loader import default_knowledge_dir
from migbot.ops import metrics as metrics_mod
from migbot.ops.holder import AssistantHolder

_TG = Path(__file__).resolve().parent.parent / "telegram"
if "telegram_conftest" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("telegram_conftest", _TG / "conftest.py")
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["telegram_conftest"] = _module
    _spec.loader.exec_module(_module)
tg = sys.modules["telegram_conftest"]

from tgfake import FakeBotApi  # noqa: E402
from tgfake.driver import click, data_of, say, settle  # noqa: E402

spec, fake, no_token_in_logs = tg.spec, tg.fake, tg.no_token_in_logs
ADMIN = 4242


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    root = default_knowledge_dir()
    for name in ("dialogues/eu-south-caucasus-cluster-process.yaml", "projects/lm-0024.yaml"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name, target / name)
    shutil.copyfile(root / "intents.yaml", target / "intents.yaml")
    shutil.copytree(root / "lang", target / "lang")
    return target


@pytest.fixture
async def admin_bot(
    fake: FakeBotApi, knowledge: Path, tmp_path: Path, no_token_in_logs: None
) -> AsyncIterator[tuple[Any, AssistantHolder]]:
    holder = AssistantHolder(Assistant.load(knowledge), knowledge)
    settings = tg.make_settings(fake, tmp_path, admins=[ADMIN])
    application = tg.attach(fake, tg.build_application(settings, holder))
    async with tg.running(application):
        yield application, holder
        fake.release_polls()


async def test_reload_reports_problems_and_keeps_serving(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder], knowledge: Path
) -> None:
    _, holder = admin_bot
    [reply] = await say(fake, ADMIN, "/reload")
    assert reply["text"] == "reloaded: 2 records"

    serving = holder.current
    record = knowledge / "projects" / "lm-0024.yaml"
    record.write_text(record.read_text().replace("id: lm-0024", "id: lm-0024\nbudgett: 5", 1))
    [reply] = await say(fake, ADMIN, "/reload")
    assert reply["text"].startswith("reload refused, old knowledge still serving: 1 problem\n")
    line = 1 + record.read_text().splitlines().index("budgett: 5")
    assert f"knowledge/projects/lm-0024.yaml:{line}: budgett: unknown field" in reply["text"]
    assert holder.current is serving
    [answer] = await say(fake, ADMIN, "budget of LM.0024")  # still answered
    assert "LM.0024" in answer["text"]


async def test_admin_commands_are_invisible_to_others(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder]
) -> None:
    _, holder = admin_bot
    start = holder.current
    for command in ("/reload", "/inbox", "/stats"):
        replies = await say(fake, 777, command)
        # The ordinary handlers answer (help or "unknown command"), never admin output.
        assert all("reloaded" not in m["text"] and "unanswered" not in m["text"] for m in replies)
    assert holder.current is start


async def test_inbox_and_stats(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder], tmp_path: Path
) -> None:
    _, holder = admin_bot
    for chat in (501, 502):
        await say(fake, chat, "How do I renew my <b>passport</b> in Lisbon?")
    await say(fake, 503, "budget of LM.0024")
    [inbox] = await say(fake, ADMIN, "/inbox")
    assert inbox["text"].startswith("2 unanswered questions in 1 group, most frequent first:")
    assert '2×  "How do I renew my <b>passport</b> in Lisbon?"' in inbox["text"]
    assert "2 chats; out_of_scope 2; last " in inbox["text"]
    raw = (tmp_path / "inbox.sqlite3").read_bytes()
    assert b"User501" not in raw and b"501" not in raw.split(b"passport")[0][-200:]

    [stats] = await say(fake, ADMIN, "/stats")
    assert "questions: 3" in stats["text"] and "out of scope: 2 (67%)" in stats["text"]
    assert "inbox: 2 unanswered" in stats["text"]
    body, _ = metrics_mod.exposition(holder)
    assert b'migbot_questions_total{intent="out_of_scope"} 2.0' in body


async def test_none_of_these_lands_in_the_inbox(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder]
) -> None:
    _, holder = admin_bot
    # Find a question the assistant answers with a clarification offering "None of these".
    for question in ("cluster", "budget", "members", "Georgia", "dates", "caucasus"):
        offered = holder.current.ask(question)
        if offered.intent == "clarify" and any(a.kind == "none" for a in offered.actions()):
            break
    else:
        pytest.skip("no clarification among the probe questions with this knowledge")
    [offer] = await say(fake, 601, question)
    await click(fake, offer, data_of(offer, "none"))
    [inbox] = await say(fake, ADMIN, "/inbox")
    assert "none_of_these 1" in inbox["text"]


_MESSAGE_IDS = itertools.count(9000)


def _command(fake: FakeBotApi, chat_id: int, text: str, **extra: Any) -> dict[str, Any]:
    """A message from the admin carrying ``text`` as a command, with ``extra`` fields."""
    fake.chat(chat_id, "private" if chat_id > 0 else "supergroup")
    return {
        "message_id": next(_MESSAGE_IDS),
        "date": int(time.time()),
        "chat": fake.chats[chat_id],
        "from": fake.user(ADMIN),
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        **extra,
    }


async def test_admin_commands_in_a_group_show_nothing_and_reload_nothing(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder]
) -> None:
    _, holder = admin_bot
    await say(fake, 501, "How do I renew my passport in Lisbon?")  # an inbox entry
    start = holder.current
    group = -100777
    for command in ("/inbox", "/stats", "/reload", "/inbox@MigTestBot", "/reload@MigTestBot"):
        await say(fake, group, command, user_id=ADMIN)
    assert fake.bot_messages(group) == []  # nobody in the group sees the inbox
    assert holder.current is start
    [stats] = await say(fake, ADMIN, "/stats")  # the same admin, privately: it works
    assert "inbox: 1 unanswered" in stats["text"]


async def test_edited_and_forwarded_admin_commands_do_not_run(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder]
) -> None:
    _, holder = admin_bot
    start = holder.current
    now = int(time.time())
    origin = {"type": "user", "date": now, "sender_user": fake.user(ADMIN)}
    for text in ("/reload", "/stats", "/inbox"):
        fake.raw_update({"edited_message": _command(fake, ADMIN, text, edit_date=now)})
        fake.raw_update({"message": _command(fake, ADMIN, text, forward_origin=origin)})
    await settle(fake)
    assert holder.current is start
    admin_output = ("reloaded", "questions:", "unanswered", "inbox is off")
    for message in fake.bot_messages(ADMIN):  # forwarded ones get the ordinary help
        assert not any(word in message["text"] for word in admin_output), message["text"]
    [reply] = await say(fake, ADMIN, "/reload")  # a new message still works
    assert reply["text"] == "reloaded: 2 records" and holder.current is not start


async def test_reload_losing_records_needs_force(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder], knowledge: Path
) -> None:
    _, holder = admin_bot
    serving = holder.current
    shutil.rmtree(knowledge / "projects")  # 1 of 2 records gone: valid, but half of it
    [reply] = await say(fake, ADMIN, "/reload")
    assert reply["text"].startswith("reload refused, old knowledge still serving")
    assert "would drop 1 of 2 records" in reply["text"] and "/reload force" in reply["text"]
    assert holder.current is serving
    [reply] = await say(fake, ADMIN, "/reload force")
    assert reply["text"] == "reloaded: 1 record"
    assert len(holder.current.kb.records) == 1


async def test_an_admin_reads_the_ops_side_in_their_language(
    fake: FakeBotApi, admin_bot: tuple[Any, AssistantHolder], knowledge: Path
) -> None:
    _, holder = admin_bot
    fake.language_codes[ADMIN] = "fr"
    for chat in (501, 502):
        await say(fake, chat, "How do I renew my passport in Lisbon?")
    [inbox] = await say(fake, ADMIN, "/inbox")
    assert inbox["text"].startswith("2 questions sans réponse dans 1 groupe")
    assert "2 conversations\u00a0; out_of_scope 2\u00a0; dernière fois le " in inbox["text"]
    [stats] = await say(fake, ADMIN, "/stats")
    assert "fiches" in stats["text"].splitlines()[0]  # "en service depuis 0 min 1 s, 2 fiches"
    assert "questions\u00a0: 2, boutons pressés\u00a0: " in stats["text"]  # /help: a press
    assert "hors sujet\u00a0: 2 (100\u00a0%)" in stats["text"]  # Babel's French percent
    assert "boîte de réception\u00a0: 2 sans réponse" in stats["text"]
    assert "questions: " not in stats["text"] and "errors" not in stats["text"]

    # The chat's /language choice wins over the app's, as for every answer.
    [menu] = await say(fake, ADMIN, "/language")
    await click(fake, menu, data_of(menu, "Русский"))
    shutil.rmtree(knowledge / "projects")
    [refused] = await say(fake, ADMIN, "/reload")
    assert refused["text"].startswith("перезагрузка отклонена, работает прежняя база знаний: 1")
    assert "удалено было бы: 1 из 2 записей (более 20\u00a0%" in refused["text"]
    assert "/reload force" in refused["text"]
    [forced] = await say(fake, ADMIN, "/reload force")
    assert forced["text"] == "перезагружено: 1 запись"
    assert holder.current.kb.records.keys() == {"eu-south-caucasus-cluster-process"}


async def test_a_switched_off_inbox_is_said_in_the_admins_language(
    fake: FakeBotApi, knowledge: Path, tmp_path: Path, no_token_in_logs: None
) -> None:
    holder = AssistantHolder(Assistant.load(knowledge), knowledge)
    settings = tg.make_settings(fake, tmp_path, admins=[ADMIN], inbox="off")
    fake.language_codes[ADMIN] = "es"
    application = tg.attach(fake, tg.build_application(settings, holder))
    async with tg.running(application):
        [reply] = await say(fake, ADMIN, "/inbox")
        fake.release_polls()
    assert reply["text"] == "La bandeja de entrada está desactivada (MIGBOT_INBOX=off)."
