"""Validate Bot API requests against the official specification (``api.json``)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
# <repo>/../shared/telegram-bot-api/api.json (the repository lives next to ``shared``), or
# TGFAKE_SPEC. Without it the fake checks requests loosely; tests/conftest.py says so loudly.
SPEC_PATH = Path(
    os.environ.get("TGFAKE_SPEC")
    or HERE.parents[3].parent / "shared" / "telegram-bot-api" / "api.json"
)


class SpecError(ValueError):
    pass


@dataclass(frozen=True)
class Upload:
    """A file sent as a part of a multipart/form-data request (an ``InputFile``)."""

    filename: str
    content_type: str
    data: bytes


def _description(field: dict[str, Any]) -> str:
    desc = field.get("description", "")
    return " ".join(desc) if isinstance(desc, list) else str(desc)


class Spec:
    def __init__(self, data: dict[str, Any]) -> None:
        self.methods = {name.lower(): m for name, m in data["methods"].items()}
        self.types: dict[str, Any] = data["types"]

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec | None:
        if not path.exists():
            return None
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def check_call(self, name: str, params: dict[str, Any], *, form: bool) -> dict[str, Any]:
        """Typed parameters of a call (form values decoded), or ``SpecError``."""
        method = self.methods.get(name.lower())
        if method is None:
            raise SpecError("Not Found: method not found")
        fields = {f["name"]: f for f in method.get("fields", [])}
        for key in params:
            if key not in fields:
                raise SpecError(f"Bad Request: unknown parameter {key}")
        typed: dict[str, Any] = {}
        for key, field in fields.items():
            if key not in params:
                if field["required"]:
                    raise SpecError(f"Bad Request: parameter {key} is required")
                continue
            typed[key] = self.value(params[key], field["types"], key, form=form)
        return typed

    def value(self, raw: Any, types: list[str], where: str, *, form: bool) -> Any:
        problems = []
        for t in types:
            try:
                return self._as(raw, t, where, form=form)
            except SpecError as exc:
                problems.append(str(exc))
        raise SpecError(problems[0] if len(problems) == 1 else f"Bad Request: {where}: wrong type")

    def _as(self, raw: Any, t: str, where: str, *, form: bool) -> Any:
        bad = SpecError(f"Bad Request: {where}: expected {t}")
        if form and isinstance(raw, str) and t not in ("String", "InputFile"):
            # Form fields are strings; numbers, booleans and objects arrive JSON-encoded.
            if t == "Boolean" and raw in ("True", "False"):
                raw = raw == "True"
            else:
                try:
                    raw = json.loads(raw)
                except ValueError:
                    raise bad from None
        if t == "String":
            if not isinstance(raw, str):
                raise bad
            return raw
        if t == "Integer":
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise bad
            return raw
        if t == "Float":
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise bad
            return raw
        if t == "Boolean":
            if not isinstance(raw, bool):
                raise bad
            return raw
        if t == "InputFile":
            # Only a file part of a multipart request is a file (a string is a file_id or a
            # URL, which the spec types as String).
            if not isinstance(raw, Upload):
                raise bad
            return raw
        if t.startswith("Array of "):
            if not isinstance(raw, list):
                raise bad
            inner = t[len("Array of ") :]
            return [self._as(x, inner, f"{where}[{i}]", form=False) for i, x in enumerate(raw)]
        return self._object(raw, t, where)

    def _object(self, raw: Any, t: str, where: str) -> Any:
        spec = self.types.get(t)
        if spec is None:
            raise SpecError(f"Bad Request: {where}: unknown type {t}")
        if "subtypes" in spec:
            problems = []
            for sub in spec["subtypes"]:
                try:
                    return self._object(raw, sub, where)
                except SpecError as exc:
                    problems.append(str(exc))
            raise SpecError(f"Bad Request: {where}: not any {t}")
        if not isinstance(raw, dict):
            raise SpecError(f"Bad Request: {where}: expected {t}")
        fields = {f["name"]: f for f in spec.get("fields", [])}
        for key in raw:
            if key not in fields:
                raise SpecError(f"Bad Request: {where}: unknown field {key} of {t}")
        for key, field in fields.items():
            if key not in raw:
                if field["required"]:
                    raise SpecError(f"Bad Request: {where}: field {key} of {t} is required")
                continue
            self.value(raw[key], field["types"], f"{where}.{key}", form=False)
            # A "type" field names its subtype: InlineQueryResultArticle needs "article".
            desc = _description(field)
            if key == "type" and "must be " in desc:
                wanted = desc.split("must be ")[-1].split()[0].strip('".,')
                if raw[key] != wanted:
                    raise SpecError(f"Bad Request: {where}: {t} type must be {wanted}")
        return raw
