"""The languages answers are written in (declared once; cheap to import for the CLI).

The first is the source language: of the catalogues' msgids and of the knowledge itself
(summaries, objectives and titles are written in English).
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru")
SOURCE = LANGUAGES[0]
