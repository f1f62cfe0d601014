"""``lang/<code>/names.yaml``: every id names a bundled record (the loader leaves out names
of records a folder lacks, so a typo in an id would otherwise go unnoticed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from migbot.knowledge.loader import default_knowledge_dir, load_knowledge


def test_every_name_is_of_a_bundled_record() -> None:
    root = default_knowledge_dir()
    kb = load_knowledge(root)
    for path in sorted(root.glob("lang/*/names.yaml")):
        ids = yaml.safe_load(path.read_text(encoding="utf-8"))["names"]
        assert set(ids) <= set(kb.records), (path, set(ids) - set(kb.records))
        assert all(kb.languages[path.parent.name].names.names[rid] for rid in ids)


def test_a_folder_without_some_records_still_loads(tmp_path: Path) -> None:
    """A record deleted (or a folder of a few records) leaves the names of others aside."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    shutil.rmtree(target / "dialogues")
    kb = load_knowledge(target)
    assert not any(r.kind == "dialogue" for r in kb.records.values())
    assert all(rid in kb.records for lang in kb.languages.values() for rid in lang.names.names)
