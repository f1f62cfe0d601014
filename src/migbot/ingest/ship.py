"""Ship the corpus as knowledge: ``python -m migbot.ingest.ship [CORPUS] [--out DIR] [--force]``.

Imports every page of the corpus with the importer, then takes, page by page, the reviewed
facts of ``facts.jsonl`` (what a careful reader extracts, including what the page itself
cannot show: other addresses of the record, aliases, past chairs, whether a list was cut
short). Every difference between the importer and the reviewed facts is printed, so the
review stays visible. ``--force`` refreshes files the importer wrote; files written by hand
(the seeds, or imported files whose header line was removed) are never overwritten.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from migbot.ingest.cli import imported, read_pages, write_records
from migbot.knowledge.loader import default_knowledge_dir


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def reviewed(corpus: Path) -> dict[str, dict[str, Any]]:
    lines = (corpus / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    return {entry["page"]: entry for entry in map(json.loads, filter(None, lines))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    facts = reviewed(corpus)
    results, failed = read_pages(sorted((corpus / "pages").glob("*.txt")), sys.stderr)
    differences = 0
    for result in results:
        expected = facts.get(result.page.path.name)
        if expected is None:
            continue
        for key, value in expected.items():
            if result.facts.get(key) != value:
                differences += 1
                print(f"review {result.page.path.name}: {key}: {value!r}")
        result.facts = dict(expected)
    # --force refreshes imported files only: hand-written ones (the seeds) are never replaced.
    outcome = write_records(
        results,
        args.out or default_knowledge_dir(),
        args.force,
        sys.stdout,
        sys.stderr,
        may_overwrite=imported,
    )
    print(f"{differences} field(s) taken from the reviewed facts instead of the importer")
    return 1 if failed or outcome.failed else 0


if __name__ == "__main__":
    sys.exit(main())
