"""The intent matcher, built from each language's ``lang/<code>/intents.yaml`` at load time.

Cues are word sequences found anywhere in the question (single words also with a typo);
heads are words that point to an intent only where a question's head stands: at its start
("when was ...", "how many countries ...") or alone after the record it names ("px-0220
countries", "eu celac dialogue when"). Phrases are whole questions with ``{record}``,
``{country}`` and ``{year}`` placeholders, compared with the question after its record,
country and year have been replaced the same way (so "why was the Cluster Process set up"
lands on "why was {record} set up").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from migbot.knowledge.language import IntentWording
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.normalise import simplify

_PLACEHOLDER = re.compile(r"\{(record|country|year)\}")
PHRASE_CUTOFF = 88.0
# A word is bent into a cue by one edit at most: two make "ставить" a "стоить", "coast" a
# "cost" (names and countries keep two).
CUE_EDITS = 1


@dataclass(frozen=True)
class CueHit:
    label: str
    start: int
    end: int
    exact: bool
    head_only: bool = False  # a head word: it counts only where a question's head stands
    frame: bool = False  # a framing word: it counts only when nothing else is asked
    head: bool = False  # found where the question's head stands (set by the reader)
    modifier: bool = False  # inside a description of the record ("the co-funding project")

    @property
    def size(self) -> int:
        return self.end - self.start

    def at(self, head: bool, modifier: bool) -> CueHit:
        return replace(self, head=head, modifier=modifier)


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
        exact_only: Collection[str] = (),
        form: Callable[[str], str] | None = None,
    ) -> None:
        """``exact_only``: labels whose cues never match a typo (a misspelt word must not
        make a question off-topic: "currently" is not "currency")."""
        self.exact_only = frozenset(exact_only)
        norm = form or (lambda word: word)
        placeholders = {"record", "country", "year"}
        # word sequence → {label: (head only, frame)}
        self.cues: dict[tuple[str, ...], dict[str, tuple[bool, bool]]] = defaultdict(dict)
        phrases: list[str] = []
        self.phrase_labels: list[str] = []
        cue_words: set[str] = set()
        for spec in specs:
            for cues, kind in (
                (spec.cues, (False, False)),
                (spec.heads, (True, False)),
                (spec.frames, (False, True)),
            ):
                for cue in cues:
                    words = tuple(norm(w) for w in simplify(cue).split())
                    if words:
                        # A plain cue beats the same words listed as a head or a frame.
                        old = self.cues[words].get(spec.label, kind)
                        self.cues[words][spec.label] = (old[0] and kind[0], old[1] and kind[1])
                        cue_words.update(words)
            for phrase in spec.phrases:
                parts = [
                    w if w in placeholders else norm(w)
                    for w in simplify(_PLACEHOLDER.sub(r" \1 ", phrase)).split()
                ]
                template = " ".join(w for w in parts if w not in articles)
                if template:
                    phrases.append(template)
                    self.phrase_labels.append(spec.label)
        self.phrases = phrases
        self.max_cue = max((len(k) for k in self.cues), default=1)
        singles = [
            k[0]
            for k, labels in self.cues.items()
            if len(k) == 1
            and k[0].isalpha()
            and len(k[0]) >= 4
            and not all(head or frame for head, frame in labels.values())
            and not set(labels) <= set(exact_only)
        ]
        self.single_vocab = Vocabulary(singles)
        self.cue_words = frozenset(cue_words)
        # Words that are already something: never bend them into a cue by fuzzy matching.
        self.known = self.cue_words | frozenset(known_words)

    def match(self, tokens: tuple[str, ...], template: str) -> IntentEvidence:
        hits: list[CueHit] = []
        n = len(tokens)
        for i in range(n):
            for size in range(1, min(self.max_cue, n - i) + 1):
                labels = self.cues.get(tokens[i : i + size])
                if labels:
                    hits.extend(
                        CueHit(label, i, i + size, True, head, frame)
                        for label, (head, frame) in labels.items()
                    )
            tok = tokens[i]
            if tok not in self.known and not tok.isdigit():
                for word in self.single_vocab.close(tok, CUE_EDITS):
                    hits.extend(
                        CueHit(label, i, i + 1, False)
                        for label, (head, frame) in self.cues[(word,)].items()
                        if not (head or frame) and label not in self.exact_only
                    )
        label, score = None, 0.0
        if template and self.phrases:
            best = process.extractOne(
                template, self.phrases, scorer=fuzz.ratio, score_cutoff=PHRASE_CUTOFF
            )
            if best is not None:
                label, score = self.phrase_labels[best[2]], float(best[1])
        return IntentEvidence(tuple(hits), label, score)


def outermost(hits: Iterable[CueHit]) -> tuple[CueHit, ...]:
    """Drop a cue inside a longer one ("team" in "country teams", "hosted" in "hosted by"),
    and one that starts inside an earlier multi-word cue ("pays du" after "équipes pays"):
    words are read once, left to right, the longer cue first."""
    hits = tuple(hits)

    def covered(h: CueHit, o: CueHit) -> bool:
        inside = o.start <= h.start and h.end <= o.end and o.size > h.size
        overlapped = o.start < h.start < o.end < h.end and o.size > 1
        return inside or overlapped

    return tuple(h for h in hits if not any(covered(h, o) for o in hits if o is not h))
