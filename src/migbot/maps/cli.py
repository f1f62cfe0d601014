"""``migbot map RECORD_ID --out FILE.png`` (or ``--country CODE``), and saving a map to a file
for the terminal's 🗺 Map button."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from rapidfuzz import process

from migbot.i18n import _, speaking
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


def save_for_terminal(
    kb: KnowledgeBase, entity: str | None, country: str | None, lang: str | None = None
) -> str:
    """What the terminal prints when its 🗺 Map button is pressed: where the PNG went (the
    map and these words in ``lang``)."""
    spec = map_for(kb, entity, country, lang)
    if spec is None:
        return say("no_map", lang)
    folder = Path(tempfile.gettempdir()) / "migbot-maps"
    path = save(spec, folder / (spec.name + ".png"))
    return say("saved", lang, path=path)


def _fail(message: str, code: int = 1) -> int:
    print(f"migbot map: {message}", file=sys.stderr)
    return code


def main(args: argparse.Namespace) -> int:
    """``migbot map``: every word it writes, on the map and here, in ``--lang``."""
    with speaking(getattr(args, "lang", None)):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    if (args.record is None) == (args.country is None):
        return _fail(_("give a record id or --country CODE (one of them)"), 2)
    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return _fail(_("the knowledge has problems; fix them (see `migbot check`)"))
    spec = _spec(kb, args.record, args.country)
    if isinstance(spec, str):
        return _fail(spec)
    try:
        path = save(spec, Path(args.out))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _fail(_("cannot write {path}: {reason}").format(path=args.out, reason=reason))
    print(say("saved", path=path))
    return 0


def _spec(kb: KnowledgeBase, record: str | None, country: str | None) -> MapSpec | str:
    """The map asked for, or why there is none."""
    if record is not None:
        if record not in kb.records:
            near = process.extractOne(record, list(kb.records), score_cutoff=70)
            if near:
                return _("unknown record '{record}' — did you mean '{near}'?").format(
                    record=record, near=near[0]
                )
            return _("unknown record '{record}'").format(record=record)
        spec = map_for(kb, entity=record)
        return spec or _("record '{record}' names no country to map").format(record=record)
    code = lookup_country(country or "") or (country or "").upper()
    spec = map_for(kb, country=code)
    return spec or _("unknown country '{country}' (an ISO code such as AM, or a name)").format(
        country=country
    )
