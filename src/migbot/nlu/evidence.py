"""What a question says, piece by piece, before anything is decided.

``Evidence`` holds every finding with the token positions it came from: records named by
identifier or name, fuzzy record candidates, countries, years, filters, kind words, cue
and head words of intents, and the shape of the question (count, rank, detail). The rules
in ``decide.py`` read it; nothing here decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migbot.nlu.countries import CountryHit
from migbot.nlu.filters import FilterHit
from migbot.nlu.intents import CueHit, IntentEvidence
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import Text

# A fuzzy record candidate: (record id, score in 0..1, question positions it explains).
Fuzzy = tuple[str, float, frozenset[int]]


@dataclass
class Evidence:
    text: Text
    lex: Lexicon  # the words of the language the question is read in
    ids: list[str] = field(default_factory=list)  # records named by identifier
    unknown_ids: list[str] = field(default_factory=list)  # identifiers the knowledge lacks
    exact: list[tuple[set[str], int]] = field(default_factory=list)  # (ids, words) per name
    record_positions: set[int] = field(default_factory=set)
    fuzzy: list[Fuzzy] = field(default_factory=list)
    countries: list[CountryHit] = field(default_factory=list)
    years: list[tuple[int, str]] = field(default_factory=list)
    year_positions: set[int] = field(default_factory=set)
    year_of: str | None = None  # start | end | active
    year_of_positions: set[int] = field(default_factory=set)  # the word that said so
    filters: list[FilterHit] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    plural_kind: bool = False
    quantified: set[int] = field(default_factory=set)  # kind words after "any", "all"
    plurals: set[int] = field(default_factory=set)  # kind words written in the plural
    intent: IntentEvidence = field(default_factory=lambda: IntentEvidence((), None, 0.0))
    places: set[int] = field(default_factory=set)
    filler: set[int] = field(default_factory=set)
    counting: bool = False  # "how many ..."
    rank: str | None = None
    rank_positions: set[int] = field(default_factory=set)
    detail: str | None = None
    detail_at: dict[int, str] = field(default_factory=dict)  # position → the detail it says

    @property
    def detail_positions(self) -> set[int]:
        return set(self.detail_at)

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.text.tokens

    def country_positions(self) -> set[int]:
        return {i for c in self.countries for i in range(c.start, c.end)}

    def filter_positions(self) -> set[int]:
        return {i for f in self.filters for i in f.positions}

    def cues(self) -> tuple[CueHit, ...]:
        return self.intent.cues

    def named_records(self) -> list[str]:
        """Records named exactly: identifiers first, then names, acronyms and aliases."""
        out = list(self.ids)
        for ids, _ in self.exact:
            out += [rid for rid in sorted(ids) if rid not in out]
        return out

    def strongly_named(self) -> bool:
        """An identifier, or a name of two words or more (an acronym alone is weaker)."""
        return bool(self.ids) or any(size >= 2 for _, size in self.exact)
