"""``migbot ingest --out`` into a new folder: it gets the bundled intents and words, but not
the languages' names.yaml, which names the bundled records by id."""

from __future__ import annotations

import io
from pathlib import Path

from migbot.cli import build_parser
from migbot.ingest import cli
from migbot.knowledge import load_knowledge


def test_a_new_folder_is_knowledge_without_the_bundled_names(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "knowledge"
    page = str(corpus / "pages" / "bali-process.dialogue.txt")
    args = build_parser().parse_args(["ingest", page, "--out", str(out)])
    assert cli.main(args, out=io.StringIO(), err=io.StringIO()) == 0
    assert (out / "lang" / "es" / "words.yaml").is_file()
    assert not list((out / "lang").glob("*/names.yaml"))
    kb = load_knowledge(out)
    assert set(kb.records) == {"bali-process"}
    assert "es" in kb.languages
