"""Fixtures for every test, and what a run without ``../shared`` does not test.

- Every test keeps migbot's state in a directory of its own. ``redis-server`` and
  PostgreSQL (``initdb``/``pg_ctl`` from the Debian packages ``redis-server`` and
  ``postgresql``) run as real processes on 127.0.0.1 in a temporary directory, one of each
  per test session; each test gets an empty Redis database and a PostgreSQL database of its
  own. Outside CI a missing binary skips the tests that need it, with the reason; in CI
  (``CI=true``, where ``.ci/run`` installs both) it fails them.
- The strict fake Bot API checks every request against
  ``../shared/telegram-bot-api/api.json``, the importer's tests read ``../shared/corpus``
  and the outside questions ``../shared/eval``. Without them the tests still run, but the
  fake checks requests loosely and the corpus and outside-question tests are skipped: the
  end of the run says so in red, and under CI the run stops at once with an error instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tgfake import SPEC_PATH

STARTUP_SECONDS = 30


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps migbot's state (journal, inbox, key) in a directory of its own."""
    path = tmp_path / "state"
    monkeypatch.setenv("MIGBOT_STATE_DIR", str(path))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def binary(name: str, *patterns: str) -> str:
    """The path of ``name`` (PATH, then ``patterns``); skip, or fail in CI, if absent."""
    found = shutil.which(name) or next(
        (p for pattern in patterns for p in sorted(glob.glob(pattern), reverse=True)), None
    )
    if found is None:
        reason = f"{name} not installed (Debian packages redis-server and postgresql)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: .ci/run installs it in CI")
        pytest.skip(reason)
    return found


def wait_until_listening(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on 127.0.0.1 (no persistence); yields its base URL."""
    server = binary("redis-server")
    directory = tmp_path_factory.mktemp("redis")
    port = free_port()
    process = subprocess.Popen(
        [
            *(server, "--bind", "127.0.0.1", "--port", str(port), "--save", ""),
            *("--appendonly", "no", "--dir", str(directory), "--databases", "64"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


_redis_dbs = itertools.count(1)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """An empty Redis database of this test's own."""
    import redis

    url = f"{redis_server}/{next(_redis_dbs) % 64}"
    with redis.Redis.from_url(url) as client:
        client.flushdb()
    return url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL cluster on 127.0.0.1 (trust auth); yields its base URL."""
    initdb = binary("initdb", "/usr/lib/postgresql/*/bin/initdb")
    pg_ctl = str(Path(initdb).with_name("pg_ctl"))
    # Not under pytest's root-only temp dir: the server's own user must reach it.
    directory = Path(tempfile.mkdtemp(prefix="migbot-pg-"))
    data = directory / "data"
    # PostgreSQL refuses to run as root (CI runs as root): then run it as ``postgres``.
    user = None
    if os.geteuid() == 0:
        user = "postgres" if _has_user("postgres") else "nobody"
        shutil.chown(directory, user)
    port = free_port()
    subprocess.run(
        [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"],
        check=True,
        capture_output=True,
        user=user,
        cwd=directory,
    )
    options = f"-h 127.0.0.1 -p {port} -k {directory} -F"
    subprocess.run(
        [pg_ctl, "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
        user=user,
        cwd=directory,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            user=user,
            cwd=directory,
        )
        shutil.rmtree(directory, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


_pg_dbs = itertools.count(1)


@pytest.fixture
def database_url(postgres_server: str) -> str:
    """A fresh PostgreSQL database of this test's own."""
    import psycopg

    name = f"t{os.getpid()}_{next(_pg_dbs)}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return f"{postgres_server}/{name}"


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
