"""The matchers' view of a language's words: ``lang/<code>/words.yaml`` as folded sets.

Built once per loaded knowledge base; every word here comes from the data files, so the NLU
modules hold no word of any language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from migbot.knowledge.language import Language
from migbot.nlu.normalise import simplify
from migbot.nlu.wordforms import Form, identity, place_forms, word_forms


class _Keys:
    """Words as the matchers compare them: folded, and each reduced to its normal form."""

    def __init__(self, form: Form) -> None:
        self.form = form

    def key(self, text: str) -> str:
        return " ".join(self.form(w) for w in simplify(text).split())

    def set(self, words: list[str]) -> frozenset[str]:
        return frozenset(k for k in map(self.key, words) if k)

    def phrases(self, words: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for k in map(self.key, words) if k))

    def runs(self, table: Mapping[Any, list[str]]) -> dict[tuple[str, ...], str]:
        return {
            tuple(self.key(p).split()): value for value, phrases in table.items() for p in phrases
        }


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
    # Plural kind words as written, where the word-form library reduces them to the
    # singular's form ("проекты" → "проект"): the written form tells the plural.
    plural_forms: frozenset[str]
    # Kind words spelt alike in the singular and the plural ("processus"), and the words
    # before them that make them plural ("les processus"), or right after them as written
    # ("processus consultatifs").
    either_number: frozenset[str]
    plural_markers: frozenset[str]
    name_links: frozenset[str]  # "de" of "Processus de Quito"
    plural_marker_spellings: frozenset[str]
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
    name_words: dict[str, frozenset[str]]  # a word → the record-name words it translates
    bland_type_words: frozenset[str]
    non_type_words: frozenset[str]
    keyword_companions: dict[str, frozenset[str]]  # keyword → words that only qualify it
    ranks: dict[tuple[str, ...], str]  # phrase as tokens → rank
    details: dict[tuple[str, ...], str]  # phrase as tokens → detail
    thanks: tuple[str, ...]
    bye: tuple[str, ...]
    country_abbreviations: dict[str, str]
    country_names: dict[str, str]
    regions: dict[str, str]  # region name in this language → the knowledge's region value
    region_nouns: frozenset[str]  # "region", "région", "регион"
    negations: frozenset[str]  # "not", "ne", "не": the status after them is denied
    coverages: dict[str, str]  # coverage word → the knowledge's coverage value
    form: Form  # a folded word → its normal form in this language
    place: Form  # a folded word → the form country names are compared in
    not_countries: frozenset[str]  # words of this language never read as a country

    @classmethod
    def of(cls, language: Language, *, as_spelt: bool = False) -> Lexicon:
        """``language``'s words in its normal forms; ``as_spelt``: as written (folded only),
        the way names are indexed."""
        w = language.words
        form = identity if as_spelt else word_forms(w.word_forms, language.code)
        place = identity if as_spelt else place_forms(w.word_forms, language.code)
        k = _Keys(form)
        place_key = _Keys(place).key
        kind_of: dict[str, str] = {}
        plural: set[str] = set()
        plural_forms: set[str] = set()
        either: set[str] = set()
        singular: set[str] = set()
        for kind, words in w.kinds.items():
            for word in words.singular:
                kind_of[k.key(word)] = kind
                singular.add(k.key(word))
        for kind, words in w.kinds.items():
            # A spelling both singular and plural ("processus") says neither by itself.
            spelt_singular = {simplify(x) for x in words.singular}
            for word in words.plural:
                kind_of[k.key(word)] = kind
                if k.key(word) in singular:
                    if simplify(word) in spelt_singular:
                        either.add(simplify(word))
                    else:
                        plural_forms.add(simplify(word))
                else:
                    plural.add(k.key(word))
            for word in words.other:
                kind_of[k.key(word)] = kind
        y = w.years
        return cls(
            code=language.code,
            stop=k.set(w.stop),
            articles=k.set(w.articles),
            interrogatives=k.set(w.interrogatives),
            determiners=k.set(w.determiners),
            quantifiers=k.set(w.quantifiers),
            generic=k.set(w.generic),
            weak=k.set(w.weak),
            domain=k.set(w.domain),
            filler=k.set(w.filler),
            kind_of=kind_of,
            plural_kinds=frozenset(plural),
            plural_forms=frozenset(plural_forms),
            either_number=frozenset(either),
            plural_markers=k.set(w.plural_markers),
            name_links=k.set(w.name_links),
            plural_marker_spellings=frozenset(simplify(x) for x in w.plural_markers),
            singular_kind_words={
                kind: tuple(k.key(x) for x in words.singular) for kind, words in w.kinds.items()
            },
            singular_kinds=frozenset(singular),
            typos={simplify(a): simplify(b) for a, b in w.typos.items()},
            follow_up=k.set(w.follow_up),
            follow_up_openers=k.set(w.follow_up_openers),
            aggregate=k.set(w.aggregate),
            fund=k.set(w.fund),
            count=k.phrases(w.count),
            ordinals={k.key(a): v for a, v in w.ordinals.items()},
            choice_filler=k.set(w.choice_filler),
            before=k.phrases(y.before),
            after=k.phrases(y.after),
            before_trailing=k.phrases(y.before_trailing),
            after_trailing=k.phrases(y.after_trailing),
            year_start=k.set(y.start),
            year_end=k.set(y.end),
            year_active=k.set(y.active),
            statuses={k.key(a): simplify(b) for a, b in w.statuses.items()},
            status_joiners=k.set(w.status_joiners),
            type_synonyms={k.key(a): simplify(b) for a, b in w.type_synonyms.items()},
            name_words={
                k.key(a): frozenset(simplify(" ".join(b)).split()) for a, b in w.name_words.items()
            },
            bland_type_words=k.set(w.bland_type_words),
            non_type_words=k.set(w.non_type_words),
            keyword_companions={
                simplify(a): frozenset(simplify(" ".join(b)).split())
                for a, b in w.keyword_companions.items()
            },
            ranks=k.runs(w.ranks),
            details=k.runs(w.details),
            thanks=k.phrases(w.thanks),
            bye=k.phrases(w.bye),
            country_abbreviations={
                place_key(a): c for a, c in language.countries.abbreviations.items()
            },
            country_names={place_key(a): c for a, c in language.countries.names.items()},
            not_countries=frozenset(map(place_key, language.countries.ignore)),
            regions={k.key(a): v for a, v in w.regions.items()},
            region_nouns=k.set(w.region_nouns),
            negations=k.set(w.negations),
            coverages={k.key(a): v for a, v in w.coverages.items()},
            form=form,
            place=place,
        )

    @classmethod
    def union(cls, lexicons: list[Lexicon]) -> Lexicon:
        """Every language's words at once: what names written in any of them need (function
        words, generic words). The first lexicon wins where two map a word differently."""
        merged: dict[str, Any] = {}
        for f in fields(cls):
            values = [getattr(x, f.name) for x in lexicons]
            if f.name == "code":
                merged[f.name] = "+".join(values)
            elif f.name in ("form", "place"):
                merged[f.name] = identity
            elif isinstance(values[0], frozenset):
                merged[f.name] = frozenset().union(*values)
            elif isinstance(values[0], dict):
                merged[f.name] = {k: v for d in reversed(values) for k, v in d.items()}
            else:
                merged[f.name] = tuple(dict.fromkeys(v for t in values for v in t))
        return cls(**merged)
