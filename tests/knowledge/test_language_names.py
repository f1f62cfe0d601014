"""Every record id in the bundled lang/<code>/names.yaml names a bundled record: a typo in an
id would silently drop that record's names (the loader drops names of absent records, so
that language files can travel to folders holding fewer records)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from migbot.knowledge.loader import KnowledgeBase, load_knowledge

NAMES = sorted((Path(load_knowledge().path) / "lang").glob("*/names.yaml"))


@pytest.mark.parametrize("path", NAMES, ids=[p.parent.name for p in NAMES])
def test_names_name_bundled_records(path: Path) -> None:
    kb = load_knowledge()
    ids = yaml.safe_load(path.read_text(encoding="utf-8"))["names"]
    assert sorted(set(ids) - set(kb.records)) == []
    assert all(kb.languages[path.parent.name].names.names[rid] for rid in ids)


def test_a_folder_with_fewer_records_keeps_the_language_files(tmp_path: Path) -> None:
    src = Path(load_knowledge().path)
    (tmp_path / "dialogues").mkdir()
    shutil.copy(src / "dialogues" / "prague-process.yaml", tmp_path / "dialogues")
    shutil.copy(src / "intents.yaml", tmp_path / "intents.yaml")
    shutil.copytree(src / "lang", tmp_path / "lang")
    kb: KnowledgeBase = load_knowledge(tmp_path)
    for language in kb.languages.values():
        assert set(language.names.names) <= {"prague-process"}
