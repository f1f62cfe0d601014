"""``Action`` ↔ Telegram callback data: at most 64 bytes, versioned, validated on the way in.

Format (version 1): ``1|<kind>|<field>|<field>...`` where each field is a one-letter tag and
a value: ``L`` the language the press answers in (``Lfr``; absent on buttons made before
languages, which answer in the chat's), ``e`` record key, ``s`` section code, ``p`` page,
``c`` country (alpha-2), ``i`` intent code, ``f`` a list filter (``f<k><value>``), ``g`` all
list filters in one compact part when one part each would not fit. Sections and intents
travel as their ``code`` of knowledge/intents.yaml, never as a list position, so adding an
intent changes no old button; the codes 0-9 are the indices buttons carried before codes
existed, and the two-digit indices 10-13 those buttons used are still read
(``LEGACY_INTENT_INDEX``).

A record id can be ~60 characters, so a record travels as an 8-character key (base32 of a
blake2b hash of the id) resolved through the loaded knowledge; long filter values travel
hashed the same way. Nothing is kept on the server, so a button keeps working after a
restart and on any replica that has the same knowledge. ``decode`` rebuilds the ``Action``
and accepts the data only if it re-encodes to exactly the same bytes: forged, stale or
oversized data gives ``None``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from pydantic import ValidationError

from migbot.answers.reply import Action
from migbot.knowledge.loader import KnowledgeBase
from migbot.languages import LANGUAGES
from migbot.telegram.perkb import PerKnowledge

VERSION = "1"
MAX_BYTES = 64
ENCODED_MAX = 8192  # actions remembered per knowledge base (a few hundred in practice)

KIND_CODES = {
    "home": "h",
    "help": "?",
    "open": "o",
    "list": "l",
    "country": "c",
    "choose": "x",
    "none": "n",
    "map": "m",
}
CODE_KINDS = {v: k for k, v in KIND_CODES.items()}

# Before intents had codes, an intent travelled as its position in a fixed tuple; the
# positions 0-9 are the codes of today, and these four two-digit ones map to their codes.
LEGACY_INTENT_INDEX = {"10": "a", "11": "b", "12": "c", "13": "d"}

FILTER_CODES = {
    "kind": "k",
    "country": "c",
    "year": "y",
    "project_type": "t",
    "region": "r",
    "status": "s",
    "year_op": "o",  # before / after / in (answers' list filters)
    "show": "w",  # "meetings": a list action paging through meetings (answers)
    "year_of": "f",  # start / end / active: which date ``year`` is about
    "coverage": "v",
    "dialogue_type": "d",
    "keywords": "q",  # a word of record names ("diaspora"), one part per word
    "rank": "n",  # most_members, oldest, largest_budget…: a ranked list
}
CODE_FILTERS = {v: k for k, v in FILTER_CODES.items()}
# Filters whose values are a few fixed words travel as one character (``f<k>:<c>``): a list
# with many filters must still fit 64 bytes. Fixed forever, like the codes above.
ENUM_CODES: dict[str, dict[str, str]] = {
    "year_of": {"start": "s", "end": "e", "active": "a"},
    "rank": {
        "most_members": "m",
        "fewest_members": "f",
        "oldest": "o",
        "newest": "n",
        "largest_budget": "b",
        "smallest_budget": "s",
    },
}
CODE_ENUMS = {name: {v: k for k, v in codes.items()} for name, codes in ENUM_CODES.items()}
# When the filters do not fit one part each, they travel in one compact part ``g<item>,…``
# where the other fixed words are one character too (only then: older buttons keep their
# data). ``decode`` accepts that part only where ``encode`` makes it.
COMPACT_ENUMS: dict[str, dict[str, str]] = {
    **ENUM_CODES,
    "kind": {"dialogue": "d", "project": "p"},
    "year_op": {"in": "i", "before": "b", "after": "a"},
    "show": {"meetings": "m", "by_country": "c"},
}
COMPACT_CODES = {name: {v: k for k, v in c.items()} for name, c in COMPACT_ENUMS.items()}

# What an action of each kind cannot do without (a button never lacks it).
_REQUIRED = {"open": ("entity",), "country": ("country",), "choose": ("intent",)}

_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.-]{1,10}")
# A word of record names ("diaspora", "reintegration") as understanding writes it: sent as is
# (it cannot be resolved from a hash: the knowledge lists no such words).
_KEYWORD = re.compile(r"[a-z0-9]{1,20}")


def _plain(name: str, value: str) -> bool:
    """Whether a filter value travels as written (else hashed)."""
    return bool(_PLAIN_VALUE.fullmatch(value) or (name == "keywords" and _KEYWORD.fullmatch(value)))


_COUNTRY = re.compile(r"[A-Z]{2}")


def short_key(value: str, length: int = 8) -> str:
    """A short stable key of ``value``: lowercase base32 of a blake2b hash."""
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=10).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:length]


class Keys:
    """Short key → record id / filter value, built once per loaded knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.records = {short_key(rid): rid for rid in kb.records}
        self.values = {short_key(v, 6): v for v in _filter_values(kb)}
        # Action → its checked callback data: most buttons (Home, a record's sections) recur
        # from answer to answer, and the round-trip check costs a validation per button.
        self.encoded: dict[Action, str | None] = {}


def _filter_values(kb: KnowledgeBase) -> Iterable[str]:
    """Every string a list filter may carry (so a hashed value can be resolved)."""
    for record in kb.records.values():
        for name in ("project_type", "idf_region", "status", "type", "coverage", "kind"):
            value = getattr(record, name, None)
            if isinstance(value, str):
                yield value
        for name in ("regions",):
            for value in getattr(record, name, None) or ():
                if isinstance(value, str):
                    yield value
    yield from kb.regions.parents


keys_for = PerKnowledge(Keys)


def encode(action: Action, kb: KnowledgeBase) -> str | None:
    """The callback data of ``action``, or None when it cannot be carried in 64 bytes.

    Also None when the data would not decode back to the same action (e.g. a hashed filter
    value the knowledge does not hold): a button must never carry data we would refuse.
    """
    keys = keys_for(kb)
    try:
        return keys.encoded[action]
    except KeyError:
        pass
    data = _encode(action, kb)
    checked = data if data is not None and decode(data, kb) == action else None
    if len(keys.encoded) >= ENCODED_MAX:
        keys.encoded.clear()
    keys.encoded[action] = checked
    return checked


def _encode(action: Action, kb: KnowledgeBase) -> str | None:
    parts = [VERSION, KIND_CODES[action.kind]]
    if action.lang is not None:
        if action.lang not in LANGUAGES:
            return None
        parts.append("L" + action.lang)
    if action.entity is not None:
        if action.entity not in kb.records:
            return None
        parts.append("e" + short_key(action.entity))
    table = kb.intent_table
    if action.section is not None:
        if not table.is_section(action.section):
            return None
        parts.append(f"s{table.code(action.section)}")
    if action.page:
        parts.append(f"p{action.page}")
    if action.country is not None:
        if not _COUNTRY.fullmatch(action.country):
            return None
        parts.append("c" + action.country)
    if action.intent is not None:
        code = table.code(action.intent)
        if code is None:
            return None
        parts.append(f"i{code}")
    head = list(parts)
    for name, value in action.filters:
        code = FILTER_CODES.get(name)
        if code is None:
            return None
        if name in ENUM_CODES:  # one of a few words: one character
            short = ENUM_CODES[name].get(value)
            if short is None:
                return None
            parts.append(f"f{code}:{short}")
        elif _plain(name, value):
            parts.append(f"f{code}={value}")
        else:
            parts.append(f"f{code}~{short_key(value, 6)}")
    data = "|".join(parts)
    if len(data.encode("utf-8")) > MAX_BYTES and action.filters:
        # Too many filters for one part each: all of them in one compact part instead.
        data = "|".join([*head, "g" + ",".join(_compact(name, v) for name, v in action.filters)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        return None
    return data


def _compact(name: str, value: str) -> str:
    """One filter of the compact part: its code, then ``:`` and an enum character, ``~``
    and a hash, or the plain value itself."""
    code = FILTER_CODES[name]
    short = COMPACT_ENUMS.get(name, {}).get(value)
    if short is not None:
        return f"{code}:{short}"
    if _plain(name, value):
        return code + value
    return f"{code}~{short_key(value, 6)}"


def decode(data: str | None, kb: KnowledgeBase) -> Action | None:
    """The ``Action`` of callback ``data``, or None for anything forged, stale or malformed."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split("|")
    if len(parts) < 2 or parts[0] != VERSION or parts[1] not in CODE_KINDS:
        return None
    keys = keys_for(kb)
    table = kb.intent_table
    fields: dict[str, object] = {"kind": CODE_KINDS[parts[1]]}
    filters: list[tuple[str, str]] = []
    try:
        for n, part in enumerate(parts[2:], 2):
            tag, value = part[:1], part[1:]
            if tag == "L":
                fields["lang"] = value
            elif tag == "e":
                fields["entity"] = keys.records[value]
            elif tag == "s":
                section = table.label_of(value)
                if not table.is_section(section):
                    return None
                fields["section"] = section
            elif tag == "p":
                fields["page"] = _index(value)
            elif tag == "c":
                fields["country"] = value
            elif tag == "i":
                if value in LEGACY_INTENT_INDEX:  # an old button: read as today's code
                    value = LEGACY_INTENT_INDEX[value]
                    parts[n] = tag + value
                intent = table.label_of(value)
                if intent is None:
                    return None
                fields["intent"] = intent
            elif tag == "f":
                name = CODE_FILTERS[value[:1]]
                if value[1:2] == "=":
                    filters.append((name, value[2:]))
                elif value[1:2] == "~":
                    filters.append((name, keys.values[value[2:]]))
                elif value[1:2] == ":":
                    filters.append((name, CODE_ENUMS[name][value[2:]]))
                else:
                    return None
            elif tag == "g":
                for item in value.split(","):
                    name, token = CODE_FILTERS[item[:1]], item[1:]
                    if token[:1] == "~":
                        filters.append((name, keys.values[token[1:]]))
                    elif token[:1] == ":":
                        filters.append((name, COMPACT_CODES[name][token[1:]]))
                    elif _plain(name, token):
                        filters.append((name, token))
                    else:
                        return None
            else:
                return None
        fields["filters"] = tuple(filters)
        action = Action.model_validate(fields)
    except (KeyError, IndexError, ValueError, ValidationError):
        return None
    if any(getattr(action, name) is None for name in _REQUIRED.get(action.kind, ())):
        return None
    if action.kind == "map" and action.entity is None and action.country is None:
        return None  # a map of nothing
    # Canonical form only: the data must be exactly what ``encode`` would have produced.
    return action if _encode(action, kb) == "|".join(parts) else None


def _index(value: str) -> int:
    if not value.isdigit() or len(value) > 3 or (value.startswith("0") and value != "0"):
        raise ValueError(value)
    return int(value)


# The buttons of /language travel apart from actions (``1|…``): they set the chat's
# language rather than ask the assistant anything, and ``decode`` refuses their data.
LANGUAGE_TAG = "lang|"


def encode_language(lang: str) -> str:
    """The callback data of the /language button choosing ``lang`` (one of ``LANGUAGES``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"not a language of answers: {lang!r}")
    return LANGUAGE_TAG + lang


def decode_language(data: str | None) -> str | None:
    """The language a /language button chooses, or None for any other data."""
    if data is None or not data.startswith(LANGUAGE_TAG):
        return None
    lang = data[len(LANGUAGE_TAG) :]
    return lang if lang in LANGUAGES else None
