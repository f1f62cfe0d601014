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
from migbot.nlu.normalise import simplify
from migbot.nlu.words import STOP_WORDS

# Everyday words for a status → the word the knowledge's status value starts with.
STATUS_WORDS: dict[str, str] = {
    "active": "active",
    "ongoing": "active",
    "current": "active",
    "currently": "active",
    "running": "active",
    "open": "active",
    "live": "active",
    "completed": "completed",
    "complete": "completed",
    "finished": "completed",
    "closed": "completed",
    "ended": "completed",
    "past": "completed",
    "done": "completed",
    "discontinued": "discontinued",
    "dormant": "dormant",
    "inactive": "dormant",
}
# Everyday words → words of a project type ("trafficking" in "Counter Trafficking Projects").
TYPE_SYNONYMS: dict[str, str] = {
    "labor": "labour",
    "border": "borders",
    "trafficking": "trafficking",
    "counter": "counter",
    "research": "research",
    "data": "data",
    "emergency": "emergency",
    "law": "law",
    "policy": "policy",
}
_BLAND = frozenset(
    {"development", "management", "support", "assistance", "activities", "resources"}
)
_IGNORED = frozenset({"projects", "project", "and", "the", "of", "to", "for", "on", "a"})
# Project types written in French or Spanish on some pages, and their English twins.
_FOREIGN = {"lutte contre la traite", "investigacion y publicaciones sobre migracion"}


@dataclass(frozen=True)
class FilterHit:
    slot: str
    value: str
    positions: frozenset[int]


class FilterFinder:
    def __init__(self, records: Iterable[Record]) -> None:
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
        self.types = [
            (v, self._words(v)) for v, _ in types.most_common() if simplify(v) not in _FOREIGN
        ]
        self.regions = {simplify(v): v for v, _ in regions.most_common()}
        self.project_regions = sorted({r.idf_region for r in _projects(records) if r.idf_region})
        self.statuses = [v for v, _ in statuses.most_common()]
        self.coverages = {simplify(v): v for v in coverages}
        self.dtypes = [(v, self._words(v)) for v, _ in dtypes.most_common()]
        self.vocabulary = Vocabulary(w for _, ws in self.types + self.dtypes for w in ws)
        # Words that are something else already: never bent into a type word by typo matching.
        self.protected: frozenset[str] = frozenset()
        self.max_region = max((len(k.split()) for k in self.regions), default=1)

    def project_region(self, region: str) -> str:
        """A dialogue region as the projects write it: "Latin America" → "Latin America and
        the Caribbean"; unchanged when the projects use it as is or nothing fits."""
        if region in self.project_regions:
            return region
        key = simplify(region)
        return next((r for r in self.project_regions if key in simplify(r)), region)

    @staticmethod
    def _words(value: str) -> frozenset[str]:
        return frozenset(w for w in simplify(value).split() if w not in _IGNORED)

    def find(self, tokens: tuple[str, ...], skip: set[int]) -> list[FilterHit]:
        hits: list[FilterHit] = []
        hits += self._regions(tokens, skip)
        taken = skip | {p for h in hits for p in h.positions}
        for i, tok in enumerate(tokens):
            if i in taken:
                continue
            word = STATUS_WORDS.get(tok)
            if word:
                value = next((s for s in self.statuses if simplify(s).startswith(word)), None)
                if value:
                    hits.append(FilterHit("status", value, frozenset({i})))
            elif tok in self.coverages:
                hits.append(FilterHit("coverage", self.coverages[tok], frozenset({i})))
            elif tok == "multi" and i + 1 < len(tokens) and tokens[i + 1] == "regional":
                value = self.coverages.get("multi regional")
                if value:
                    hits.append(FilterHit("coverage", value, frozenset({i, i + 1})))
        taken |= {p for h in hits for p in h.positions}
        for slot, table in (("project_type", self.types), ("dialogue_type", self.dtypes)):
            hit = self._best_type(tokens, taken, table, slot)
            if hit:
                hits.append(hit)
                taken |= hit.positions
        return hits

    def _regions(self, tokens: tuple[str, ...], skip: set[int]) -> list[FilterHit]:
        hits: list[FilterHit] = []
        i, n = 0, len(tokens)
        while i < n:
            for size in range(min(self.max_region, n - i), 0, -1):
                span = set(range(i, i + size))
                if span & skip:
                    continue
                value = self.regions.get(" ".join(tokens[i : i + size]))
                if value:
                    hits.append(FilterHit("region", value, frozenset(span)))
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
            if i in taken or tok in STOP_WORDS or tok in _IGNORED:
                continue
            tok = TYPE_SYNONYMS.get(tok, tok)
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
            # "migration" alone names no type; another word of the type must be given.
            if got <= {"migration", "migrants", "migrant", "regional", "global"}:
                continue
            share = len(got) / len(words)
            if share < 0.5 and len(got) < 2:
                continue
            if len(got) == 1 and next(iter(got)) in _BLAND:
                continue  # "development" alone does not name "Community Development"
            key = (share, len(got), value, frozenset(seen[w] for w in got))
            if best is None or key[:2] > best[:2]:
                best = key
        if best is None:
            return None
        return FilterHit(slot, best[2], best[3])


def _projects(records: Iterable[Record]) -> list[Project]:
    return [r for r in records if isinstance(r, Project)]
