"""Metrics of the running bot: Prometheus counters on a private registry, and a short summary.

``attach(holder)`` adds an observer counting every exchange; ``exposition(holder)`` returns the
``/metrics`` body and content type for the webhook server; ``summary(holder)`` is the admin
``/stats`` text. A private ``CollectorRegistry`` keeps tests and several bots in one process
apart (the global registry would refuse the second set of metric names).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import deque

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

from migbot.i18n import _, ngettext, tongue
from migbot.ops.holder import AssistantHolder, Exchange

# Answers take well under a millisecond to a few; the top buckets catch pathological input.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
# The classic text format every Prometheus version scrapes (what prometheus-client serves to a
# scraper that sends no Accept header); our metric names need none of the newer escaping.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
RECENT = 1000  # latencies kept for /stats percentiles


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.questions = Counter(
            "migbot_questions", "Questions answered, by intent of the reply", ["intent"], registry=r
        )
        self.presses = Counter(
            "migbot_button_presses", "Button presses answered, by action kind", ["kind"], registry=r
        )
        self.clarifications = Counter(
            "migbot_clarifications", "Replies that offered readings to choose from", registry=r
        )
        self.out_of_scope = Counter(
            "migbot_out_of_scope", "Questions the knowledge could not answer", registry=r
        )
        self.none_of_these = Counter(
            "migbot_none_of_these", "'None of these' presses after a clarification", registry=r
        )
        self.errors = Counter(
            "migbot_errors", "Errors while handling an update", ["where"], registry=r
        )
        self.latency = Histogram(
            "migbot_answer_seconds",
            "Time to compute an answer (question or press), in seconds",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.records = Gauge("migbot_knowledge_records", "Records currently served", registry=r)
        self.reloads = Counter(
            "migbot_reloads", "Knowledge reloads, by outcome", ["outcome"], registry=r
        )
        self.started = time.time()
        self._lock = threading.Lock()
        self._recent: deque[float] = deque(maxlen=RECENT)
        self._by_intent: dict[str, int] = {}
        self._totals = {"questions": 0, "presses": 0, "clarify": 0, "out_of_scope": 0, "none": 0}
        self._errors = 0

    def __call__(self, exchange: Exchange) -> None:
        """Holder observer: count one exchange."""
        reply = exchange.reply
        with self._lock:
            self._recent.append(exchange.seconds)
            if exchange.question is not None:
                self._totals["questions"] += 1
                self._by_intent[reply.intent] = self._by_intent.get(reply.intent, 0) + 1
            else:
                self._totals["presses"] += 1
            if reply.intent == "clarify":
                self._totals["clarify"] += 1
            if exchange.question is not None and reply.intent == "out_of_scope":
                self._totals["out_of_scope"] += 1
            if exchange.action is not None and exchange.action.kind == "none":
                self._totals["none"] += 1
        if exchange.question is not None:
            self.questions.labels(reply.intent).inc()
            self.latency.labels("question").observe(exchange.seconds)
            if reply.intent == "out_of_scope":
                self.out_of_scope.inc()
        elif exchange.action is not None:
            self.presses.labels(exchange.action.kind).inc()
            self.latency.labels("press").observe(exchange.seconds)
            if exchange.action.kind == "none":
                self.none_of_these.inc()
        if reply.intent == "clarify":
            self.clarifications.inc()

    def error(self, where: str = "handler") -> None:
        with self._lock:
            self._errors += 1
        self.errors.labels(where).inc()

    def reloaded(self, ok: bool) -> None:
        self.reloads.labels("ok" if ok else "refused").inc()

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE

    def summary(self, records: int | None = None) -> str:
        """A few lines for admins, in the language being spoken: volume, intents, clarify and
        out-of-scope rates, latency. Intent labels stay as the code names them."""
        with self._lock:
            totals = dict(self._totals)
            by_intent = sorted(self._by_intent.items(), key=lambda kv: (-kv[1], kv[0]))
            recent = sorted(self._recent)
            errors = self._errors
        questions = totals["questions"]
        lines = [_uptime(time.time() - self.started, records)]
        lines.append(
            _("questions: {questions}, button presses: {presses}").format(
                questions=questions, presses=totals["presses"]
            )
        )
        if questions:
            oos = totals["out_of_scope"]
            lines.append(
                _(
                    "out of scope: {oos} ({share}), clarifications: {clarify}, "
                    "none of these: {none}"
                ).format(
                    oos=oos,
                    share=tongue().percent(oos / questions),
                    clarify=totals["clarify"],
                    none=totals["none"],
                )
            )
            intents = ", ".join(f"{i} {n}" for i, n in by_intent[:8])
            lines.append(_("by intent: {intents}").format(intents=intents))
        if recent:
            lines.append(
                _("answer time (last {n}): p50 {p50}, p99 {p99}, max {max}").format(
                    n=len(recent),
                    p50=_ms(_pct(recent, 0.5)),
                    p99=_ms(_pct(recent, 0.99)),
                    max=_ms(recent[-1]),
                )
            )
        lines.append(_("errors: {n}").format(n=errors))
        return "\n".join(lines)


def _uptime(seconds: float, records: int | None) -> str:
    uptime = _duration(seconds)
    if records is None:
        return _("up {uptime}").format(uptime=uptime)
    said = ngettext("up {uptime}, {n} record", "up {uptime}, {n} records", records)
    return said.format(uptime=uptime, n=records)


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def _ms(seconds: float) -> str:
    return _("{ms} ms").format(ms=tongue().number(round(seconds * 1000, 1)))


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        # Translators: an uptime in days and hours, abbreviated ("2d 5h").
        return _("{days}d {hours}h").format(days=days, hours=hours)
    if hours:
        # Translators: an uptime in hours and minutes, abbreviated ("5h 12m").
        return _("{hours}h {minutes}m").format(hours=hours, minutes=minutes)
    # Translators: an uptime in minutes and seconds, abbreviated ("12m 3s").
    return _("{minutes}m {seconds}s").format(minutes=minutes, seconds=secs)


_metrics: weakref.WeakKeyDictionary[AssistantHolder, Metrics] = weakref.WeakKeyDictionary()


def attach(holder: AssistantHolder) -> Metrics:
    """The metrics observing ``holder`` (created and attached once)."""
    metrics = _metrics.get(holder)
    if metrics is None:
        metrics = Metrics()
        metrics.records.set_function(lambda: len(holder.current.kb.records))
        holder.observers.append(metrics)
        _metrics[holder] = metrics
    return metrics


def attached(holder: AssistantHolder) -> Metrics | None:
    return _metrics.get(holder)


def exposition(holder: AssistantHolder) -> tuple[bytes, str]:
    """``/metrics`` for the webhook server: (body, content type) in Prometheus text format."""
    return attach(holder).exposition()


def summary(holder: AssistantHolder) -> str:
    """The admin ``/stats`` text, in the language being spoken."""
    return attach(holder).summary(records=len(holder.current.kb.records))
