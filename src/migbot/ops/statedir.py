"""Where migbot keeps its files: ``MIGBOT_STATE_DIR``, else ``$XDG_STATE_HOME/migbot``.

The inbox, the delivery journal and the inbox key live here (not in the working directory),
in a directory only its owner can enter, each file readable by its owner only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class StateDirError(Exception):
    """The state directory cannot be used; the message is one line for the operator."""


def default_state_dir() -> Path:
    """``MIGBOT_STATE_DIR``, else ``$XDG_STATE_HOME/migbot`` (``~/.local/state/migbot``)."""
    given = os.environ.get("MIGBOT_STATE_DIR")
    if given:
        return Path(given).expanduser()
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "migbot"


def prepare(path: Path | str | None = None) -> Path:
    """The state directory, created (0700) when missing and checked writable."""
    directory = Path(path).expanduser() if path else default_state_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StateDirError(
            f"state directory {directory} is not writable ({reason}): set MIGBOT_STATE_DIR"
        ) from None
    return directory


def private_file(path: Path) -> Path:
    """``path`` created empty if missing, and made readable by its owner only (0600).

    An empty file is a valid empty SQLite database, and SQLite gives its -wal and -shm files
    the database's own permissions.
    """
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path
