"""Typo-tolerant lookup of one word in a vocabulary (why: "clustr", "budjet", "meetngs").

Optimal-string-alignment distance counts a swap of two letters as one edit ("hepl" →
"help"). Short words get at most one edit, longer ones two; words under four letters are
never bent, so "in", "us" or "me" stay what they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


def allowed_edits(word: str) -> int:
    n = len(word)
    if n < 4:
        return 0
    return 1 if n <= 6 else 2


class Vocabulary:
    """A set of words, bucketed by length so a typo is compared with few candidates."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        buckets: dict[int, list[str]] = defaultdict(list)
        for w in sorted(self.words):
            buckets[len(w)].append(w)
        self._buckets = dict(buckets)
        self._cache: dict[str, tuple[str, ...]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def close(self, word: str, max_edits: int = 2) -> tuple[str, ...]:
        """Exact word, else the vocabulary words at the smallest allowed edit distance."""
        if word in self.words:
            return (word,)
        key = f"{max_edits}:{word}"
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        limit = min(allowed_edits(word), max_edits)
        found: tuple[str, ...] = ()
        if limit and word.isalpha():
            best = limit + 1
            hits: list[str] = []
            for size in range(len(word) - limit, len(word) + limit + 1):
                bucket = self._buckets.get(size)
                if not bucket:
                    continue
                for cand, dist, _ in process.extract(
                    word, bucket, scorer=OSA.distance, score_cutoff=limit, limit=8
                ):
                    # The first letter is rarely mistyped; requiring it avoids silly bends.
                    if cand[0] != word[0] and dist > 1:
                        continue
                    if dist < best:
                        best, hits = int(dist), [cand]
                    elif dist == best:
                        hits.append(cand)
            found = tuple(hits)
        if len(self._cache) < 50_000:
            self._cache[key] = found
        return found
