"""Say loudly what a clone without ``../shared`` beside it does not test.

The strict fake Bot API checks every request against ``../shared/telegram-bot-api/api.json``,
the importer's tests read ``../shared/corpus`` and the outside questions ``../shared/eval``.
Without them the tests still run, but the fake checks requests loosely and the corpus and
outside-question tests are skipped: the end of the run says so in red, and under CI
(``CI=true``) the run stops at once with an error instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tgfake import SPEC_PATH

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("MIGBOT_CORPUS") or REPO.parent / "shared" / "corpus")


def missing() -> list[str]:
    gaps = []
    if not SPEC_PATH.is_file():
        gaps.append(
            f"Bot API specification not found at {SPEC_PATH}: the fake Bot API did NOT check "
            "requests against it"
        )
    if not (CORPUS / "facts.jsonl").is_file():
        gaps.append(f"page corpus not found at {CORPUS}: the importer's corpus tests were skipped")
    if not (CORPUS.parent / "eval").is_dir():
        gaps.append(f"outside questions not found at {CORPUS.parent / 'eval'}: not scored")
    return gaps


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    gaps = missing()
    if gaps and in_ci():
        raise pytest.UsageError("CI needs ../shared beside the repository: " + "; ".join(gaps))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for gap in missing():
        terminalreporter.write_sep("!", gap, red=True, bold=True)
    if missing():
        terminalreporter.write_line(
            "Put the shared folder beside the repository (../shared) for the full run.", red=True
        )
