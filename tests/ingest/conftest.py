"""Shared fixtures of the importer's tests: the corpus of example pages beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def corpus_dir() -> Path:
    env = os.environ.get("MIGBOT_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if not (path / "facts.jsonl").is_file():
        pytest.skip(f"corpus not found at {path} (set MIGBOT_CORPUS)")
    return path


@pytest.fixture
def write_page(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a page text to a file and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
