"""Inline search: time to rank the records for one inline query, bundled and synthetic.

Each query is scored cold (the recent-query cache is bypassed: a fresh query is the cost
that matters); the index is built once per knowledge base, as it is in the bot.

    python -m benchmarks.inline [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import generate
from migbot.assistant import Assistant
from migbot.knowledge.loader import KnowledgeBase, load_knowledge
from migbot.telegram import inline

QUERIES = [
    "cluster",
    "Cluster Process",
    "LM.0024",
    "lm0024",
    "0024",
    "labour migration",
    "custer proces",
    "souht caucasus",
    "georgia",
    "Géorgie",
    "EU-South Caucasus",
    "border management",
    "trafficking",
    "bali process",
    "armenia azerbaijan",
    "a",
    "x" * 300,
]


def row(name: str, kb: KnowledgeBase) -> str:
    started = time.perf_counter()
    index = inline.index_for(kb)
    build_ms = (time.perf_counter() - started) * 1e3
    samples = []
    for query in QUERIES:
        for _ in range(3):
            started = time.perf_counter()
            index._score(query.strip())
            samples.append((time.perf_counter() - started) * 1e3)
    samples.sort()
    return (
        f"| {name} | {len(kb.records):,} | {len(index.names):,} | {build_ms:.1f} "
        f"| {statistics.median(samples):.2f} | {samples[-1]:.1f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="synthetic sizes, comma-separated")
    args = parser.parse_args(argv)
    print("| knowledge | records | names | index build ms | query p50 ms | query max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print(row("bundled", Assistant.load().kb), flush=True)
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        with tempfile.TemporaryDirectory() as folder:
            generate(size, Path(folder))
            print(row(f"synthetic {size:,}", load_knowledge(Path(folder))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
