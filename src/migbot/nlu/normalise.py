"""Turn a raw chat message into folded, tokenised text the matchers can share.

Casefold, strip accents, drop bot mentions and leading ``/command@Bot`` words, turn
punctuation into spaces, and cap the work on very long input. The capped raw text is kept
for the identifier scanner (``LM.0024``, ``T97-805`` keep their dots and dashes there).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# Work is capped: nobody asks a 10,000-character question; the start carries the meaning.
MAX_CHARS = 600
MAX_TOKENS = 60

_COMMAND = re.compile(r"^\s*/[a-z0-9_]+(?:@[a-z0-9_]+)?(?![\w.])", re.IGNORECASE)
_MENTION = re.compile(r"@[a-z0-9_]{3,}", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(\w)'s\b")
_NON_WORD = re.compile(r"[\W_]+")
_RUNS = re.compile(r"([a-z])\1{2,}")  # "heyyy" → "hey", "hiii" → "hi"


@dataclass(frozen=True)
class Text:
    """A question after normalisation."""

    raw: str  # capped, command-stripped original (case kept), for identifier scanning
    folded: str  # the tokens joined by single spaces
    tokens: tuple[str, ...]  # folded words, each in its normal form (``wordforms.py``)
    surface: tuple[str, ...] = ()  # the same words as written (folded, typos fixed)


# Marks that make a letter of its own rather than an accent: the breve of Cyrillic "й"
# ("и" + U+0306). "ё" still folds to "е", as Russian writers mostly type it.
_KEPT_MARKS = {("\u0438", "\u0306")}


def fold_text(text: str) -> str:
    """Casefold and strip accents; unify quotes. Never raises on odd Unicode."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    out: list[str] = []
    for c in decomposed:
        if not unicodedata.combining(c) or (out and (out[-1], c) in _KEPT_MARKS):
            out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def simplify(text: str) -> str:
    """Folded text with punctuation removed: the form names and phrases are compared in."""
    # Building the four languages simplifies ~30,000 short strings, 9,500 of them distinct:
    # remember short ones (words, names), never a whole question.
    if len(text) <= _CACHED_CHARS:
        return _simplify_cached(text)
    return _simplify(text)


_CACHED_CHARS = 64


def _simplify(text: str) -> str:
    folded = _RUNS.sub(r"\1", _POSSESSIVE.sub(r"\1", fold_text(text)))
    return " ".join(_NON_WORD.sub(" ", folded).split())


_simplify_cached = functools.lru_cache(maxsize=16_384)(_simplify)


# A bare command is a question in itself: "/help" asks for help, "/start" too.
_COMMAND_WORDS = {"start": "help", "help": "help", "list": "list", "menu": "help"}


def strip_commands(text: str) -> str:
    """Drop a leading ``/ask``, ``/ask@BotName`` (any command) and every ``@BotName``."""
    text = text[:MAX_CHARS]
    command = ""
    for _ in range(3):  # "@Bot /ask ..." and "/ask @Bot ..." both occur
        before = text
        m = _COMMAND.match(text)
        if m:
            command = m.group(0).strip().lstrip("/").split("@")[0].casefold()
        text = _MENTION.sub(" ", _COMMAND.sub(" ", text)).strip()
        if text == before:
            break
    if not text and command:
        return _COMMAND_WORDS.get(command, "")
    return text


def normalise(
    text: str | None,
    typos: Mapping[str, str] | None = None,
    form: Callable[[str], str] | None = None,
) -> Text:
    """``typos``: the language's misspellings → the word meant, applied token by token;
    ``form``: the language's normal form of a word ("грузии" → "грузия")."""
    raw = strip_commands(text or "")
    # Control, format and unassigned characters (zero-width joiners, BOMs...) become spaces.
    raw = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in raw)
    words = simplify(raw).split()[:MAX_TOKENS]
    if typos:  # a typo may stand for several words ("howmany" → "how many")
        words = [w for t in words for w in typos.get(t, t).split()]
    surface = tuple(words)
    tokens = tuple(form(w) for w in words) if form is not None else surface
    return Text(raw=raw, folded=" ".join(tokens), tokens=tokens, surface=surface)
