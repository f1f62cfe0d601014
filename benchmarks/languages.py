"""Answers in every language: per-call time, start-up time and resident memory.

``python -m benchmarks.languages`` (part of ``make bench``). For each language answers are
written in, it times ``Assistant.ask(question, lang=code)`` over a few sample questions per
language and ``Assistant.press(action, lang=code)`` over the buttons people press most (a
record's sections, list pages, a country), with the reply memo off (``memo_size=0``), so
every call composes its reply anew: the cost the catalogues and Babel's formats add is in
each figure. Then, in fresh processes, start-up (import, load, first answer) and resident
memory, English only and after a first answer in every language; ``--before DIR`` runs the
same English start-up from another checkout's ``src`` (e.g. the commit before issue 13).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.run import percentile
from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.languages import LANGUAGES

# A few questions per language, as people write them. Until lang/fr, es and ru are merged,
# the NLU reads some of them as English (then the answer is English: that is measured too).
QUESTIONS: dict[str, list[str]] = {
    "en": [
        "budget of LM.0024",
        "who are the members of the Cluster Process?",
        "when did the Bali Process meet?",
        "what does Armenia take part in?",
        "active projects in Africa",
        "how many completed projects",
    ],
    "fr": [
        "budget de LM.0024",
        "quels sont les membres du Processus de Bali ?",
        "à quoi participe l'Arménie",
        "projets en cours en Afrique",
        "combien de projets achevés",
        "LM.0024",
    ],
    "es": [
        "presupuesto de LM.0024",
        "¿quiénes son los miembros del Proceso de Bali?",
        "en qué participa Armenia",
        "proyectos activos en África",
        "cuántos proyectos terminados",
        "LM.0024",
    ],
    "ru": [
        "бюджет LM.0024",
        "кто участники Балийского процесса",
        "в чём участвует Армения",
        "действующие проекты в Африке",
        "сколько завершённых проектов",
        "LM.0024",
    ],
}


def presses(assistant: Assistant) -> list[Action]:
    kb = assistant.kb
    out = [Action(kind="home"), Action(kind="help"), Action(kind="country", country="GE")]
    for rid in ("lm-0024", "eu-south-caucasus-cluster-process", "bali-process"):
        if rid in kb.records:
            for section in kb.intent_table.sections_of(kb.records[rid].kind):
                out.append(Action(kind="open", entity=rid, section=section))
    for kind in ("dialogue", "project"):
        for page in range(3):
            out.append(Action(kind="list", filters=(("kind", kind),), page=page))
    return out


def timed(
    calls: list[tuple[str, object]], assistant: Assistant, code: str, reps: int
) -> dict[str, float]:
    samples: list[int] = []
    cpu: list[int] = []  # CPU time of this thread: what contention on the machine leaves alone
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    for _ in range(reps):
        random.shuffle(calls)
        for what, arg in calls:
            start, cpu_start = clock(), cpu_clock()
            if what == "ask":
                assistant.ask(str(arg), lang=code)
            else:
                assert isinstance(arg, Action)
                assistant.press(arg, lang=code)
            cpu.append(cpu_clock() - cpu_start)
            samples.append(clock() - start)
    samples.sort()
    cpu.sort()
    return {
        "calls": len(samples),
        "p50": percentile(samples, 0.50),
        "p99": percentile(samples, 0.99),
        "max": samples[-1] / 1e6,
        "cpu_p99": percentile(cpu, 0.99),
    }


STARTUP = r"""
import json, sys, time
t0 = time.perf_counter()
from migbot.assistant import Assistant
from migbot.answers.reply import Action
assistant = Assistant.load()
assistant.ask("budget of LM.0024")
t1 = time.perf_counter()
out = {"english_s": t1 - t0}
def status():
    with open("/proc/self/status") as f:
        return {l.split(":")[0]: int(l.split()[1]) for l in f if l.startswith(("VmRSS", "VmHWM"))}
out["english_rss_mb"] = status()["VmRSS"] / 1024
if sys.argv[1] == "all":
    for code in ("fr", "es", "ru"):
        assistant.press(Action(kind="open", entity="lm-0024"), lang=code)
    out["all_s"] = time.perf_counter() - t0
    out["all_rss_mb"] = status()["VmRSS"] / 1024
print(json.dumps(out))
"""


def startup(src: Path | None, mode: str, runs: int) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
        env["MIGBOT_KNOWLEDGE"] = str(src.parent / "knowledge")
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", STARTUP, mode],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd="/",
        )
        results.append(json.loads(done.stdout))
    return {key: sorted(r[key] for r in results)[runs // 2] for key in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=30, help="repetitions of each call mix")
    parser.add_argument("--runs", type=int, default=9, help="start-up processes (median)")
    parser.add_argument("--before", type=Path, help="another checkout's src, for start-up")
    args = parser.parse_args()
    random.seed(13)
    assistant = Assistant(Assistant.load().kb, memo_size=0)
    buttons = presses(assistant)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(
        "| language | asks | ask p50 (ms) | ask p99 (ms) | ask CPU p99 (ms) | presses "
        "| press p50 (ms) | press p99 (ms) | press CPU p99 (ms) | press max (ms) | answered in |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for code in LANGUAGES:
        for _, q in [("ask", q) for q in QUESTIONS[code]]:
            assistant.ask(q, lang=code)  # warm: first use of a catalogue compiles it
        spoken = sorted({assistant.ask(q, lang=code).lang for q in QUESTIONS[code]})
        asks = timed([("ask", q) for q in QUESTIONS[code]], assistant, code, args.reps)
        press = timed([("press", a) for a in buttons], assistant, code, args.reps)
        print(
            f"| {code} | {asks['calls']:,} | {asks['p50']:.3f} | {asks['p99']:.3f} "
            f"| {asks['cpu_p99']:.3f} | {press['calls']:,} | {press['p50']:.3f} "
            f"| {press['p99']:.3f} | {press['cpu_p99']:.3f} | {press['max']:.2f} "
            f"| {', '.join(spoken)} |"
        )
    print(f"load average {os.getloadavg()[0]:.2f}")
    rows = [("this checkout, English only", startup(None, "en", args.runs))]
    rows.append(("this checkout, first answer in all four", startup(None, "all", args.runs)))
    if args.before is not None:
        rows.insert(0, ("before (--before), English only", startup(args.before, "en", args.runs)))
    print("\n| start-up (median of fresh processes) | import+load+first answer (s) | RSS (MB) |")
    print("|---|---:|---:|")
    for name, r in rows:
        seconds = r.get("all_s", r["english_s"])
        rss = r.get("all_rss_mb", r["english_rss_mb"])
        print(f"| {name} | {seconds:.3f} | {rss:.1f} |")


if __name__ == "__main__":
    main()
