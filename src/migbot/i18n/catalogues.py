"""The gettext catalogues of ``migbot/locale/<code>/LC_MESSAGES/migbot.po``.

Compiled in memory at first use (Babel's ``read_po`` then ``write_mo``): no binary ``.mo``
is committed or built, and an edited ``.po`` takes effect on the next start. A fuzzy or
empty translation is left out, so the English text shows rather than a wrong one.
"""

from __future__ import annotations

import functools
import io
from gettext import NullTranslations
from pathlib import Path

DOMAIN = "migbot"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(code: str) -> NullTranslations:
    """The translations of ``code``; the source language (or one without a catalogue) has
    none, and its msgids are shown as written."""
    path = po_path(code)
    if not path.is_file():
        return NullTranslations()
    # Imported here: an English-only process never needs the .po reader (memory, start-up).
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with path.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
