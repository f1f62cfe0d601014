"""Write a record as YAML a person edits easily: block style, key order kept, ``>-`` prose."""

from __future__ import annotations

import re
import textwrap
from typing import Any

import yaml

_WIDTH = 92
_FOLD_AT = 80
_LINE = 100
# Fields holding dates: written bare (2008, 2008-05, 2008-05-14) as in the seed files.
_DATE_KEYS = {"start", "end", "established", "ended", "date", "date_end"}
_COUNTRY_KEYS = {"countries", "beneficiaries", "observers"}


def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.2f}"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if key in _DATE_KEYS and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    dumped: str = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_style=None)
    return dumped.removesuffix("\n...\n").removesuffix("\n").rstrip("\n")


def _folded(text: str, indent: str) -> list[str]:
    text = " ".join(text.split())
    lines = textwrap.wrap(
        text, width=_WIDTH - len(indent), break_long_words=False, break_on_hyphens=False
    )
    return [indent + line for line in lines]


def _foldable(value: Any, room: int = _FOLD_AT) -> bool:
    """Prose too long for its line (URLs and other unbreakable text stay on one line)."""
    if not isinstance(value, str) or len(value) <= room or " " not in value:
        return False
    # Folding would change text that starts or ends oddly or holds line breaks.
    return value == " ".join(value.split()) and not value.startswith(("#", "-", "[", "{"))


def _flow_countries(value: list[Any], indent: str, key: str) -> str | None:
    items = ", ".join(_scalar(v) for v in value)
    line = f"{indent}{key}: [{items}]"
    return line if len(line) <= _WIDTH and all(isinstance(v, str) for v in value) else None


def _emit(data: dict[str, Any], indent: str, out: list[str]) -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{indent}{key}:")
            _emit(value, indent + "  ", out)
        elif isinstance(value, list):
            if key in _COUNTRY_KEYS:
                flow = _flow_countries(value, indent, key)
                if flow:
                    out.append(flow)
                    continue
            out.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    sub: list[str] = []
                    _emit(item, indent + "    ", sub)
                    sub[0] = indent + "  - " + sub[0][len(indent) + 4 :]
                    out.extend(sub)
                elif _foldable(item, _LINE - len(indent) - 4):
                    out.append(f"{indent}  - >-")
                    out.extend(_folded(item, indent + "    "))
                else:
                    out.append(f"{indent}  - {_scalar(item, key)}")
        elif _foldable(value, _LINE - len(indent) - len(key) - 2):
            out.append(f"{indent}{key}: >-")
            out.extend(_folded(value, indent + "  "))
        else:
            out.append(f"{indent}{key}: {_scalar(value, key)}")


def dump(data: dict[str, Any], comment: str | None = None) -> str:
    """The YAML text of a record; checked to load back to the same data."""
    out: list[str] = [f"# {line}" for line in (comment or "").splitlines()]
    _emit(data, "", out)
    text = "\n".join(out) + "\n"
    if not _same(yaml.safe_load(text), data):
        # Never write a file that reads back differently: fall back to PyYAML's own layout.
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=_WIDTH)
    return text


def _same(loaded: Any, data: Any) -> bool:
    if isinstance(data, dict):
        return (
            isinstance(loaded, dict)
            and list(loaded) == list(data)
            and all(_same(loaded[k], v) for k, v in data.items())
        )
    if isinstance(data, list):
        return (
            isinstance(loaded, list)
            and len(loaded) == len(data)
            and all(_same(a, b) for a, b in zip(loaded, data, strict=True))
        )
    if isinstance(data, str) and not isinstance(loaded, str):
        return str(loaded) == data  # bare dates load as dates
    return bool(loaded == data)
