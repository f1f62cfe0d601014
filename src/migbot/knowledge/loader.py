"""Load and validate a knowledge folder: every problem reported at once, as ``file:line: message``.

The folder holds ``dialogues/*.yaml``, ``projects/*.yaml`` (one record per file),
``intents.yaml`` (the intents, declared once) and ``lang/<code>/`` (each language's words,
``migbot.knowledge.language``). Loading is all or nothing: a single problem anywhere raises
``KnowledgeError`` with the full list, so a half-loaded knowledge base never serves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from migbot.knowledge.intents import IntentTable
from migbot.knowledge.language import CountryWords, IntentsWording, Language, Names, Words
from migbot.knowledge.models import Dialogue, IntentDef, IntentsFile, Project, Record
from migbot.knowledge.regions import Regions, RegionsFile

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class KnowledgeBase:
    path: Path
    records: dict[str, Record]
    intents: list[IntentDef]
    # Record intents in the order that breaks a tie between two (``intents.yaml``).
    precedence: list[str] = field(default_factory=list)
    # The words of each language the knowledge speaks (``lang/<code>/``), English first.
    languages: dict[str, Language] = field(default_factory=dict)
    # Where each record was read from (record id → file), for messages and reloads.
    files: dict[str, Path] = field(default_factory=dict)
    # Which region is inside which (``regions.yaml``; empty when the folder has none).
    regions: Regions = field(default_factory=Regions)

    # Computed once: a loaded knowledge base is never changed (a reload builds a new one),
    # and answers read these on hot paths (every menu says how many there are).
    @cached_property
    def dialogues(self) -> list[Dialogue]:
        return [r for r in self.records.values() if isinstance(r, Dialogue)]

    @cached_property
    def projects(self) -> list[Project]:
        return [r for r in self.records.values() if isinstance(r, Project)]

    @cached_property
    def intent_table(self) -> IntentTable:
        """Record sections per kind and button codes, derived from ``intents``."""
        return IntentTable(self.intents, self.precedence)


_PACKAGE = Path(__file__).resolve().parent.parent


def source_knowledge_dir() -> Path | None:
    """The repository's ``knowledge/`` when migbot runs from a source checkout, else None."""
    candidate = _PACKAGE.parent.parent / "knowledge"
    return candidate if (candidate / "intents.yaml").is_file() else None


def bundled_knowledge_dir() -> Path:
    """The knowledge migbot ships: the checkout's ``knowledge/`` or the wheel's copy."""
    return source_knowledge_dir() or _PACKAGE / "_knowledge"


def default_knowledge_dir() -> Path:
    """``MIGBOT_KNOWLEDGE``, else the repository's ``knowledge/``, else the wheel's copy."""
    env = os.environ.get("MIGBOT_KNOWLEDGE")
    if env:
        return Path(env)
    return bundled_knowledge_dir()


# libyaml's parser when PyYAML has it: ~9x faster on intents.yaml, same nodes and marks.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe loader that also records the line of every mapping key and sequence item."""


def _compose_with_lines(text: str) -> tuple[Any, dict[Loc, int]]:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is None:
            return None, lines
        _index_lines(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*loc, str(key.value))
            lines[sub] = key.start_mark.line + 1
            _index_lines(value, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = (*loc, i)
            lines[sub] = item.start_mark.line + 1
            _index_lines(item, sub, lines)


def _line_of(loc: Loc, lines: dict[Loc, int]) -> int:
    # Pydantic's loc may go deeper than the YAML (e.g. into a union member); walk back up.
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _loc_part(part: str | int) -> str:
    """A YAML key as it can be shown on one line (a key may hold spaces or control chars)."""
    text = str(part)
    if text and text.isprintable() and text == text.strip() and len(text) <= 60:
        return text
    return repr(text[:60])


def _describe(error: Any) -> str:
    loc = ".".join(_loc_part(part) for part in error["loc"]) or "record"
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return f"{loc}: unknown field (check its spelling)"
    if kind == "missing":
        return f"{loc}: required field is missing"
    msg = " ".join(msg.removeprefix("Value error, ").split())  # one line per problem
    return f"{loc}: {msg}"


def _validate(
    model: type[M], data: Any, lines: dict[Loc, int], name: str
) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            # Drop the tagged-union member name pydantic inserts, it is not a YAML key.
            loc = tuple(p for p in error["loc"] if p not in ("dialogue", "project"))
            error = {**error, "loc": loc}
            problems.append(Problem(name, _line_of(loc, lines), _describe(error)))
        return None, problems


def _read_yaml(path: Path, name: str) -> tuple[Any, dict[Loc, int], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [Problem(name, 1, f"cannot read file: {exc}")]
    try:
        data, lines = _compose_with_lines(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, {}, [Problem(name, line, f"YAML syntax: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        # e.g. ReaderError (a control character): its message spans lines; keep the first,
        # and point at the line of its character position.
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        first = (str(exc).splitlines() or ["unreadable"])[0]
        return None, {}, [Problem(name, line, f"YAML syntax: {first}")]
    return data, lines, []


def _record_files(root: Path) -> Iterator[tuple[type[Dialogue] | type[Project], Path]]:
    for folder, model in (("dialogues", Dialogue), ("projects", Project)):
        for path in sorted((root / folder).glob("*.y*ml")):
            yield model, path


def load_knowledge(path: Path | str | None = None) -> KnowledgeBase:
    """Read and validate a knowledge folder; raise ``KnowledgeError`` listing every problem."""
    root = Path(path) if path is not None else default_knowledge_dir()
    problems: list[Problem] = []
    records: dict[str, Record] = {}
    files: dict[str, Path] = {}
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 1, "knowledge folder not found")])

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root.parent))
        except ValueError:
            return str(p)

    regions, problems = _read_regions(root / "regions.yaml", rel)
    for model, file in _record_files(root):
        name = rel(file)
        data, lines, errs = _read_yaml(file, name)
        problems += errs
        if errs:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, 1, "a record file holds one mapping of field: value"))
            continue
        record, errs = _validate(model, data, lines, name)
        problems += errs
        if record is None:
            continue
        if record.id in records:
            first = rel(files[record.id])
            problems.append(
                Problem(
                    name, lines.get(("id",), 1), f"id: duplicate id {record.id!r} (also {first})"
                )
            )
            continue
        records[record.id] = record
        files[record.id] = file
        problems += _undeclared_regions(record, regions, lines, name)

    intents: list[IntentDef] = []
    precedence: list[str] = []
    intents_path = root / "intents.yaml"
    if intents_path.is_file():
        parsed, errs = _read_model(intents_path, IntentsFile, rel(intents_path))
        problems += errs
        if parsed is not None:
            intents, precedence = parsed.intents, parsed.precedence
    else:
        problems.append(Problem(rel(intents_path), 1, "intents.yaml is missing"))
    languages: dict[str, Language] = {}
    labels = {i.label for i in intents}
    for folder in sorted((root / "lang").glob("*"), key=lambda p: (p.name != "en", p.name)):
        if folder.is_dir():
            language, errs = _read_language(folder, labels, set(records), rel)
            problems += errs
            if language is not None:
                languages[language.code] = language
    if intents and "en" not in languages:
        problems.append(Problem(rel(root / "lang" / "en"), 1, "the English words are missing"))

    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        path=root,
        records=records,
        intents=intents,
        precedence=precedence,
        languages=languages,
        files=files,
        regions=regions or Regions(),
    )


def _read_regions(path: Path, rel: Callable[[Path], str]) -> tuple[Regions | None, list[Problem]]:
    """``regions.yaml`` (optional: without it regions are only compared as written)."""
    if not path.is_file():
        return None, []
    name = rel(path)
    data, lines, errs = _read_yaml(path, name)
    if errs:
        return None, errs
    parsed, errs = _validate(RegionsFile, data or {"regions": {}}, lines, name)
    if parsed is None:
        return None, errs
    regions = Regions(parsed.regions)
    problems = [
        Problem(
            name,
            _line_of(("regions", region, n), lines),
            f"regions.{region}: {parent!r} is not declared in this file",
        )
        for region, parents in parsed.regions.items()
        for n, parent in enumerate(parents)
        if parent not in parsed.regions
    ]
    problems += [
        Problem(name, lines.get(("regions", r), 1), f"regions.{r}: is inside itself")
        for r in parsed.regions
        if regions.cycle(r)
    ]
    return (None if problems else regions), problems


def _undeclared_regions(
    record: Record, regions: Regions | None, lines: dict[Loc, int], name: str
) -> list[Problem]:
    """A region a record uses must be declared in regions.yaml (else filters miss it)."""
    if regions is None:
        return []
    if isinstance(record, Project):
        used: list[tuple[Loc, str]] = [(("idf_region",), record.idf_region or "")]
    else:
        used = [(("regions", n), r) for n, r in enumerate(record.regions)]
    return [
        Problem(
            name,
            _line_of(loc, lines),
            f"{'.'.join(map(str, loc))}: region {value!r} is not in regions.yaml",
        )
        for loc, value in used
        if value and value not in regions
    ]


def _read_model(path: Path, model: type[M], name: str) -> tuple[M | None, list[Problem]]:
    data, lines, errs = _read_yaml(path, name)
    if errs:
        return None, errs
    if data is None:
        data = {}
    return _validate(model, data, lines, name)


def _read_language(
    folder: Path, labels: set[str], record_ids: set[str], rel: Callable[[Path], str]
) -> tuple[Language | None, list[Problem]]:
    """``lang/<code>/``: its three files, each optional; a label not in intents.yaml is an
    error (a typo would silently drop the wording)."""
    problems: list[Problem] = []
    parts: dict[str, Any] = {"code": folder.name}
    wording_path = folder / "intents.yaml"
    if wording_path.is_file():
        name = rel(wording_path)
        data, lines, errs = _read_yaml(wording_path, name)
        problems += errs
        wording = None
        if not errs:
            wording, errs = _validate(IntentsWording, data or {"intents": []}, lines, name)
            problems += errs
        if wording is not None:
            for n, intent in enumerate(wording.intents):
                if intent.label not in labels:
                    line = lines.get(("intents", n, "label"), 1)
                    problems.append(
                        Problem(name, line, f"label: {intent.label!r} is not in intents.yaml")
                    )
            parts["intents"] = {i.label: i for i in wording.intents}
    for key, file, model in (
        ("words", "words.yaml", Words),
        ("countries", "countries.yaml", CountryWords),
    ):
        path = folder / file
        if path.is_file():
            parsed, errs = _read_model(path, model, rel(path))
            problems += errs
            if parsed is not None:
                parts[key] = parsed
    names_path = folder / "names.yaml"
    if names_path.is_file():
        name = rel(names_path)
        data, lines, errs = _read_yaml(names_path, name)
        problems += errs
        if not errs:
            names, errs = _validate(Names, data or {}, lines, name)
            problems += errs
            if names is not None:
                # A language folder serves knowledge folders of other records too (an ingest
                # output, a folder a record was deleted from): names of records this one
                # lacks are left out. tests/knowledge/test_names.py holds the bundled ids.
                kept = {rid: n for rid, n in names.names.items() if rid in record_ids}
                parts["names"] = Names(names=kept)
    try:
        language = Language.model_validate(parts)
    except ValidationError:
        problems.append(Problem(rel(folder), 1, "a language folder is named by its code (en, fr)"))
        return None, problems
    return (None if problems else language), problems
