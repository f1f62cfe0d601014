"""The languages answers are written in: gettext catalogues and Babel's formats per language.

Code writes English text as ``_("...")`` / ``ngettext("...", "...", n)`` (the msgids are the
English strings, so English needs no catalogue, stays byte-identical, and the code reads as
what a person sees); ``speaking(code)`` chooses the language for everything said inside it.
Numbers, money, dates and country names go through the current ``Tongue`` (``tongue()``).
"""

from __future__ import annotations

from migbot.i18n.tongue import (
    Tongue,
    _,
    choose,
    ngettext,
    pgettext,
    speaking,
    tongue,
    tongue_of,
)
from migbot.languages import LANGUAGES, SOURCE

__all__ = [
    "LANGUAGES",
    "SOURCE",
    "Tongue",
    "_",
    "choose",
    "ngettext",
    "pgettext",
    "speaking",
    "tongue",
    "tongue_of",
]
