"""``migbot map RECORD_ID --out FILE.png`` (or ``--country CODE``), and saving a map to a file
for the terminal's 🗺 Map button."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from rapidfuzz import process

from migbot.knowledge.countries import lookup_country
from migbot.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from migbot.maps import render_map
from migbot.maps.spec import MapSpec, map_for
from migbot.maps.words import say


def save(spec: MapSpec, path: Path) -> Path:
    """Draw ``spec`` into ``path`` (written whole: a reader never sees half a PNG)."""
    png = render_map(spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(png)
    partial.replace(path)
    return path


def save_for_terminal(kb: KnowledgeBase, entity: str | None, country: str | None) -> str:
    """What the terminal prints when its 🗺 Map button is pressed: where the PNG went."""
    spec = map_for(kb, entity, country)
    if spec is None:
        return say("no_map")
    folder = Path(tempfile.gettempdir()) / "migbot-maps"
    path = save(spec, folder / (spec.key.replace(":", "-") + ".png"))
    return say("saved", path=path)


def _fail(message: str, code: int = 1) -> int:
    print(f"migbot map: {message}", file=sys.stderr)
    return code


def main(args: argparse.Namespace) -> int:
    if (args.record is None) == (args.country is None):
        return _fail("give a record id or --country CODE (one of them)", 2)
    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return _fail("the knowledge has problems; fix them (see `migbot check`)")
    if args.record is not None:
        if args.record not in kb.records:
            near = process.extractOne(args.record, list(kb.records), score_cutoff=70)
            hint = f" — did you mean {near[0]!r}?" if near else ""
            return _fail(f"unknown record {args.record!r}{hint}")
        spec = map_for(kb, entity=args.record)
        if spec is None:
            return _fail(f"record {args.record!r} names no country to map")
    else:
        code = lookup_country(args.country) or args.country.upper()
        spec = map_for(kb, country=code)
        if spec is None:
            return _fail(f"unknown country {args.country!r} (an ISO code such as AM, or a name)")
    try:
        path = save(spec, Path(args.out))
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    print(say("saved", path=path))
    return 0
