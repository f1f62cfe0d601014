"""``migbot ingest --out`` into a new folder: it gets the bundled intents and words (names of
the bundled records included) and loads with only the records it imported."""

from __future__ import annotations

import io
from pathlib import Path

from migbot.cli import build_parser
from migbot.ingest import cli
from migbot.knowledge import load_knowledge


def test_a_new_folder_loads_with_the_bundled_language_files(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "knowledge"
    page = str(corpus / "pages" / "bali-process.dialogue.txt")
    args = build_parser().parse_args(["ingest", page, "--out", str(out)])
    assert cli.main(args, out=io.StringIO(), err=io.StringIO()) == 0
    assert (out / "lang" / "es" / "names.yaml").is_file()
    kb = load_knowledge(out)
    assert set(kb.records) == {"bali-process"}
    assert set(kb.languages["es"].names.names) == {"bali-process"}
