"""Filters of cross-record questions, resolved to values that exist in the knowledge.

``project_type``, ``region``, ``status``, ``coverage`` and ``dialogue_type`` slots hold a
value exactly as the knowledge writes it, so the answers layer can filter with ``==``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from migbot.knowledge.models import Dialogue, Project, Record
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import simplify

# "qui ne sont plus actifs": a negation this many words before a status denies it.
NEGATION_REACH = 3
# "la région de l'Europe": the function words a region's noun may stand apart by.
REGION_NOUN_REACH = 3


@dataclass(frozen=True)
class FilterHit:
    slot: str
    value: str
    positions: frozenset[int]


class FilterFinder:
    def __init__(
        self, records: Iterable[Record], lex: Lexicon, value_stop: frozenset[str] = frozenset()
    ) -> None:
        """``value_stop``: the function words of the language the knowledge's values are
        written in ("and", "to" in "Immigration and Borders"), when ``lex`` is another's."""
        self.lex = lex
        # Words that join or frame a type name ("projects", "of"): never a type word.
        self.ignored = lex.stop | lex.plural_kinds | lex.singular_kinds
        self.value_ignored = self.ignored | value_stop
        records = list(records)
        types: Counter[str] = Counter()
        regions: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        coverages: Counter[str] = Counter()
        dtypes: Counter[str] = Counter()
        for rec in records:
            if rec.status:
                statuses[rec.status] += 1
            if isinstance(rec, Project):
                if rec.project_type:
                    types[rec.project_type] += 1
                if rec.idf_region:
                    regions[rec.idf_region] += 1
                if rec.coverage:
                    coverages[rec.coverage] += 1
            elif isinstance(rec, Dialogue):
                regions.update(rec.regions)
                if rec.type:
                    dtypes[rec.type] += 1
        self.types = [(v, self._words(v)) for v, _ in types.most_common()]
        self.regions = {simplify(v): v for v, _ in regions.most_common()}
        self.regions.update(lex.regions)  # the language's names for them
        self.project_regions = sorted({r.idf_region for r in _projects(records) if r.idf_region})
        self.statuses = [v for v, _ in statuses.most_common()]
        self.coverages = {simplify(v): v for v in coverages}
        self.coverages.update(lex.coverages)
        self.dtypes = [(v, self._words(v)) for v, _ in dtypes.most_common()]
        self.vocabulary = Vocabulary(w for _, ws in self.types + self.dtypes for w in ws)
        # Words that are something else already: never bent into a type word by typo matching.
        self.protected: frozenset[str] = frozenset()

    def project_region(self, region: str) -> str:
        """A dialogue region as the projects write it: "Latin America" → "Latin America and
        the Caribbean"; unchanged when the projects use it as is or nothing fits."""
        if region in self.project_regions:
            return region
        key = simplify(region)
        return next((r for r in self.project_regions if key in simplify(r)), region)

    def _words(self, value: str) -> frozenset[str]:
        return frozenset(w for w in simplify(value).split() if w not in self.value_ignored)

    def find(self, tokens: tuple[str, ...], skip: set[int]) -> list[FilterHit]:
        hits: list[FilterHit] = []
        hits += [
            self._with_noun(h, tokens, skip)
            for h in self._spans(tokens, skip, self.regions, "region")
        ]
        taken = skip | {p for h in hits for p in h.positions}
        for i, tok in enumerate(tokens):
            if i in taken:
                continue
            word = self.lex.statuses.get(tok)
            if word:
                value = next((s for s in self.statuses if simplify(s).startswith(word)), None)
                denied = range(max(0, i - NEGATION_REACH), i)
                if value and any(tokens[j] in self.lex.negations for j in denied):
                    # "no longer active": every other status
                    others = [s for s in self.statuses if s != value]
                    hits += [FilterHit("status", s, frozenset({i})) for s in others]
                elif value:
                    hits.append(FilterHit("status", value, frozenset({i})))
        taken |= {p for h in hits for p in h.positions}
        # Types before coverage: "inter-regional forums" is a type, not regional coverage.
        for slot, table in (("project_type", self.types), ("dialogue_type", self.dtypes)):
            hit = self._best_type(tokens, taken, table, slot)
            if hit:
                hits.append(hit)
                taken |= hit.positions
        hits += self._spans(tokens, taken, self.coverages, "coverage")
        return hits

    def _with_noun(self, hit: FilterHit, tokens: tuple[str, ...], skip: set[int]) -> FilterHit:
        """A region with the word that calls it one ("the Europe region", "la région de
        l'Europe"): that word is the filter's too, never a record's name word."""
        start, end = min(hit.positions), max(hit.positions) + 1
        nouns = self.lex.region_nouns
        taken = set(hit.positions)
        if end < len(tokens) and end not in skip and tokens[end] in nouns:
            taken.add(end)
        j = start - 1
        while j >= 0 and tokens[j] in self.lex.stop and start - j <= REGION_NOUN_REACH:
            j -= 1
        if j >= 0 and j not in skip and tokens[j] in nouns:
            taken.add(j)
        return FilterHit(hit.slot, hit.value, frozenset(taken))

    def _spans(
        self, tokens: tuple[str, ...], skip: set[int], table: dict[str, str], slot: str
    ) -> list[FilterHit]:
        """Values written as word runs ("latin america", "multi regional"), longest first."""
        hits: list[FilterHit] = []
        i, n = 0, len(tokens)
        longest = max((len(k.split()) for k in table), default=1)
        while i < n:
            for size in range(min(longest, n - i), 0, -1):
                span = set(range(i, i + size))
                if span & skip:
                    continue
                value = table.get(" ".join(tokens[i : i + size]))
                if value:
                    hits.append(FilterHit(slot, value, frozenset(span)))
                    i += size
                    break
            else:
                i += 1
        return hits

    def _best_type(
        self,
        tokens: tuple[str, ...],
        taken: set[int],
        table: list[tuple[str, frozenset[str]]],
        slot: str,
    ) -> FilterHit | None:
        # Each free question word → the type words it may be (exact, synonym or a typo).
        seen: dict[str, int] = {}
        for i, tok in enumerate(tokens):
            synonym = self.lex.type_synonyms.get(tok)
            # A kind word may also be a word of a type ("consultatif" stems like
            # "consultation"): a synonym the language gives for it says so.
            if i in taken or (tok in self.ignored and synonym is None):
                continue
            # A word of the question's language may stand for an English word of the values.
            english = sorted(self.lex.name_words.get(tok, frozenset()) & self.vocabulary.words)
            tok = synonym or (english[0] if english else tok)
            if tok in self.vocabulary:
                seen.setdefault(tok, i)
            elif tok not in self.protected:
                for w in self.vocabulary.close(tok):
                    seen.setdefault(w, i)
            if tok.endswith("s") and tok[:-1] in self.vocabulary:
                seen.setdefault(tok[:-1], i)
        best: tuple[float, int, str, frozenset[int]] | None = None
        for value, words in table:
            got = words & seen.keys()
            if not got:
                continue
            # Type words are the knowledge's own; the language's lists hold normal forms.
            forms = {self.lex.form(w) for w in got}
            # "migration" alone names no type; another word of the type must be given.
            if forms <= self.lex.non_type_words:
                continue
            share = len(got) / len(words)
            if share < 0.5 and len(got) < 2:
                continue
            if len(got) == 1 and forms <= self.lex.bland_type_words:
                continue  # "development" alone does not name "Community Development"
            key = (share, len(got), value, frozenset(seen[w] for w in got))
            if best is None or key[:2] > best[:2]:
                best = key
        if best is None:
            return None
        return FilterHit(slot, best[2], best[3])


def _projects(records: Iterable[Record]) -> list[Project]:
    return [r for r in records if isinstance(r, Project)]
