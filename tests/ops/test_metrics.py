"""Metrics count exchanges by intent, and expose them in Prometheus text format."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from migbot.answers.reply import Action
from migbot.ops import metrics as metrics_mod
from migbot.ops.holder import AssistantHolder


def _samples(body: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    result = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            result[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return result


def test_counts_and_exposition(holder: AssistantHolder) -> None:
    metrics = metrics_mod.attach(holder)
    assert metrics_mod.attach(holder) is metrics  # one set per holder
    holder.ask("budget of LM.0024")
    holder.ask("budget please")
    holder.ask("which one")
    holder.ask("weather?")
    holder.press(Action(kind="none"))
    holder.press(Action(kind="home"))
    metrics.error("update")

    body, content_type = metrics_mod.exposition(holder)
    assert content_type.startswith("text/plain; version=0.0.4")
    s = _samples(body)
    assert s[("migbot_questions_total", (("intent", "budget"),))] == 2
    assert s[("migbot_questions_total", (("intent", "clarify"),))] == 1
    assert s[("migbot_questions_total", (("intent", "out_of_scope"),))] == 1
    assert s[("migbot_clarifications_total", ())] == 1
    assert s[("migbot_out_of_scope_total", ())] == 1
    assert s[("migbot_none_of_these_total", ())] == 1
    assert s[("migbot_button_presses_total", (("kind", "home"),))] == 1
    assert s[("migbot_errors_total", (("where", "update"),))] == 1
    assert s[("migbot_answer_seconds_count", (("kind", "question"),))] == 4
    assert s[("migbot_answer_seconds_count", (("kind", "press"),))] == 2
    assert s[("migbot_knowledge_records", ())] == len(holder.current.kb.records)


def test_private_registries_do_not_clash(holder: AssistantHolder, knowledge: object) -> None:
    other = AssistantHolder(holder.current, holder.path)
    metrics_mod.attach(holder)
    metrics_mod.attach(other)  # the global registry would raise "Duplicated timeseries"
    holder.ask("weather?")
    assert b"migbot_out_of_scope_total 1.0" in metrics_mod.exposition(holder)[0]
    assert b"migbot_out_of_scope_total 0.0" in metrics_mod.exposition(other)[0]


def test_summary(holder: AssistantHolder) -> None:
    assert "questions: 0" in metrics_mod.summary(holder)
    for text in ("budget", "weather", "weather again", "which"):
        holder.ask(text)
    text = metrics_mod.summary(holder)
    assert "questions: 4, button presses: 0" in text
    assert "out of scope: 2 (50%), clarifications: 1" in text
    assert "by intent: out_of_scope 2, budget 1, clarify 1" in text
    assert "answer time (last 4): p50 " in text
    assert "errors: 0" in text
