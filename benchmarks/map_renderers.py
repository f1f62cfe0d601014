"""Choosing the map renderer: Pillow (what ``migbot.maps.draw`` uses) against matplotlib.

    python -m benchmarks.map_renderers     # needs matplotlib installed (it is not a dependency)

Each candidate runs in a fresh process and draws the same maps from the same projected
shapes (``migbot.maps.atlas``), frame and colours, 1280 × 720 PNG: import time of the
renderer, first and warm draws (p50 of 10), PNG size, and resident memory added by
importing the renderer and drawing. Install size is the files of the renderer's wheel and
of the dependencies it adds (numpy is shared: the atlas needs it either way).
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import time
from importlib import metadata

from benchmarks.run import rss_bytes

MB = 1024 * 1024
MAPS = ("bali-process", "rabat-process", "lm-0024")
ADDS = {
    "pillow": ["pillow"],
    "matplotlib": [
        "matplotlib",
        "pillow",
        "contourpy",
        "cycler",
        "fonttools",
        "kiwisolver",
        "pyparsing",
        "python-dateutil",
        "six",
        "packaging",
    ],
}


def install_mb(names: list[str]) -> float:
    total = 0
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or ():
            path = dist.locate_file(file)
            if path.is_file():
                total += path.stat().st_size
    return total / MB


def draw_matplotlib(spec: object) -> bytes:
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from migbot.maps import draw
    from migbot.maps.atlas import atlas

    world = atlas()
    roles = {c: la.role for la in spec.layers for c in la.codes}  # type: ignore[attr-defined]
    frame = draw.frame_for(world, set(roles))
    fig = Figure(figsize=(12.8, 7.2), dpi=100, facecolor="white")
    ax = fig.add_axes((0, draw.BOTTOM / draw.HEIGHT, 1, draw.MAP_H / draw.HEIGHT))
    ax.set_xlim(frame[0], frame[2])
    ax.set_ylim(frame[1], frame[3])
    ax.set_axis_off()
    ax.add_patch(
        Rectangle(
            (frame[0], frame[1]),
            frame[2] - frame[0],
            frame[3] - frame[1],
            color=[c / 255 for c in draw.SEA],
        )
    )
    boxes = world.boxes
    visible = (
        (boxes[:, 2] >= frame[0])
        & (boxes[:, 0] <= frame[2])
        & (boxes[:, 3] >= frame[1])
        & (boxes[:, 1] <= frame[3])
    )
    rings, colours = [], []
    for i in world.order[visible[world.order]]:
        rings.append(world.ring(i))
        role = roles.get(world.owner[i])
        colour = draw.COLOURS[role] if role else draw.LAND
        colours.append([c / 255 for c in colour])
    ax.add_collection(PolyCollection(rings, facecolors=colours, edgecolors="white", linewidths=0.4))
    fig.text(24 / 1280, 1 - 32 / 720, spec.title, fontsize=22, va="center")  # type: ignore[attr-defined]
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100)
    return out.getvalue()


def child(renderer: str) -> dict[str, float]:
    from migbot.knowledge.loader import load_knowledge
    from migbot.maps.atlas import atlas
    from migbot.maps.spec import map_for

    kb = load_knowledge()
    atlas()
    base = rss_bytes()
    t0 = time.perf_counter()
    if renderer == "pillow":
        from migbot.maps.draw import render

        def draw_one(spec: object) -> bytes:
            return render(spec).png  # type: ignore[arg-type]
    else:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.figure

        draw_one = draw_matplotlib
    imported = time.perf_counter() - t0
    after_import = rss_bytes()
    specs = [map_for(kb, entity=m) for m in MAPS]
    t0 = time.perf_counter()
    size = len(draw_one(specs[0]))
    first = time.perf_counter() - t0
    warm = []
    for spec in specs:
        for _ in range(10):
            t0 = time.perf_counter()
            size = max(size, len(draw_one(spec)))
            warm.append(time.perf_counter() - t0)
    return {
        "import_ms": imported * 1000,
        "first_ms": first * 1000,
        "p50_ms": statistics.median(warm) * 1000,
        "max_ms": max(warm) * 1000,
        "png_kb": size / 1024,
        "rss_import_mb": (after_import - base) / MB,
        "rss_total_mb": (rss_bytes() - base) / MB,
        "install_mb": install_mb(ADDS[renderer]),
    }


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
        return 0
    print(
        "| renderer | install MB | import ms | first draw ms | warm p50 ms | warm max ms "
        "| PNG KB | RSS import MB | RSS after draws MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for renderer in ADDS:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.map_renderers", "--child", renderer],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"| {renderer} | not measured: {done.stderr.strip().splitlines()[-1]} |")
            continue
        r = json.loads(done.stdout)
        print(
            f"| {renderer} | {r['install_mb']:.1f} | {r['import_ms']:.0f} | {r['first_ms']:.0f} "
            f"| {r['p50_ms']:.0f} | {r['max_ms']:.0f} | {r['png_kb']:.0f} "
            f"| {r['rss_import_mb']:.1f} | {r['rss_total_mb']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
