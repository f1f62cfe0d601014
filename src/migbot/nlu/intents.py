"""The intent matcher, built from ``knowledge/intents.yaml`` at load time.

Cues are word sequences found anywhere in the question (single words also with a typo);
phrases are whole questions with ``{record}``, ``{country}`` and ``{year}`` placeholders,
compared with the question after its record, country and year have been replaced the same
way (so "why was the Cluster Process set up" lands on "why was {record} set up").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from migbot.knowledge.language import IntentWording
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.normalise import simplify

_PLACEHOLDER = re.compile(r"\{(record|country|year)\}")
PHRASE_CUTOFF = 88.0


@dataclass(frozen=True)
class CueHit:
    label: str
    start: int
    end: int
    exact: bool

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class IntentEvidence:
    cues: tuple[CueHit, ...]
    phrase_label: str | None
    phrase_score: float

    def labels(self) -> set[str]:
        return {c.label for c in self.cues}

    def positions(self, label: str | None = None) -> set[int]:
        return {
            i for c in self.cues if label is None or c.label == label for i in range(c.start, c.end)
        }


class IntentMatcher:
    def __init__(
        self,
        specs: Iterable[IntentWording],
        articles: Collection[str] = (),
        known_words: Collection[str] = (),
    ) -> None:
        self.cues: dict[tuple[str, ...], set[str]] = defaultdict(set)
        phrases: list[str] = []
        self.phrase_labels: list[str] = []
        cue_words: set[str] = set()
        for spec in specs:
            for cue in spec.cues:
                words = tuple(simplify(cue).split())
                if words:
                    self.cues[words].add(spec.label)
                    cue_words.update(words)
            for phrase in spec.phrases:
                parts = simplify(_PLACEHOLDER.sub(r" \1 ", phrase)).split()
                template = " ".join(w for w in parts if w not in articles)
                if template:
                    phrases.append(template)
                    self.phrase_labels.append(spec.label)
        self.phrases = phrases
        self.max_cue = max((len(k) for k in self.cues), default=1)
        singles = [k[0] for k in self.cues if len(k) == 1 and k[0].isalpha() and len(k[0]) >= 4]
        self.single_vocab = Vocabulary(singles)
        # Words that are already something: never bend them into a cue by fuzzy matching.
        self.known = frozenset(cue_words) | frozenset(known_words)

    def match(self, tokens: tuple[str, ...], template: str) -> IntentEvidence:
        hits: list[CueHit] = []
        n = len(tokens)
        for i in range(n):
            for size in range(1, min(self.max_cue, n - i) + 1):
                labels = self.cues.get(tokens[i : i + size])
                if labels:
                    hits.extend(CueHit(label, i, i + size, True) for label in labels)
            tok = tokens[i]
            if tok not in self.known and not tok.isdigit():
                for word in self.single_vocab.close(tok):
                    hits.extend(CueHit(label, i, i + 1, False) for label in self.cues[(word,)])
        label, score = None, 0.0
        if template and self.phrases:
            best = process.extractOne(
                template, self.phrases, scorer=fuzz.ratio, score_cutoff=PHRASE_CUTOFF
            )
            if best is not None:
                label, score = self.phrase_labels[best[2]], float(best[1])
        return IntentEvidence(tuple(hits), label, score)
