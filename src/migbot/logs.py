"""Logging of every command: one format, the level from ``MIGBOT_LOG_LEVEL``."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: str) -> None:
    logging.basicConfig(level=level, format=FORMAT)
    logging.getLogger().setLevel(level)
