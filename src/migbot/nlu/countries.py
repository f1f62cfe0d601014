"""Find countries in a question: names, short names, demonyms and common misspellings.

Built on ``migbot.knowledge.countries.name_table`` and the language's ``countries.yaml``.
Two- and three-letter ISO codes are NOT read as countries ("in", "to", "us", "me", "is" are
words), only the abbreviations people really type for a country (UK, USA, UAE, DRC).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from migbot.knowledge.countries import local_names, name_table
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import simplify

# A country name this long may be misspelt twice and still be found, if only one fits.
LONG_NAME = 7


@dataclass(frozen=True)
class CountryHit:
    code: str
    start: int  # token span [start, end)
    end: int
    exact: bool


class CountryFinder:
    def __init__(self, lex: Lexicon, protected: Collection[str] = ()) -> None:
        table: dict[str, str] = {}
        # The language's own words first, then the names libraries ship in it, then the
        # English (ISO) ones, which people write in any language.
        for extra in (lex.country_abbreviations, lex.country_names):
            table.update(extra)
        for name, code in local_names(lex.code).items():
            words = simplify(name).split()
            for key in (" ".join(words), " ".join(lex.place(w) for w in words)):
                if len(key) > 3:
                    table.setdefault(key, code)
        for name, code in name_table().items():
            key = simplify(name)
            if len(key) > 3:
                table.setdefault(key, code)
        # Last, so that the English names cannot bring a word back ("réunion" is a meeting
        # in French before it is the island).
        for word in lex.not_countries:
            table.pop(word, None)
        self._table = table
        self._place = lex.place
        self._form = lex.form
        self._max_len = max(len(k.split()) for k in table)
        # Single-word names for typo matching ("Gerogia", "Germny").
        self._vocabulary = Vocabulary(k for k in table if " " not in k and len(k) >= 5)
        # Words that must never be bent into a country by fuzzy matching.
        self._protected = frozenset(protected) | lex.stop

    def find(self, tokens: tuple[str, ...]) -> list[CountryHit]:
        """Countries named in ``tokens`` (the question's words as written, folded): as
        spelled, or in the form places take in the language ("в Грузии")."""
        hits: list[CountryHit] = []
        places = tuple(self._place(t) for t in tokens)
        i, n = 0, len(tokens)
        while i < n:
            found = None
            for size in range(min(self._max_len, n - i), 0, -1):
                for words in (tokens, places):
                    code = self._table.get(" ".join(words[i : i + size]))
                    if code is not None:
                        found = CountryHit(code, i, i + size, True)
                        break
                if found is not None:
                    break
            if found is None:
                found = self._fuzzy(tokens[i], i)
            if found is not None:
                hits.append(found)
                i = found.end
            else:
                i += 1
        return hits

    def _fuzzy(self, token: str, i: int) -> CountryHit | None:
        if len(token) < 5 or not token.isalpha():
            return None
        if token in self._protected or self._form(token) in self._protected:
            return None
        # One edit (a swapped pair counts as one): "Gerogia", "mexcio", "kenia"; two in a
        # long name that starts right ("morroco", not "africaine" for "americaine").
        close = self._vocabulary.close(token, max_edits=1)
        if not close and len(token) >= LONG_NAME:
            close = tuple(
                c for c in self._vocabulary.close(token, max_edits=2) if c[:3] == token[:3]
            )
        if len(close) != 1:
            return None  # none, or ambiguous between two countries
        return CountryHit(self._table[close[0]], i, i + 1, False)
