"""The matchers' view of a language's words: ``lang/<code>/words.yaml`` as folded sets.

Built once per loaded knowledge base; every word here comes from the data files, so the NLU
modules hold no word of any language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from migbot.knowledge.language import Language
from migbot.nlu.normalise import simplify


def _set(words: list[str]) -> frozenset[str]:
    return frozenset(simplify(w) for w in words if simplify(w))


def _phrases(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(simplify(w) for w in words if simplify(w)))


def _runs(table: Mapping[Any, list[str]]) -> dict[tuple[str, ...], str]:
    return {tuple(simplify(p).split()): key for key, phrases in table.items() for p in phrases}


def find_runs(
    tokens: tuple[str, ...], runs: Mapping[tuple[str, ...], str]
) -> list[tuple[str, int, int]]:
    """``(value, start, end)`` of each phrase of ``runs`` in ``tokens``, longest first."""
    longest = max((len(k) for k in runs), default=0)
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            value = runs.get(tokens[i : i + size])
            if value is not None:
                found.append((value, i, i + size))
                i += size
                break
        else:
            i += 1
    return found


@dataclass(frozen=True)
class Lexicon:
    code: str
    stop: frozenset[str]
    articles: frozenset[str]
    interrogatives: frozenset[str]
    determiners: frozenset[str]
    quantifiers: frozenset[str]
    generic: frozenset[str]
    weak: frozenset[str]
    domain: frozenset[str]
    filler: frozenset[str]
    kind_of: dict[str, str]  # kind word → dialogue | project
    plural_kinds: frozenset[str]
    singular_kind_words: dict[str, tuple[str, ...]]  # kind → its singular words, in order
    singular_kinds: frozenset[str]
    typos: dict[str, str]
    follow_up: frozenset[str]
    follow_up_openers: frozenset[str]
    aggregate: frozenset[str]
    fund: frozenset[str]
    count: tuple[str, ...]
    ordinals: dict[str, int]
    choice_filler: frozenset[str]
    before: tuple[str, ...]
    after: tuple[str, ...]
    before_trailing: tuple[str, ...]
    after_trailing: tuple[str, ...]
    year_start: frozenset[str]
    year_end: frozenset[str]
    year_active: frozenset[str]
    statuses: dict[str, str]
    status_joiners: frozenset[str]
    type_synonyms: dict[str, str]
    bland_type_words: frozenset[str]
    non_type_words: frozenset[str]
    ranks: dict[tuple[str, ...], str]  # phrase as tokens → rank
    details: dict[tuple[str, ...], str]  # phrase as tokens → detail
    thanks: tuple[str, ...]
    bye: tuple[str, ...]
    country_abbreviations: dict[str, str]
    country_names: dict[str, str]

    @classmethod
    def of(cls, language: Language) -> Lexicon:
        w = language.words
        kind_of: dict[str, str] = {}
        plural: set[str] = set()
        singular: set[str] = set()
        for kind, words in w.kinds.items():
            for word in words.singular:
                kind_of[simplify(word)] = kind
                singular.add(simplify(word))
            for word in words.plural:
                kind_of[simplify(word)] = kind
                plural.add(simplify(word))
            for word in words.other:
                kind_of[simplify(word)] = kind
        y = w.years
        return cls(
            code=language.code,
            stop=_set(w.stop),
            articles=_set(w.articles),
            interrogatives=_set(w.interrogatives),
            determiners=_set(w.determiners),
            quantifiers=_set(w.quantifiers),
            generic=_set(w.generic),
            weak=_set(w.weak),
            domain=_set(w.domain),
            filler=_set(w.filler),
            kind_of=kind_of,
            plural_kinds=frozenset(plural),
            singular_kind_words={
                kind: tuple(simplify(x) for x in words.singular) for kind, words in w.kinds.items()
            },
            singular_kinds=frozenset(singular),
            typos={simplify(k): simplify(v) for k, v in w.typos.items()},
            follow_up=_set(w.follow_up),
            follow_up_openers=_set(w.follow_up_openers),
            aggregate=_set(w.aggregate),
            fund=_set(w.fund),
            count=_phrases(w.count),
            ordinals={simplify(k): v for k, v in w.ordinals.items()},
            choice_filler=_set(w.choice_filler),
            before=_phrases(y.before),
            after=_phrases(y.after),
            before_trailing=_phrases(y.before_trailing),
            after_trailing=_phrases(y.after_trailing),
            year_start=_set(y.start),
            year_end=_set(y.end),
            year_active=_set(y.active),
            statuses={simplify(k): simplify(v) for k, v in w.statuses.items()},
            status_joiners=_set(w.status_joiners),
            type_synonyms={simplify(k): simplify(v) for k, v in w.type_synonyms.items()},
            bland_type_words=_set(w.bland_type_words),
            non_type_words=_set(w.non_type_words),
            ranks=_runs(w.ranks),
            details=_runs(w.details),
            thanks=_phrases(w.thanks),
            bye=_phrases(w.bye),
            country_abbreviations=dict(language.countries.abbreviations),
            country_names=dict(language.countries.names),
        )
