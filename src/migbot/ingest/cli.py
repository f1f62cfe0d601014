"""``migbot ingest PAGE... [--out DIR] [--force] [--facts]``.

Every page is read on its own: a page that cannot be read is an error naming it, and the
other pages still import. Pages of the same record (same id) become one file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import ValidationError

from migbot.ingest import records, yamlout
from migbot.ingest.facts import PageResult, extract
from migbot.ingest.page import PageError
from migbot.knowledge.countries import fold
from migbot.knowledge.loader import bundled_knowledge_dir, source_knowledge_dir
from migbot.knowledge.models import Dialogue, Project

FOLDERS = {"dialogue": "dialogues", "project": "projects"}


@dataclass
class Outcome:
    failed: list[str]
    written: list[Path]
    skipped: list[Path]
    unchanged: list[Path]


def read_pages(paths: Sequence[Path], err: TextIO) -> tuple[list[PageResult], list[str]]:
    results: list[PageResult] = []
    failed: list[str] = []
    for path in paths:
        try:
            results.append(extract(path))
        except PageError as exc:
            failed.append(str(path))
            print(f"error: {exc}", file=err)
        except Exception as exc:  # one bad page must not stop the others
            failed.append(str(path))
            print(f"error: {path}: could not be imported ({type(exc).__name__}: {exc})", file=err)
    return results, failed


def report(result: PageResult, out: TextIO) -> None:
    facts = result.facts
    print(f"{result.page.path}: {facts['layout']} page of {facts['kind']} {facts['id']}", file=out)
    if result.missing:
        print(f"  not on the page: {', '.join(result.missing)}", file=out)
    for problem in result.problems:
        print(f"  not understood: {problem}", file=out)


def render(facts_list: list[dict[str, Any]]) -> tuple[str, str, str, list[str]]:
    """Merged record of one id → (kind, id, YAML text, notes); ValidationError if invalid."""
    merged, notes = records.merge(facts_list)
    if not merged.get("urls"):
        raise ValueError("no source URL (the page's first line should be `url: https://…`)")
    if not merged.get("title" if merged.get("kind") == "project" else "name"):
        raise ValueError("no title or name found on the page")
    built = records.build(merged)
    notes.extend(built.notes)
    comment = HEADER.removeprefix("# ") + ", ".join(merged["pages"])
    text = yamlout.dump(built.data, comment=comment)
    model = Dialogue if built.kind == "dialogue" else Project
    model.model_validate(yaml.safe_load(text))
    return built.kind, str(built.data["id"]), text, notes


HEADER = "# Imported by `migbot ingest` from: "


def imported(path: Path) -> bool:
    """Whether a file was written by the importer (not written or edited by hand since)."""
    with path.open(encoding="utf-8") as handle:
        return handle.readline().startswith(HEADER)


def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc)


def write_records(
    results: list[PageResult],
    out_dir: Path,
    force: bool,
    out: TextIO,
    err: TextIO,
    may_overwrite: Callable[[Path], bool] | None = None,
) -> Outcome:
    outcome = Outcome(failed=[], written=[], skipped=[], unchanged=[])
    groups: dict[tuple[str, str], list[PageResult]] = {}
    # A page without an ID joins the page with an ID that has the same title.
    by_title = {
        fold(str(r.facts.get("title"))): str(r.facts["id"])
        for r in results
        if r.facts.get("idf_id") and r.facts.get("title")
    }
    for result in results:
        record_id = str(result.facts["id"])
        if result.facts.get("kind") == "project" and not result.facts.get("idf_id"):
            record_id = by_title.get(fold(str(result.facts.get("title"))), record_id)
        groups.setdefault((str(result.facts["kind"]), record_id), []).append(result)
    for (_kind, record_id), group in groups.items():
        pages = ", ".join(str(r.page.path) for r in group)
        try:
            kind, record_id, text, notes = render([r.facts for r in group])
        except (ValidationError, ValueError, KeyError) as exc:
            outcome.failed.extend(str(r.page.path) for r in group)
            print(f"error: {pages}: record {record_id} not written: {_why(exc)}", file=err)
            continue
        for note in notes:
            print(f"  {record_id}: {note}", file=out)
        target = out_dir / FOLDERS[kind] / f"{record_id}.yaml"
        unsafe = _unsafe(target, out_dir)
        if unsafe:
            outcome.failed.extend(str(r.page.path) for r in group)
            print(f"error: {target} not written: {unsafe}", file=err)
            continue
        if target.exists():
            if target.read_text(encoding="utf-8") == text:
                outcome.unchanged.append(target)
                print(f"unchanged: {target}", file=out)
                continue
            if not force or (may_overwrite is not None and not may_overwrite(target)):
                outcome.skipped.append(target)
                print(f"exists, not overwritten (use --force): {target}", file=out)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, text)
        outcome.written.append(target)
        print(f"wrote: {target}", file=out)
    return outcome


def _unsafe(target: Path, root: Path) -> str | None:
    """Why writing ``target`` could land outside ``root``; None when it cannot."""
    if target.is_symlink():  # dangling or not: never written through
        return "it is a symbolic link"
    real_root = root.resolve()
    parent = target.parent.resolve()  # a folder symlinked elsewhere resolves outside
    if parent != real_root and real_root not in parent.parents:
        return f"its folder leads outside {root} (a symbolic link)"
    return None


def _write(target: Path, text: str) -> None:
    """Write through a temporary file renamed over ``target``: a half-written record is
    never read, and a link made at ``target`` meanwhile is replaced, not followed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the record from a bot run by others
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_folder(out: str | None, err: TextIO) -> Path | None:
    """``--out``, else MIGBOT_KNOWLEDGE (filled in by the CLI), else a source checkout's
    ``knowledge/``; an installed package's bundled copy is never written to."""
    if out:
        return Path(out)
    source = source_knowledge_dir()
    if source is None:
        print(
            "migbot ingest: give --out DIR (or set MIGBOT_KNOWLEDGE): the knowledge bundled "
            "with an installed migbot is not written to",
            file=err,
        )
    return source


def start_folder(out_dir: Path, out: TextIO) -> None:
    """A new output folder gets the bundled intents and language files, so that it is
    knowledge (``migbot check`` accepts it)."""
    intents = out_dir / "intents.yaml"
    if intents.exists() or intents.is_symlink():
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    bundled = bundled_knowledge_dir()
    _write(intents, (bundled / "intents.yaml").read_text(encoding="utf-8"))
    for source in sorted((bundled / "lang").glob("*/*.yaml")):
        target = out_dir / "lang" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, source.read_text(encoding="utf-8"))
    print(f"wrote: {intents} and lang/ (the bundled intents and words, to edit)", file=out)


def print_facts(paths: Sequence[Path], out: TextIO, err: TextIO) -> int:
    """One JSON object per page, in order; a page that fails gets ``{"page", "error"}``."""
    failed = 0
    for path in paths:
        results, bad = read_pages([path], err)
        if bad:
            failed += 1
            row: dict[str, Any] = {"page": path.name, "error": "page could not be read"}
        else:
            row = results[0].facts
        print(json.dumps(row, ensure_ascii=False), file=out)
    return 1 if failed else 0


def main(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    paths = [Path(p) for p in args.pages]
    if getattr(args, "facts", False):
        return print_facts(paths, out, err)
    out_dir = output_folder(getattr(args, "out", None), err)
    if out_dir is None:
        return 2
    results, failed = read_pages(paths, err)
    for result in results:
        report(result, out)
    start_folder(out_dir, out)
    outcome = write_records(results, out_dir, bool(getattr(args, "force", False)), out, err)
    failed.extend(outcome.failed)
    print(
        f"{len(outcome.written)} written, {len(outcome.unchanged)} unchanged, "
        f"{len(outcome.skipped)} not overwritten, {len(failed)} page(s) failed",
        file=out,
    )
    return 1 if failed else 0
