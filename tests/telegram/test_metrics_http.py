"""``GET /metrics`` over real HTTP: the webhook server's Prometheus route counts what users did.

The bot runs in webhook mode against the strict fake Bot API (the ``hooked`` fixture);
questions and a button press go through the fake, then the exposition is fetched with
aiohttp and parsed with prometheus-client's own text parser.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from tgfake import FakeBotApi
from tgfake.driver import SENTINEL_CHAT, click, data_of, say

from migbot.ops.holder import AssistantHolder

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(base: str) -> tuple[int, str, Samples]:
    """GET /metrics: (status, content type, {(sample name, sorted labels): value})."""
    async with aiohttp.ClientSession() as session, session.get(f"{base}/metrics") as r:
        status, content_type, body = r.status, r.headers["Content-Type"], await r.text()
    samples: Samples = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return status, content_type, samples


async def test_metrics_over_http_count_questions_and_presses(
    fake: FakeBotApi, hooked: tuple[Any, str], holder: AssistantHolder
) -> None:
    _, base = hooked
    status, content_type, before = await scrape(base)
    assert status == 200
    assert content_type.startswith("text/plain; version=0.0.4")
    assert before.get(("migbot_questions_total", (("intent", "budget"),)), 0) == 0

    await say(fake, 71_001, "budget of LM.0024")
    await say(fake, 71_001, "what is the weather tomorrow?")
    [home] = await say(fake, 71_002, "/start")
    card = await click(fake, home, data_of(home, "LM.0024"))
    assert "LM.0024" in card["text"]
    # Every say/click waits on a /help in a chat of the driver's own: presses of kind "help".
    helps = len(fake.bot_messages(SENTINEL_CHAT))
    assert helps >= 4

    status, content_type, s = await scrape(base)
    assert status == 200
    assert content_type.startswith("text/plain; version=0.0.4")
    assert s[("migbot_questions_total", (("intent", "budget"),))] == 1
    assert s[("migbot_questions_total", (("intent", "out_of_scope"),))] == 1
    assert sum(v for (name, _), v in s.items() if name == "migbot_questions_total") == 2
    assert s[("migbot_out_of_scope_total", ())] == 1
    assert s[("migbot_button_presses_total", (("kind", "home"),))] == 1
    assert s[("migbot_button_presses_total", (("kind", "open"),))] == 1
    assert s[("migbot_button_presses_total", (("kind", "help"),))] == helps
    assert s[("migbot_answer_seconds_count", (("kind", "question"),))] == 2
    assert s[("migbot_answer_seconds_count", (("kind", "press"),))] == 2 + helps
    assert s[("migbot_knowledge_records", ())] == len(holder.current.kb.records)
    # Every update arrived over the webhook and was accepted.
    assert fake.webhook_log and all(code == 200 for code, _ in fake.webhook_log)
