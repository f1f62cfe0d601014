"""``Understanding``: a question (and the conversation context) → a ``Reading``.

All indices are built once, at construction; ``understand`` only looks things up. The order
of evidence: identifiers, exact names and acronyms, then fuzzy names; countries, years and
filters; intent cues and phrases. Then a decision: answer when confident, clarify when two
readings are close, out_of_scope when nothing fits — a wrong confident answer is the worst
outcome, so words that belong to no part of the knowledge count against answering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migbot.context import Context
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Record
from migbot.nlu.countries import CountryFinder, CountryHit
from migbot.nlu.decide import (
    CHAT_INTENTS,
    RECORD_INTENTS,
    best_record_intent,
    clarify,
    pick_offered,
)
from migbot.nlu.entities import RecordIndex, content_words
from migbot.nlu.filters import FilterFinder, FilterHit
from migbot.nlu.intents import IntentEvidence, IntentMatcher
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import Text, normalise, simplify
from migbot.nlu.reading import Reading
from migbot.nlu.years import find_years

# Slots that narrow a list (beyond the country and the kind of record).
FILTER_SLOTS = frozenset(
    {"project_type", "region", "statuses", "year", "coverage", "dialogue_type"}
)
ACCEPT = 0.62  # fuzzy record score to answer with
CONSIDER = 0.42  # fuzzy record score to offer in a clarification
MARGIN = 0.12  # a runner-up closer than this makes the reading ambiguous


@dataclass
class Evidence:
    text: Text
    ids: list[str] = field(default_factory=list)
    exact: list[tuple[set[str], int]] = field(default_factory=list)  # (ids, words) per name
    record_positions: set[int] = field(default_factory=set)
    fuzzy: list[tuple[str, float, frozenset[int]]] = field(default_factory=list)
    countries: list[CountryHit] = field(default_factory=list)
    years: list[tuple[int, str]] = field(default_factory=list)
    year_positions: set[int] = field(default_factory=set)
    filters: list[FilterHit] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    plural_kind: bool = False
    intent: IntentEvidence | None = None
    places: set[int] = field(default_factory=set)

    def country_positions(self) -> set[int]:
        return {i for c in self.countries for i in range(c.start, c.end)}

    def filter_positions(self) -> set[int]:
        return {i for f in self.filters for i in f.positions}


class Understanding:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        language = kb.languages["en"]
        self.lex = lex = Lexicon.of(language)
        self.records = RecordIndex(kb.records.values(), lex)
        self.filters = FilterFinder(kb.records.values(), lex)
        self.places = self._places(kb.records.values(), lex)
        specs = list(language.intents.values())
        record_words = set(self.records.idf)
        kind_words = set(lex.kind_of)
        self.countries = CountryFinder(lex, protected=record_words | kind_words)
        self.filters.protected = frozenset(record_words) | lex.stop
        self.intents = IntentMatcher(
            specs,
            articles=lex.articles,
            known_words=record_words | lex.stop | lex.generic | kind_words,
        )
        self.known = (
            frozenset(record_words)
            | self.intents.known
            | lex.stop
            | lex.generic
            | lex.domain
            | frozenset(kind_words)
        )
        self.with_section = {
            "members": [r.id for r in kb.records.values() if _has_members(r)],
            "meetings": [r.id for r in kb.dialogues if r.meetings],
            "country_teams": [r.id for r in kb.dialogues if r.country_teams],
        }

    @staticmethod
    def _places(records: Any, lex: Lexicon) -> dict[str, set[str]]:
        """Meeting-place words → dialogues that met there ("Nuremberg", "Tbilisi")."""
        out: dict[str, set[str]] = {}
        for rec in records:
            if isinstance(rec, Dialogue):
                for meeting in rec.meetings:
                    for word in content_words(meeting.place or "", lex):
                        if len(word) >= 4:
                            out.setdefault(word, set()).add(rec.id)
        return out

    # ------------------------------------------------------------------ public API
    def understand(self, text: str, context: Context | None = None) -> Reading:
        t = normalise(text, self.lex.typos)
        if not t.tokens:
            return Reading(intent="help", confidence=0.5)
        picked = pick_offered(t.tokens, context, self.lex)
        if picked is not None:
            return picked
        ev = self._gather(t)
        return self._decide(ev, context)

    # ------------------------------------------------------------------ evidence
    def _gather(self, t: Text) -> Evidence:
        ev = Evidence(text=t)
        tokens = t.tokens
        for rid, (a, b) in self.records.find_ids(t.raw):
            if rid not in ev.ids:
                ev.ids.append(rid)
            ev.record_positions |= _positions_of(tokens, simplify(t.raw[a:b]).split())
        for ids, start, end in self.records.find_phrases(tokens):
            span = set(range(start, end))
            if span & ev.record_positions:
                continue
            ev.exact.append((ids, end - start))
            ev.record_positions |= span
        ev.years = find_years(t.folded, self.lex)
        ev.year_positions = {i for i, tok in enumerate(tokens) if _is_year(tok)}
        ev.countries = [
            c
            for c in self.countries.find(tokens)
            if not set(range(c.start, c.end)) & ev.record_positions
        ]
        for i, tok in enumerate(tokens):
            if tok in self.lex.kind_of and i not in ev.record_positions:
                ev.kinds[i] = self.lex.kind_of[tok]
                ev.plural_kind |= tok in self.lex.plural_kinds
            if tok in self.places and i not in ev.record_positions:
                ev.places.add(i)
        skip = ev.record_positions | ev.country_positions() | ev.year_positions
        ev.filters = self.filters.find(tokens, skip)
        template = _template(tokens, ev, self.lex.articles)
        found = self.intents.match(tokens, template)
        # Words inside a record's name are not cues ("Regional Conference on Migration").
        cues = tuple(c for c in found.cues if not set(range(c.start, c.end)) & ev.record_positions)
        ev.intent = IntentEvidence(cues, found.phrase_label, found.phrase_score)
        if not ev.ids and not ev.exact:
            ev.fuzzy = self._fuzzy(tokens, ev)
        return ev

    def _fuzzy(
        self, tokens: tuple[str, ...], ev: Evidence
    ) -> list[tuple[str, float, frozenset[int]]]:
        assert ev.intent is not None
        cue_pos = ev.intent.positions()
        soft = ev.country_positions() | ev.filter_positions() | ev.places
        free = [
            i
            for i, tok in enumerate(tokens)
            if i not in ev.year_positions and i not in ev.kinds and tok not in self.lex.stop
        ]
        matches = self.records.match_words(tokens, free)
        qpos = [
            i
            for i in free
            if i not in cue_pos and i not in soft and tokens[i] not in self.lex.generic
        ]
        if not qpos:
            qpos = [i for i in free if i in soft and i in matches]
        ranked = self.records.score(matches, qpos, tokens)
        # A kind word ("the Pacific project") keeps the candidates of that kind.
        kinds = set(ev.kinds.values())
        if len(kinds) == 1:
            kind = kinds.pop()
            same = [r for r in ranked if self.kb.records[r[0]].kind == kind]
            if same or self._singular(ev):
                ranked = same
        return ranked

    def _singular(self, ev: Evidence) -> bool:
        """ "the Pacific project": a singular kind word points at one record."""
        return not ev.plural_kind and any(
            ev.text.tokens[i] in self.lex.singular_kinds for i in ev.kinds
        )

    # ------------------------------------------------------------------ decision
    def _decide(self, ev: Evidence, context: Context | None) -> Reading:
        assert ev.intent is not None
        labels = ev.intent.labels()
        oos = "out_of_scope" in labels
        labels.discard("out_of_scope")
        phrase = ev.intent.phrase_label if ev.intent.phrase_score >= 88 else None
        slots = self._slots(ev)
        tokens = ev.text.tokens

        # 1. Records named exactly: identifiers, then names, acronyms, aliases.
        exact_ids = list(ev.ids)
        for ids, _ in ev.exact:
            for rid in sorted(ids):
                if rid not in exact_ids:
                    exact_ids.append(rid)
        strong_exact = bool(ev.ids) or any(size >= 2 for _, size in ev.exact)
        if oos and _certain(ev.fuzzy):
            # An out-of-scope cue made of a record's own words ("in the EU" of "EU South
            # Caucasus ...") does not count.
            used = ev.fuzzy[0][2]
            oos = any(
                c.label == "out_of_scope" and not set(range(c.start, c.end)) & used
                for c in ev.intent.cues
            )
        if oos and not strong_exact:
            return Reading(intent="out_of_scope", confidence=0.9, slots=slots)
        intent = self._record_intent(
            labels, phrase, ev, exact_ids[:1] or [r[0] for r in ev.fuzzy[:1]]
        )
        if exact_ids:
            if len(exact_ids) > 1:
                return clarify(intent, [(r, 1.0) for r in exact_ids], slots)
            conf = 0.95 if (labels or phrase) else 0.85
            return Reading(
                intent=intent, entity=exact_ids[0], slots=_record_slots(slots), confidence=conf
            )

        # 2. Fuzzy names.
        fuzzy = ev.fuzzy
        # Words that are a country, a filter or a cue are weak evidence for a record on
        # their own ("projects in Rwanda", "the labour migration project").
        soft = ev.country_positions() | ev.filter_positions() | ev.intent.positions()
        if fuzzy:
            best_id, best, used = fuzzy[0]
            second = fuzzy[1][1] if len(fuzzy) > 1 else 0.0
            only_soft = used <= soft
            singular = self._singular(ev)
            usable = best >= CONSIDER and (not only_soft or singular)
            if ev.plural_kind and not singular and not _certain(fuzzy):
                usable = False  # "return projects in Latin America" asks for a list
            margin = 2 * MARGIN if only_soft else MARGIN
            if only_soft and usable:
                close = [(r, s) for r, s, _ in fuzzy if s >= max(CONSIDER, best - margin)]
                if len(close) > 1:
                    return clarify(intent, close, slots)
            if usable and best >= ACCEPT and best - second >= margin:
                conf = min(0.9, 0.35 + 0.6 * best)
                return Reading(
                    intent=intent, entity=best_id, slots=_record_slots(slots), confidence=conf
                )
            if usable and (best >= ACCEPT or singular or not self._cross_possible(ev, labels)):
                close = [(r, s) for r, s, _ in fuzzy if s >= max(CONSIDER, best - MARGIN)]
                if len(close) == 1:
                    conf = min(0.8, 0.3 + 0.6 * best)
                    return Reading(
                        intent=intent, entity=best_id, slots=_record_slots(slots), confidence=conf
                    )
                return clarify(intent, close, slots)

        unexplained = self._unexplained(ev)
        # 3. Follow-ups: an intent without a record leans on the previous answer's record.
        record_intent = best_record_intent(labels) or (phrase if phrase in RECORD_INTENTS else None)
        pronoun = bool(set(tokens) & self.lex.follow_up)
        follow = pronoun or tokens[0] in self.lex.follow_up_openers
        cross = bool(ev.countries or ev.plural_kind) or (
            not pronoun and bool(ev.filters or ev.years)
        )
        if (
            context is not None
            and context.entity
            and context.entity in self.kb.records
            and not unexplained
            and not cross
            and (record_intent or follow)
        ):
            chosen = record_intent or context.intent or "overview"
            if chosen not in RECORD_INTENTS:
                chosen = "overview"
            return Reading(
                intent=chosen, entity=context.entity, slots=slots, confidence=0.8, from_context=True
            )

        # 4. Questions across records and chat.
        return self._cross(ev, labels, phrase, slots, unexplained)

    def _record_intent(
        self, labels: set[str], phrase: str | None, ev: Evidence, rid: list[str]
    ) -> str:
        if phrase in RECORD_INTENTS and phrase != "overview":
            # A near-exact phrase wins over loose cues.
            assert ev.intent is not None
            if ev.intent.phrase_score >= 95 or not (labels & set(RECORD_INTENTS[:-1])):
                return phrase
        intent = best_record_intent(labels)
        if intent and intent != "overview":
            return intent
        used = ev.fuzzy[0][2] if ev.fuzzy else frozenset()
        places = ev.places - used
        if rid and places:
            rec_places = {p for i in places for p in self.places.get(ev.text.tokens[i], set())}
            if rid[0] in rec_places:
                return "meetings"
        return "overview"

    def _cross_signals(self, ev: Evidence) -> bool:
        return bool(ev.countries or ev.filters or ev.plural_kind or ev.years)

    def _cross_possible(self, ev: Evidence, labels: set[str]) -> bool:
        return self._cross_signals(ev) or bool(labels & {"list", "by_country"})

    def _unexplained(self, ev: Evidence) -> list[str]:
        """Content words that belong to no part of the knowledge, the intents or the slots."""
        assert ev.intent is not None
        used = (
            ev.record_positions
            | ev.country_positions()
            | ev.year_positions
            | ev.filter_positions()
            | set(ev.kinds)
            | ev.intent.positions()
            | ev.places
        )
        for _, _, pos in ev.fuzzy[:1]:
            used |= pos
        out = []
        for i, tok in enumerate(ev.text.tokens):
            lex = self.lex
            if i in used or tok in lex.stop or tok in lex.generic or tok in lex.domain:
                continue
            if tok.isdigit() and len(tok) < 3:
                continue
            if ev.plural_kind and tok in self.records.idf:
                continue  # "capacity building projects": words of names, a list keyword
            out.append(tok)
        return out

    def _cross(
        self,
        ev: Evidence,
        labels: set[str],
        phrase: str | None,
        slots: dict[str, Any],
        unexplained: list[str],
    ) -> Reading:
        tokens = ev.text.tokens
        has_country = "country" in slots
        filters = {k for k in slots if k in FILTER_SLOTS}
        chat = [c for c in CHAT_INTENTS if c in labels]
        assert ev.intent is not None
        if phrase in CHAT_INTENTS and ev.intent.phrase_score >= 92 and not ev.countries:
            return Reading(intent=phrase, slots=slots, confidence=0.85)
        if not ev.countries and not filters and not ev.kinds:
            if chat:
                return Reading(intent=chat[0], slots=slots, confidence=0.9)
            if phrase in CHAT_INTENTS:
                return Reading(intent=phrase, slots=slots, confidence=0.8)
        if unexplained:
            # Only a greeting or a plea for help may carry words we do not know.
            if chat and not has_country:
                return Reading(intent=chat[0], slots=slots, confidence=0.7)
            return Reading(intent="out_of_scope", slots=slots, confidence=0.7)
        counting = any(p in ev.text.folded for p in self.lex.count)
        projects = slots.get("kind") == "project"
        if counting and projects and "budget" not in labels:
            # "how many projects are completed": an aggregate over projects (count + total).
            return Reading(intent="budget", slots=slots, confidence=0.7)
        aggregate = "budget" in labels or bool(set(tokens) & self.lex.aggregate)
        domain = has_country or bool(filters) or bool(ev.kinds) or bool(set(tokens) & self.lex.fund)
        if aggregate and domain:
            return Reading(intent="budget", slots=slots, confidence=0.8)
        if "meetings" in labels and ev.years:
            # Meetings across dialogues in a year: intent meetings, no record, slot year.
            slots.setdefault("kind", "dialogue")
            return Reading(intent="meetings", slots=slots, confidence=0.75)
        if has_country and not filters:
            if "list" in labels and not ev.kinds and "country" not in slots:
                return Reading(intent="list", slots=slots, confidence=0.75)
            return Reading(intent="by_country", slots=slots, confidence=0.85)
        if filters or ev.kinds or "list" in labels or phrase == "list":
            keywords = self._keywords(ev)
            if keywords:
                slots["keywords"] = keywords  # "diaspora projects": words of record names
            return Reading(intent="list", slots=slots, confidence=0.8)
        if chat:
            return Reading(intent=chat[0], slots=slots, confidence=0.8)
        if phrase in CHAT_INTENTS:
            return Reading(intent=phrase, slots=slots, confidence=0.7)
        record_intent = best_record_intent(labels)
        if record_intent == "budget":
            return Reading(intent="budget", slots=slots, confidence=0.5)  # the IDF in total
        if record_intent and record_intent not in ("overview", "timeline"):
            offering = self.with_section.get(record_intent)
            if offering is not None and 0 < len(offering) <= 3:
                return clarify(record_intent, [(r, 0.5) for r in offering], slots)
            # Many records have it: the section with no record; the answer asks which one.
            return Reading(intent=record_intent, slots=slots, confidence=0.4)
        return Reading(intent="out_of_scope", slots=slots, confidence=0.6)

    def _keywords(self, ev: Evidence) -> list[str]:
        assert ev.intent is not None
        taken = (
            ev.country_positions()
            | ev.filter_positions()
            | ev.intent.positions()
            | set(ev.kinds)
            | ev.year_positions
        )
        tokens = ev.text.tokens
        return [
            tok
            for i, tok in enumerate(tokens)
            if i not in taken
            and tok in self.records.idf
            and tok not in self.lex.stop
            and tok not in self.lex.generic
        ]

    def _slots(self, ev: Evidence) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        codes = list(dict.fromkeys(c.code for c in ev.countries))
        if codes:
            slots["country"] = codes[0]
            if len(codes) > 1:
                slots["countries"] = codes
        if ev.years:
            year, op = ev.years[0]
            slots["year"] = year
            slots["year_op"] = op
        kinds = set(ev.kinds.values())
        if len(kinds) == 1:
            slots["kind"] = kinds.pop()
        for hit in ev.filters:
            if hit.slot == "status":
                statuses = slots.setdefault("statuses", [])
                if hit.value not in statuses:
                    statuses.append(hit.value)
            else:
                slots.setdefault(hit.slot, hit.value)
        if "project_type" in slots or "coverage" in slots:
            slots.setdefault("kind", "project")
        if "dialogue_type" in slots:
            slots.setdefault("kind", "dialogue")
        if slots.get("kind") == "project" and "region" in slots:
            slots["region"] = self.filters.project_region(slots["region"])
        return slots


def _has_members(rec: Record) -> bool:
    if isinstance(rec, Dialogue):
        return bool(rec.member_states or rec.member_organizations)
    return bool(rec.beneficiaries)


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and 1900 <= int(tok) <= 2099


def _positions_of(tokens: tuple[str, ...], words: list[str]) -> set[int]:
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if list(tokens[i : i + n]) == words:
            return set(range(i, i + n))
    return set()


def _template(tokens: tuple[str, ...], ev: Evidence, articles: frozenset[str]) -> str:
    out: list[str] = []
    countries = ev.country_positions()
    for i, tok in enumerate(tokens):
        if i in ev.record_positions:
            word = "record"
        elif i in countries:
            word = "country"
        elif i in ev.year_positions:
            word = "year"
        else:
            word = tok
        if word in articles:
            continue  # "why was the {record} ..." and "why was {record} ..." read alike
        if not (out and out[-1] == word and word in ("record", "country")):
            out.append(word)
    return " ".join(out)


def _certain(fuzzy: list[tuple[str, float, frozenset[int]]]) -> bool:
    """A fuzzy record reading beyond doubt: near-complete and far ahead of the next."""
    if not fuzzy or fuzzy[0][1] < 0.85:
        return False
    return len(fuzzy) == 1 or fuzzy[0][1] - fuzzy[1][1] >= 2 * MARGIN


def _record_slots(slots: dict[str, Any]) -> dict[str, Any]:
    """A reading about one record keeps only the slots that refine it (country, year)."""
    keep = ("country", "countries", "year", "year_op")
    return {k: v for k, v in slots.items() if k in keep}
