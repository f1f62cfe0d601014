"""Word forms: each language's words reduced to one form, so "Грузии" meets "Грузия" and
"réunions" meets "réunion" (``lang/<code>/words.yaml``: ``word_forms``).

A well-kept library does the work (the choice and its measurements are in
``benchmarks/README.md``); nothing here knows a suffix of any language. Words arrive
folded (casefolded, accents stripped but Cyrillic "й" kept) and leave folded the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, Literal

from migbot.nlu.normalise import fold_text

WordForms = Literal["none", "snowball", "pymorphy3"]
Form = Callable[[str], str]

# Snowball's algorithms are named by language, not by code.
_SNOWBALL = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
_CACHE = 65_536  # distinct words remembered per language


def identity(word: str) -> str:
    """The form of a language with no word forms: the word itself."""
    return word


def word_forms(kind: WordForms, code: str) -> Form:
    """The function that reduces a folded word of language ``code`` to its normal form."""
    if kind == "none":
        return identity
    if kind == "snowball":
        import snowballstemmer

        stemmer = snowballstemmer.stemmer(_SNOWBALL[code])

        def stem(word: str) -> str:
            return fold_text(stemmer.stemWord(word))

        return _cached(stem)
    analyser = _analyser(code)

    def normal(word: str) -> str:
        if not _cyrillic(word):
            return word
        return fold_text(analyser.parse(word)[0].normal_form)

    return _cached(normal)


def place_forms(kind: WordForms, code: str) -> Form:
    """The form country names are compared in. Stemming would make "Mali" "mal" and "Cuba"
    "cub", so names are compared as spelled, except where the library knows places:
    pymorphy3 reads "Грузии" as the place "грузия" (and "Чад" as the country, not "чадо")."""
    if kind != "pymorphy3":
        return identity
    analyser = _analyser(code)

    def place(word: str) -> str:
        if not _cyrillic(word):
            return word
        parses = analyser.parse(word)
        chosen = next((p for p in parses if "Geox" in p.tag), parses[0])
        return fold_text(chosen.normal_form)

    return _cached(place)


@cache
def _analyser(code: str) -> Any:
    """One pymorphy3 analyser per language for both forms (its dictionaries take ~25 MB)."""
    import pymorphy3

    # It announces each dictionary load at INFO; the bot's own log level must not show that.
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)
    return pymorphy3.MorphAnalyzer(lang=code)


def _cyrillic(word: str) -> bool:
    """pymorphy3 reads Cyrillic words; anything else (an acronym, an id, a letter of another
    script, which it cannot even name) stays as written."""
    return word.isalpha() and all("\u0400" <= c <= "\u04ff" for c in word)


def _cached(form: Form) -> Form:
    cached: Form = lru_cache(maxsize=_CACHE)(form)
    return cached
