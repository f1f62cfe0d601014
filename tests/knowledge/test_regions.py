"""regions.yaml: the hierarchy is loaded, checked with file:line, and complete for the records."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migbot.knowledge.loader import KnowledgeError, Problem, load_knowledge
from migbot.knowledge.regions import Regions

IN_WEST_AFRICA = """\
id: good
name: Good Process
member_states:
  - countries: [Georgia]
sources: [https://example.org/good]
regions: [West Africa]
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "intents.yaml").write_text("intents: []\n", encoding="utf-8")
    return root


def problems(root: Path) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return caught.value.problems


def only(root: Path) -> Problem:
    found = problems(root)
    assert len(found) == 1, found
    return found[0]


def test_hierarchy_is_loaded_and_followed(tmp_path: Path) -> None:
    regions = "regions:\n  Africa: []\n  West Africa: [Africa]\n"
    kb = load_knowledge(
        write(tmp_path, {"dialogues/good.yaml": IN_WEST_AFRICA, "regions.yaml": regions})
    )
    assert kb.regions.within("West Africa", "Africa")
    assert kb.regions.within("west africa", "AFRICA")
    assert not kb.regions.within("Africa", "West Africa")
    assert kb.regions.inside("Africa") == ["West Africa"]


def test_region_a_record_uses_must_be_declared(tmp_path: Path) -> None:
    regions = "regions:\n  Africa: []\n"
    problem = only(
        write(tmp_path, {"dialogues/good.yaml": IN_WEST_AFRICA, "regions.yaml": regions})
    )
    assert problem.file.endswith("dialogues/good.yaml")
    assert problem.line == 6
    assert "'West Africa' is not in regions.yaml" in problem.message


def test_undeclared_parent_has_its_line(tmp_path: Path) -> None:
    regions = "regions:\n  Africa: []\n  West Africa: [Afrika]\n"
    problem = only(write(tmp_path, {"regions.yaml": regions}))
    assert problem.file.endswith("regions.yaml") and problem.line == 3
    assert "'Afrika'" in problem.message


def test_a_cycle_is_refused(tmp_path: Path) -> None:
    regions = "regions:\n  A: [B]\n  B: [A]\n  C: []\n"
    found = sorted(str(p) for p in problems(write(tmp_path, {"regions.yaml": regions})))
    assert len(found) == 2
    assert found[0].endswith("regions.yaml:2: regions.A: is inside itself")
    assert found[1].endswith("regions.yaml:3: regions.B: is inside itself")


def test_without_regions_yaml_regions_compare_as_written(tmp_path: Path) -> None:
    kb = load_knowledge(write(tmp_path, {"dialogues/good.yaml": IN_WEST_AFRICA}))
    assert kb.regions.within("West Africa", "west africa")
    assert not kb.regions.within("West Africa", "Africa")


def test_bundled_regions_cover_every_region_the_records_use() -> None:
    kb = load_knowledge()
    used = {r for d in kb.dialogues for r in d.regions}
    used |= {p.idf_region for p in kb.projects if p.idf_region}
    assert used <= set(kb.regions.parents)
    # The examples: West and Central Africa are in Africa; the Caribbean in the Americas.
    for inner, outer in [
        ("West Africa", "Africa"),
        ("Central Africa", "Africa"),
        ("Horn of Africa", "Africa"),
        ("Caribbean", "Americas"),
        ("South America", "Americas"),
        ("Central America", "Americas"),
        ("Pacific", "Asia and Oceania"),
        ("South Caucasus", "Europe"),
    ]:
        assert kb.regions.within(inner, outer), (inner, outer)
    assert not kb.regions.within("Europe", "Africa")
    assert Regions().inside("Africa") == []
