"""``migbot ingest``: files written, never overwritten without --force, bad pages named."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import yaml

from migbot.cli import build_parser
from migbot.ingest import cli
from migbot.knowledge import load_knowledge


def run(*argv: str) -> tuple[int, str, str]:
    args = build_parser().parse_args(["ingest", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def pages(corpus: Path, *names: str) -> list[str]:
    return [str(corpus / "pages" / name) for name in names]


def knowledge_dir(tmp_path: Path) -> Path:
    out = tmp_path / "knowledge"
    out.mkdir()
    (out / "intents.yaml").write_text("intents: []\n", encoding="utf-8")
    return out


def test_writes_one_file_per_record_and_merges_layouts(corpus: Path, tmp_path: Path) -> None:
    out = knowledge_dir(tmp_path)
    files = pages(
        corpus, "ib-0214.dash.txt", "ib-0214.developmentfund.txt", "bali-process.dialogue.txt"
    )
    code, stdout, _ = run(*files, "--out", str(out))
    assert code == 0
    project = yaml.safe_load((out / "projects" / "ib-0214.yaml").read_text(encoding="utf-8"))
    assert project["idf_id"] == "IB.0214"
    assert project["other_beneficiaries"] == ["Chile", "Uruguay"]
    assert project["sources"] == ["https://iom.int/project/open-south-america"]
    assert (out / "dialogues" / "bali-process.yaml").is_file()
    kb = load_knowledge(out)
    assert set(kb.records) == {"ib-0214", "bali-process"}
    assert kb.records["bali-process"].members_truncated  # type: ignore[union-attr]
    assert "2 written" in stdout


def test_idempotent_and_no_overwrite_without_force(corpus: Path, tmp_path: Path) -> None:
    out = knowledge_dir(tmp_path)
    files = pages(corpus, "lm-0254.bullets.txt")
    assert run(*files, "--out", str(out))[0] == 0
    target = out / "projects" / "lm-0254.yaml"
    first = target.read_text(encoding="utf-8")
    code, stdout, _ = run(*files, "--out", str(out))
    assert code == 0 and "unchanged" in stdout
    assert target.read_text(encoding="utf-8") == first
    target.write_text(first.replace("Cambodia", "Kingdom of Cambodia"), encoding="utf-8")
    code, stdout, _ = run(*files, "--out", str(out))
    assert code == 0
    assert "not overwritten (use --force)" in stdout
    assert "Kingdom of Cambodia" in target.read_text(encoding="utf-8")
    code, stdout, _ = run(*files, "--out", str(out), "--force")
    assert code == 0 and target.read_text(encoding="utf-8") == first


def test_unreadable_page_is_named_and_others_still_import(corpus: Path, tmp_path: Path) -> None:
    out = knowledge_dir(tmp_path)
    bad = tmp_path / "broken-page.txt"
    bad.write_bytes(b"\xff\xfe not text \x00\x81")
    missing = tmp_path / "missing.txt"
    files = [str(bad), *pages(corpus, "lm-0254.bullets.txt"), str(missing)]
    code, stdout, stderr = run(*files, "--out", str(out))
    assert code != 0
    assert "broken-page.txt" in stderr and "missing.txt" in stderr
    assert (out / "projects" / "lm-0254.yaml").is_file()
    assert "2 page(s) failed" in stdout


def test_facts_prints_one_json_object_per_page_in_order(corpus: Path) -> None:
    names = ["lm-0024.developmentfund.txt", "ce-0231.fr.txt", "prague-process.dialogue.txt"]
    code, stdout, _ = run("--facts", *pages(corpus, *names))
    assert code == 0
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert [row["page"] for row in rows] == names
    assert rows[0]["budget_usd"] == 64240
    assert rows[1]["idf_region"] == "Latin America and the Caribbean"
    assert rows[2]["chair"] == "Czechia"


def test_facts_keep_page_order_when_a_page_fails(corpus: Path, tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    code, stdout, stderr = run("--facts", str(missing), *pages(corpus, "lm-0254.bullets.txt"))
    assert code == 1 and "gone.txt" in stderr
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert rows[0] == {"page": "gone.txt", "error": "page could not be read"}
    assert rows[1]["id"] == "lm-0254"


def test_report_lists_fields_not_found(corpus: Path, tmp_path: Path) -> None:
    out = knowledge_dir(tmp_path)
    code, stdout, _ = run(
        *pages(corpus, "capacity-building-on-labour-migration-management.bullets_missing.txt"),
        "--out",
        str(out),
    )
    assert code == 0
    assert "not on the page:" in stdout and "budget_usd" in stdout


def test_whole_corpus_imports_into_loadable_knowledge(corpus: Path, tmp_path: Path) -> None:
    out = knowledge_dir(tmp_path)
    all_pages = sorted(str(p) for p in (corpus / "pages").glob("*.txt"))
    code, _, stderr = run(*all_pages, "--out", str(out))
    assert code == 0, stderr
    kb = load_knowledge(out)
    ids = {json.loads(line)["id"] for line in (corpus / "facts.jsonl").read_text().splitlines()}
    assert set(kb.records) == ids
    # Readable YAML: block style, prose folded.
    text = (out / "dialogues" / "bali-process.yaml").read_text(encoding="utf-8")
    assert "summary: >-" in text and "{" not in text


def test_shipped_knowledge_loads() -> None:
    kb = load_knowledge()
    assert "lm-0024" in kb.records


def test_parser_args_shape() -> None:
    args = build_parser().parse_args(["ingest", "a.txt", "--force"])
    assert isinstance(args, argparse.Namespace)
    assert args.pages == ["a.txt"] and args.force and not args.facts and args.out is None


def test_page_without_source_url_is_an_error_naming_it(write_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = knowledge_dir(tmp_path)
    text = "Some Project\n-\nProjects ID\nLM.0999\n-\nBenefiting Member States\nGeorgia\n"
    page = write_page("no-url.txt", text)
    code, _, stderr = run(str(page), "--out", str(out))
    assert code == 1
    assert "no-url.txt" in stderr and "no source URL" in stderr
    assert not (out / "projects" / "lm-0999.yaml").exists()


def test_page_without_id_joins_the_record_with_the_same_title(
    corpus: Path,
    tmp_path: Path,
    write_page,  # type: ignore[no-untyped-def]
) -> None:
    out = knowledge_dir(tmp_path)
    text = (
        "url: https://example.org/other-copy\n\nBuilding the Capacity of Cambodia to Manage "
        "Outward Migration (BECOME)\n\n  • Projects ID\n  • Coverage\n    National\n"
    )
    no_id = write_page("copy.txt", text)
    code, _, _ = run(str(no_id), *pages(corpus, "lm-0254.bullets.txt"), "--out", str(out))
    assert code == 0
    assert [p.name for p in (out / "projects").iterdir()] == ["lm-0254.yaml"]
    record = yaml.safe_load((out / "projects" / "lm-0254.yaml").read_text(encoding="utf-8"))
    assert "https://example.org/other-copy" in record["sources"]
