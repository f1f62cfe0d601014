"""One language as answers speak it: its catalogue, and Babel's numbers, dates and names.

``speaking(code)`` makes a language current for the code inside it (a context variable, so
each thread and each asyncio task speaks its own); ``_``, ``ngettext`` and ``tongue()`` read
it. A table of labels is built where it is read, so extraction sees each string.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
from collections.abc import Iterator
from contextvars import ContextVar
from gettext import NullTranslations

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from migbot.i18n.catalogues import translations
from migbot.knowledge.countries import country_name
from migbot.languages import LANGUAGES, SOURCE


class Tongue:
    """How one language writes the words, numbers, money, dates and countries of answers."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.locale = Locale.parse(code)
        self.translations: NullTranslations = translations(code)
        # The knowledge's own language keeps the display names of knowledge/countries.py
        # (the names IOM uses); another takes Babel's common names (Géorgie, Грузия).
        self.territories = {} if code == SOURCE else dict(self.locale.territories)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def number(self, n: float) -> str:
        return format_decimal(n, locale=self.locale)

    def percent(self, share: float) -> str:
        """``0.67`` as "67%", "67 %", "67 %"."""
        return format_percent(share, locale=self.locale)

    def money(self, amount: float) -> str:
        """An amount in US dollars: "USD 64,240", "64 240 $ US", "64.240 US$", "64 240 $"
        (where the currency goes is the catalogue's; cents only when there are some)."""
        amount = round(amount, 2)
        pattern = "#,##0" if amount == int(amount) else "#,##0.00"
        figure = format_decimal(amount, format=pattern, locale=self.locale)
        # Translators: an amount of US dollars; {amount} is the number written the
        # language's way ("64 240"). Put the currency where the language puts it.
        return self.gettext("USD {amount}").format(amount=figure)

    def date(self, year: int, month: int | None = None, day: int | None = None) -> str:
        """``2008``, ``March 2008`` / ``mars 2008`` / ``март 2008 г.``, ``1 March 2008`` /
        ``1 mars 2008`` / ``1 de marzo de 2008`` / ``1 марта 2008 г.``."""
        if not month:
            return str(year)
        when = datetime.date(year, month, day or 1)
        if not day:
            # Translators: a CLDR date pattern for a month and year ("March 2008");
            # LLLL is the month's stand-alone name, MMMM its form inside a date.
            return format_date(when, self.gettext("MMMM y"), locale=self.locale)
        # Translators: a CLDR date pattern for a full date ("1 March 2008"); quote
        # literal words ('de').
        return format_date(when, self.gettext("d MMMM y"), locale=self.locale)

    def country(self, code: str) -> str:
        return self.territories.get(code) or country_name(code)


@functools.cache
def tongue_of(code: str) -> Tongue:
    return Tongue(code if code in LANGUAGES else SOURCE)


_CURRENT: ContextVar[Tongue] = ContextVar("migbot_tongue")


def tongue() -> Tongue:
    """The language being spoken (the source language outside any ``speaking``)."""
    try:
        return _CURRENT.get()
    except LookupError:
        return tongue_of(SOURCE)


@contextlib.contextmanager
def speaking(code: str | None) -> Iterator[Tongue]:
    """Say everything inside in language ``code`` (unknown or None: the source language)."""
    token = _CURRENT.set(tongue_of(code or SOURCE))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def choose(*codes: str | None) -> str:
    """The first of ``codes`` that is a language answers are written in, else the source."""
    return next((c for c in codes if c in LANGUAGES), SOURCE)


def _(message: str) -> str:
    return tongue().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return tongue().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return tongue().pgettext(context, message)
