"""The loader: every problem in one run, each as ``file:line: message``; all or nothing."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from migbot.knowledge.loader import KnowledgeError, Problem, default_knowledge_dir, load_knowledge

GOOD = """\
id: good
name: Good Process
member_states:
  - countries: [Georgia, "Netherlands, The", Czechia]
sources: [https://example.org/good]
"""


def write(root: Path, files: dict[str, str], intents: str = "intents: []\n") -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "intents.yaml").write_text(intents, encoding="utf-8")
    return root


def problems(root: Path) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return caught.value.problems


def only(root: Path) -> Problem:
    found = problems(root)
    assert len(found) == 1, found
    return found[0]


def test_good_folder_loads_and_resolves_countries(tmp_path: Path) -> None:
    kb = load_knowledge(write(tmp_path, {"dialogues/good.yaml": GOOD}))
    assert list(kb.records) == ["good"]
    assert kb.dialogues[0].member_codes() == ["GE", "NL", "CZ"]


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    bad = "id: bad\nname: Bad\nsources: [https://x.org\nsummary: oops\n"
    problem = only(write(tmp_path, {"dialogues/bad.yaml": bad}))
    assert problem.file == "knowledge/dialogues/bad.yaml" or problem.file.endswith("bad.yaml")
    assert problem.message.startswith("YAML syntax")
    assert problem.line in (3, 4)


def test_unknown_key_has_its_line(tmp_path: Path) -> None:
    bad = GOOD + "budjet: 100\n"
    problem = only(write(tmp_path, {"dialogues/bad.yaml": bad}))
    assert problem.line == 6
    assert "budjet" in problem.message and "unknown field" in problem.message


def test_wrong_type_has_its_line(tmp_path: Path) -> None:
    bad = "id: p\ntitle: P\nbudget_usd: lots\nsources: [https://x.org]\n"
    problem = only(write(tmp_path, {"projects/p.yaml": bad}))
    assert problem.line == 3 and "budget_usd" in problem.message


def test_bad_date_has_its_line(tmp_path: Path) -> None:
    bad = GOOD + "meetings:\n  - date: last spring\n"
    problem = only(write(tmp_path, {"dialogues/bad.yaml": bad}))
    assert problem.line == 7 and "date" in problem.message


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    problem = only(write(tmp_path, {"dialogues/a.yaml": GOOD, "dialogues/b.yaml": GOOD}))
    assert problem.file.endswith("b.yaml") and problem.line == 1
    assert "duplicate id 'good'" in problem.message and "a.yaml" in problem.message


def test_unknown_country_suggests_the_right_spelling(tmp_path: Path) -> None:
    bad = GOOD.replace("Czechia]", "Czechia]\n  - countries: [Belgium, Swtizerland]")
    problem = only(write(tmp_path, {"dialogues/bad.yaml": bad}))
    assert problem.line == 5
    assert "unknown country 'Swtizerland'" in problem.message
    assert "did you mean 'Switzerland'" in problem.message


def test_every_problem_in_one_run_and_nothing_half_loaded(tmp_path: Path) -> None:
    files = {
        "dialogues/good.yaml": GOOD,
        "dialogues/syntax.yaml": "id: [\n",
        "dialogues/unknown.yaml": GOOD.replace("id: good", "id: other") + "nmae: x\n",
        "dialogues/z-dup.yaml": GOOD,  # sorted after good.yaml
        "projects/type.yaml": "id: p\ntitle: P\nyear: soon\nsources: [https://x.org]\n",
        "projects/country.yaml": "id: q\ntitle: Q\nbeneficiaries: [Geogria]\n"
        "sources: [https://x.org]\n",
    }
    root = write(tmp_path, files, intents="intents:\n  - label: x\n    colour: red\n")
    found = problems(root)
    files_with_problems = {Path(p.file).name for p in found}
    assert files_with_problems == {
        "syntax.yaml",
        "unknown.yaml",
        "z-dup.yaml",
        "type.yaml",
        "country.yaml",
        "intents.yaml",
    }
    for problem in found:
        assert re.fullmatch(r"[^:\n]+:\d+: .+", str(problem)), str(problem)
    assert any("did you mean 'Georgia'" in p.message for p in found)


def test_missing_folder_and_missing_intents(tmp_path: Path) -> None:
    assert "not found" in only(tmp_path / "nowhere").message
    (tmp_path / "dialogues").mkdir()
    assert "intents.yaml is missing" in only(tmp_path).message


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = only(write(tmp_path, {"dialogues/list.yaml": "- a\n- b\n"}))
    assert "one mapping" in problem.message


def test_bundled_knowledge_loads() -> None:
    kb = load_knowledge(default_knowledge_dir())
    assert {"eu-south-caucasus-cluster-process", "lm-0024"} <= set(kb.records)


def test_odd_keys_are_shown_on_one_line(tmp_path: Path) -> None:
    bad = GOOD + "\xa0odd key: 1\n'multi\\nline': 2\n"
    found = problems(write(tmp_path, {"dialogues/bad.yaml": bad}))
    assert len(found) == 2
    for problem in found:
        assert re.fullmatch(r"[^\n]+:\d+: \S[^\n]*", str(problem)), str(problem)
        assert "unknown field" in problem.message


def test_names_of_records_a_folder_lacks_wait_unused(tmp_path: Path) -> None:
    kb = load_knowledge(
        write(
            tmp_path,
            {
                "dialogues/good.yaml": GOOD,
                "lang/en/words.yaml": "stop: the\n",
                "lang/ru/names.yaml": "names:\n  good: [Хороший процесс]\n  elsewhere: [Другой]\n",
            },
        )
    )
    assert kb.languages["ru"].names.names == {"good": ["Хороший процесс"]}


def test_bundled_names_name_only_records_it_holds() -> None:
    """The loader skips names of records a folder lacks; in the bundled knowledge such a
    name would be a misspelt id, so it is held here."""
    root = default_knowledge_dir()
    kb = load_knowledge(root)
    for path in sorted(root.glob("lang/*/names.yaml")):
        ids = set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("names", {}))
        assert ids <= set(kb.records), (path, sorted(ids - set(kb.records)))
