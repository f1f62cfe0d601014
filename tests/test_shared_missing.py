"""A clone without ../shared: the run says what was not checked, and CI refuses to run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUICK = "tests/telegram/test_tghtml.py"


def pytest_run(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env |= {"TGFAKE_SPEC": str(tmp_path / "no-api.json"), "MIGBOT_CORPUS": str(tmp_path), **extra}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", QUICK],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_missing_spec_is_named_at_the_end_of_the_run(tmp_path: Path) -> None:
    result = pytest_run(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    tail = result.stdout.splitlines()[-6:]
    assert any("did NOT check requests" in line and "no-api.json" in line for line in tail)
    assert any("corpus tests were skipped" in line for line in tail)


def test_under_ci_a_missing_spec_is_an_error(tmp_path: Path) -> None:
    result = pytest_run(tmp_path, CI="true")
    assert result.returncode != 0
    assert "CI needs ../shared" in result.stderr + result.stdout
