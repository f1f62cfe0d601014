"""Where `migbot ingest` writes: never through a symbolic link out of the output folder,
never into an installed package; a new --out folder is knowledge `migbot check` accepts.
The last test builds the real wheel and installs it into a fresh virtual environment."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from migbot.cli import build_parser
from migbot.ingest import cli

PAGE = (
    "url: https://example.org/abu-dhabi-dialogue\n\nAbu Dhabi Dialogue\n"
    "Formal association with regional or multi-stakeholder organization: none\n"
)
RECORD = Path("dialogues") / "abu-dhabi-dialogue.yaml"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "abu-dhabi.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def ingest(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(build_parser().parse_args(["ingest", *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_folder_linked_outside_is_not_written(tmp_path: Path, page: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "dialogues").symlink_to(elsewhere)
    code, _, err = ingest(str(page), "--out", str(out))
    assert code == 1 and "leads outside" in err
    assert list(elsewhere.iterdir()) == []


def test_a_dangling_link_is_not_written_through(tmp_path: Path, page: Path) -> None:
    out = tmp_path / "out"
    (out / "dialogues").mkdir(parents=True)
    victim = tmp_path / "victim.yaml"
    (out / RECORD).symlink_to(victim)  # points nowhere yet
    code, _, err = ingest(str(page), "--out", str(out), "--force")
    assert code == 1 and "symbolic link" in err
    assert not victim.exists() and (out / RECORD).is_symlink()


def test_a_new_folder_becomes_knowledge(tmp_path: Path, page: Path) -> None:
    out = tmp_path / "new" / "knowledge"
    code, stdout, _ = ingest(str(page), "--out", str(out))
    assert code == 0 and (out / RECORD).is_file() and (out / "intents.yaml").is_file()
    assert "1 written" in stdout
    assert oct((out / RECORD).stat().st_mode & 0o777) == oct(0o644)


def test_without_out_an_installed_package_is_not_written(
    tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "source_knowledge_dir", lambda: None)  # as from a wheel
    code, stdout, err = ingest(str(page))
    assert code == 2 and stdout == ""
    assert err.strip().splitlines() == [
        "migbot ingest: give --out DIR (or set MIGBOT_KNOWLEDGE): the knowledge bundled "
        "with an installed migbot is not written to"
    ]


def test_from_a_real_wheel(tmp_path: Path, page: Path) -> None:
    """pip wheel, a fresh venv, pip install: ingest refuses site-packages, writes --out and
    MIGBOT_KNOWLEDGE folders, and `migbot check` accepts what it wrote."""
    wheels, venv = tmp_path / "wheels", tmp_path / "venv"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(REPO)], check=True)
    [wheel] = wheels.glob("migbot-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], check=True)
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The dependencies come from this environment (installing them again would take long).
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    package = site / "migbot"

    def listing() -> list[tuple[str, int]]:
        return sorted((str(p), p.stat().st_mtime_ns) for p in package.rglob("*"))

    before = listing()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MIGBOT_") or k == "MIGBOT_STATE_DIR"
    }
    migbot = str(venv / "bin" / "migbot")

    def run(*argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [migbot, *argv],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env | extra,
            check=False,
            timeout=120,
        )

    where = run("ask", "--json", "help")  # the installed copy answers, from its own files
    assert where.returncode == 0, where.stderr
    refused = run("ingest", str(page))
    assert refused.returncode == 2 and "give --out DIR" in refused.stderr
    made = run("ingest", str(page), "--out", "fresh")
    assert made.returncode == 0, made.stderr
    checked = run("check", "fresh")
    assert checked.returncode == 0 and checked.stdout.startswith("ok: 1 dialogue"), checked
    named = run("ingest", str(page), MIGBOT_KNOWLEDGE=str(tmp_path / "named"))
    assert named.returncode == 0 and (tmp_path / "named" / RECORD).is_file(), named.stderr
    assert listing() == before  # nothing in site-packages changed
    imported = subprocess.run(
        [python, "-c", "import migbot.cli; print(migbot.cli.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert imported.stdout.startswith(str(site))  # the wheel's code ran, not the checkout's
