"""Scenario 1 (drill-down by buttons) and 4 (inline mode, deep link) over real HTTP."""

from __future__ import annotations

from typing import Any

from tgfake import BOT_USERNAME, NOT_MODIFIED, FakeBotApi
from tgfake.driver import buttons, click, data_of, say

CLUSTER = "eu-south-caucasus-cluster-process"


async def press_all(fake: FakeBotApi, message: dict[str, Any]) -> None:
    """Press every callback button of ``message``'s keyboard, restoring it after each."""
    original = [b["callback_data"] for b in buttons(message) if "callback_data" in b]
    for data in original:
        edited = await click(fake, message, data)
        assert edited["text"]
    assert not [c for c in fake.calls if c.description == NOT_MODIFIED]


async def test_start_menu_and_drill_down(fake: FakeBotApi, bot: Any) -> None:
    chat = 1001
    [home] = await say(fake, chat, "/start")
    assert "Dialogues" in str(home["reply_markup"]) and "Projects" in str(home["reply_markup"])
    assert fake.calls_of("setMyCommands")

    card = await click(fake, home, data_of(home, "Cluster"))
    assert "Cluster Process" in card["text"]
    members = await click(fake, card, data_of(card, "Members"))
    assert "Georgia" in members["text"]
    meetings = await click(fake, members, data_of(members, "Meetings"))
    assert "Meeting" in meetings["text"] or "meeting" in meetings["text"]
    back = await click(fake, meetings, data_of(meetings, "Back"))
    assert "Cluster Process" in back["text"]
    home_again = await click(fake, back, data_of(back, "Home"))
    assert data_of(home_again, "Dialogues")

    project = await click(fake, home_again, data_of(home_again, "LM.0024"))
    assert "LM.0024" in project["text"]
    budget = await click(fake, project, data_of(project, "Budget"))
    assert "64,240" in budget["text"] or "64240" in budget["text"]

    # Every keyboard met on the way: each of its buttons pressed at least once.
    for start in ("/start", "/dialogues", "/projects"):
        [message] = await say(fake, chat, start)
        await press_all(fake, message)
    [card_msg] = await say(fake, chat, f"/start {CLUSTER}")
    await press_all(fake, card_msg)
    [project_msg] = await say(fake, chat, "/start lm-0024")
    await press_all(fake, project_msg)

    # Every callback query answered exactly once; no edit refused.
    assert all(q["answered"] == 1 for q in fake.queries.values())
    assert not [c for c in fake.calls if not c.ok and c.method != "getUpdates"]


async def test_pressing_the_current_view_does_not_edit(fake: FakeBotApi, bot: Any) -> None:
    [home] = await say(fake, 1002, "/menu")
    edits = len(fake.calls_of("editMessageText", ok=None))
    same = await click(fake, home, "1|h")
    assert same["text"] == home["text"]
    assert len(fake.calls_of("editMessageText", ok=None)) == edits  # skipped, not refused


async def test_commands_help_dialogues_projects(fake: FakeBotApi, bot: Any) -> None:
    [help_msg] = await say(fake, 1003, "/help")
    assert "/ask" in help_msg["text"] or "ask" in help_msg["text"].lower()
    assert "/language chooses the language of my answers." in help_msg["text"]
    [dialogues] = await say(fake, 1003, "/dialogues")
    assert "Dialogues" in dialogues["text"] and "Bali Process" in dialogues["text"]
    [projects] = await say(fake, 1003, "/projects")
    assert "Projects" in projects["text"] and "Page 1 of" in projects["text"]


async def test_deep_link_opens_the_record(fake: FakeBotApi, bot: Any) -> None:
    [card] = await say(fake, 1004, "/start lm-0024")
    assert "LM.0024" in card["text"] and "Budget" in str(card["reply_markup"])
    [menu] = await say(fake, 1004, "/start no-such-record")
    assert data_of(menu, "Projects")


async def test_inline_query_pages_and_deep_links(fake: FakeBotApi, bot: Any) -> None:
    query_id = fake.inline("")
    await fake.wait_for(lambda: fake.inline_queries[query_id]["answered"] == 1)
    first = fake.inline_queries[query_id]
    assert len(first["results"]) == 50 and first["next_offset"] == "50"
    seen = [r["id"] for r in first["results"]]
    offset = first["next_offset"]
    while offset:
        qid = fake.inline("", offset=offset)
        await fake.wait_for(lambda qid=qid: fake.inline_queries[qid]["answered"] == 1)
        page = fake.inline_queries[qid]
        seen += [r["id"] for r in page["results"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == len(bot.bot_data["migbot.holder"].current.kb.records)

    qid = fake.inline("cluster")
    await fake.wait_for(lambda: fake.inline_queries[qid]["answered"] == 1)
    results = fake.inline_queries[qid]["results"]
    top = results[0]
    assert "Cluster" in top["title"]
    link = top["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert link == f"https://t.me/{BOT_USERNAME}?start={CLUSTER}"
    assert "Cluster" in top["input_message_content"]["message_text"]
