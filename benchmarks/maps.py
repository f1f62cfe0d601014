"""``make bench`` (maps): drawing time per map, cached re-sends, memory with maps loaded.

    python -m benchmarks.maps            # every record map and 20 country maps, 5 rounds
    python -m benchmarks.maps --rounds 1

Draws every map of the bundled knowledge (records with countries, plus country maps) in
shuffled order, several rounds, after one untimed round (the atlas read, fonts opened):
wall and CPU time per map, p50/p99/max, and the largest PNG. Then the Telegram path against
the strict fake Bot API on 127.0.0.1 (``tests/telegram/tgfake``), through python-telegram-bot
like the bot: one upload, then re-sends by file_id; the bot-side cost of a re-send (the map
spec, the file_id lookup) is timed apart from the HTTP round trip. Resident memory
(``VmRSS``) is read after loading the assistant, after importing the renderer, after the
atlas, and after drawing every map.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

from benchmarks.run import percentile, rss_bytes
from migbot import Assistant
from migbot.answers.reply import Action
from migbot.maps.spec import MapSpec, has_map, map_for

MB = 1024 * 1024
TARGET_RENDER_P50_MS = 150.0
TARGET_RESEND_MS = 1.0
COUNTRIES = "AM GE AZ TR MA SN NG ET PH ID SG MT LU FJ TV US MX BR CN RU".split()  # noqa: SIM905


def specs(assistant: Assistant) -> list[MapSpec]:
    kb = assistant.kb
    out = [map_for(kb, entity=r.id) for r in kb.records.values() if has_map(r)]
    out += [map_for(kb, country=c) for c in COUNTRIES]
    return [s for s in out if s is not None]


def bench_render(all_specs: list[MapSpec], rounds: int) -> dict[str, float]:
    from migbot.maps.draw import render

    wall: list[int] = []
    cpu: list[int] = []
    largest = 0
    for spec in all_specs:  # untimed: fonts, first allocations
        render(spec)
    order = list(all_specs)
    rng = random.Random(14)
    for _ in range(rounds):
        rng.shuffle(order)
        for spec in order:
            w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            png = render(spec).png
            cpu.append(time.thread_time_ns() - c0)
            wall.append(time.perf_counter_ns() - w0)
            largest = max(largest, len(png))
    wall.sort()
    cpu.sort()
    return {
        "maps": len(all_specs),
        "draws": len(wall),
        "p50_ms": percentile(wall, 0.5),
        "p99_ms": percentile(wall, 0.99),
        "max_ms": wall[-1] / 1e6,
        "cpu_p50_ms": percentile(cpu, 0.5),
        "cpu_p99_ms": percentile(cpu, 0.99),
        "largest_kb": largest / 1024,
    }


async def bench_loop_lag(all_specs: list[MapSpec]) -> dict[str, float]:
    """How late a 1 ms timer fires on the event loop while maps draw in the thread pool
    (what every other chat waits, at worst, while someone's map is drawn)."""
    from migbot.telegram import photos

    lags: list[int] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            t0 = time.perf_counter_ns()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter_ns() - t0 - 1_000_000)

    tick = asyncio.create_task(ticker())
    t0 = time.perf_counter()
    await asyncio.gather(*(photos.draw(spec) for spec in all_specs[:20]))
    seconds = time.perf_counter() - t0
    done.set()
    await tick
    lags.sort()
    return {
        "maps": 20,
        "seconds": seconds,
        "lag_p50_ms": percentile(lags, 0.5),
        "lag_p99_ms": percentile(lags, 0.99),
        "lag_max_ms": lags[-1] / 1e6,
    }


async def bench_telegram(assistant: Assistant, rounds: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "telegram"))
    from telegram import Bot
    from tgfake import FakeBotApi, Spec

    from migbot.telegram import photos

    token = "123456:BENCH-token-not-real"
    fake = await FakeBotApi(token, spec=Spec.load()).start()
    bot = Bot(token, base_url=fake.base_url)
    chat = 4242
    fake.chat(chat)
    ids = photos.FileIds()
    kb = assistant.kb
    action = Action(kind="map", entity="bali-process")
    try:
        await bot.initialize()
        t0 = time.perf_counter_ns()
        await photos.send_map(bot, chat, action, kb, ids)
        first_ms = (time.perf_counter_ns() - t0) / 1e6
        resend: list[int] = []
        for _ in range(rounds * 20):
            t0 = time.perf_counter_ns()
            await photos.send_map(bot, chat, action, kb, ids)
            resend.append(time.perf_counter_ns() - t0)
        # The bot's own share of a re-send: the spec and the file_id, no HTTP.
        own: list[int] = []
        for _ in range(rounds * 2000):
            t0 = time.perf_counter_ns()
            spec = map_for(kb, action.entity, action.country)
            assert spec is not None and ids.table(kb)[spec.name]
            own.append(time.perf_counter_ns() - t0)
        uploads = len(fake.uploads)
    finally:
        await bot.shutdown()
        await fake.stop()
    resend.sort()
    own.sort()
    assert uploads == 1, uploads
    return {
        "first_ms": first_ms,
        "resend_p50_ms": percentile(resend, 0.5),
        "resend_p99_ms": percentile(resend, 0.99),
        "own_p50_ms": percentile(own, 0.5),
        "own_p99_ms": percentile(own, 0.99),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    memory = {"assistant": 0.0, "renderer imported": 0.0, "atlas read": 0.0, "maps drawn": 0.0}
    assistant = Assistant.load()
    memory["assistant"] = rss_bytes() / MB
    from migbot.maps import draw
    from migbot.maps.atlas import atlas

    memory["renderer imported"] = rss_bytes() / MB
    t0 = time.perf_counter()
    atlas()
    atlas_s = time.perf_counter() - t0
    memory["atlas read"] = rss_bytes() / MB
    draw.font(30)
    render = bench_render(specs(assistant), args.rounds)
    memory["maps drawn"] = rss_bytes() / MB
    telegram = asyncio.run(bench_telegram(assistant, args.rounds))
    lag = asyncio.run(bench_loop_lag(specs(assistant)))

    print("## Maps\n")
    print(f"atlas read (first map only): {atlas_s:.2f} s\n")
    print("| maps | draws | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms | largest PNG |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    r = render
    print(
        f"| {r['maps']:.0f} | {r['draws']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
        f"{r['max_ms']:.1f} | {r['cpu_p50_ms']:.1f} | {r['cpu_p99_ms']:.1f} | "
        f"{r['largest_kb']:.0f} KB |\n"
    )
    t = telegram
    print("| Telegram (fake Bot API, loopback) | p50 ms | p99 ms |")
    print("|---|---:|---:|")
    print(f"| first press: draw + upload | {t['first_ms']:.1f} | |")
    print(
        f"| re-send by file_id, round trip | {t['resend_p50_ms']:.2f} | {t['resend_p99_ms']:.2f} |"
    )
    print(f"| re-send, the bot's own work | {t['own_p50_ms']:.4f} | {t['own_p99_ms']:.4f} |\n")
    print(
        f"event loop while {lag['maps']:.0f} maps draw in the pool ({lag['seconds']:.2f} s): "
        f"a 1 ms timer fires late by p50 {lag['lag_p50_ms']:.2f} ms, "
        f"p99 {lag['lag_p99_ms']:.2f} ms, max {lag['lag_max_ms']:.2f} ms\n"
    )
    print("| resident memory (VmRSS) | MB |")
    print("|---|---:|")
    for name, mb in memory.items():
        print(f"| {name} | {mb:.0f} |")
    ok = r["p50_ms"] <= TARGET_RENDER_P50_MS and t["own_p99_ms"] <= TARGET_RESEND_MS
    print(
        f"\ntargets: render p50 <= {TARGET_RENDER_P50_MS:.0f} ms, cached re-send <= "
        f"{TARGET_RESEND_MS:.0f} ms: {'met' if ok else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
