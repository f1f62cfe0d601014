"""``Understanding``: a question (and the conversation context) → a ``Reading``.

All indices are built once, at construction; ``understand`` only looks things up. First the
evidence (``evidence.py``): identifiers, exact names and acronyms, then fuzzy names;
countries, years and filters; intent cues, heads and phrases; the shape of the question
(a count, a ranking, one detail). Then the decision (``decide.py``): named rules, tried in
order, with named thresholds.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from migbot.context import Context
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Project, Record
from migbot.nlu.countries import CountryFinder
from migbot.nlu.decide import decide, pick_offered
from migbot.nlu.entities import RecordIndex, content_words
from migbot.nlu.evidence import Evidence, Fuzzy
from migbot.nlu.filters import FilterFinder
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.intents import CueHit, IntentEvidence, IntentMatcher
from migbot.nlu.lexicon import Lexicon, find_runs
from migbot.nlu.normalise import Text, normalise, simplify
from migbot.nlu.reading import Reading
from migbot.nlu.years import find_years

# Filters that only a record of the other kind has (coverage and type are projects').
OTHER_KIND_FILTERS = {
    "dialogue": frozenset({"coverage", "project_type"}),
    "project": frozenset({"dialogue_type"}),
}
# Slots that narrow a list (beyond the country and the kind of record).
FILTER_SLOTS = frozenset(
    {"project_type", "region", "statuses", "year", "coverage", "dialogue_type"}
)
# Countries the record involves make a loose name match surer ("the Djibouti diaspora
# project"): this share of the way to a full score.
CORROBORATION = 0.5
# The first content words of a long title say what the record is; a question that matches
# only words further in names something the title mentions ("... commitment to the Global
# Compact for Migration"), not the record.
TITLE_HEAD_WORDS = 5
# A corroborating country weighs less in a record about many other countries too.
UNFOCUSED = 0.15
# Loose name candidates kept per question (the best first).
CANDIDATES = 10
# "The Swaziland project": a record of that kind involving the country scores at least this
# (between offering it and answering with it), more as it shares the question's other words.
OF_COUNTRY = 0.5
# Loose name matches this good are looked at for a kind word that belongs to their name.
CONSIDERED = 0.42
# A start, end or running word says which date a year is only this close to it ("ended
# before 2005"); "completed projects in 2008" asks for completed projects of 2008.
YEAR_WORD_REACH = 2
# A name interrupted by at most this many words is still read as one (and doubted).
NAME_BREAK = 2
# Where one sentence ends and the next begins ("... department. Which projects ...?"); a
# dot inside an identifier ("LM.0024") is followed by no space.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# What a message says before its question is a reason when it is this long at least ("EE.UU.
# es miembro ...?" is one question).
PREAMBLE_WORDS = 3
# A word written in a language's script counts this much for it (a word of its own counts
# one): Cyrillic words make a question Russian, whatever Latin acronym they surround.
SCRIPT_WEIGHT = 2.0


@dataclass(frozen=True)
class Speaker:
    """One language's matchers: its words, cues, country names and filter words."""

    lex: Lexicon
    intents: IntentMatcher
    countries: CountryFinder
    filters: FilterFinder
    # Words that show a question is in this language (its function words, cues and kind
    # words), and the scripts they are written in (Latin, Cyrillic).
    marks: frozenset[str]
    scripts: frozenset[str]
    # The same words as written (folded, not reduced): where word forms make two languages'
    # marks alike ("qui": French, and Spanish "quien" reduced), the one that writes the
    # question's words exactly is the asker's (its own country words too: "la Suisse").
    spelt: frozenset[str]
    # Every word this language's matchers know, typos within reach ("migraton").
    known: Vocabulary


class Understanding:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.registry = kb.intent_table
        lexicons = [Lexicon.of(language) for language in kb.languages.values()]
        # Names are written in every language: the record index knows every language's
        # function words and word forms, as questions reduce them and as names spell them
        # ("sobre" is a function word though Spanish questions read it "sobr").
        spelt = [Lexicon.of(language, as_spelt=True) for language in kb.languages.values()]
        self.lex = lex = Lexicon.union(lexicons + spelt)
        # What each record is called in every language (``lang/<code>/names.yaml``).
        self.names: dict[str, list[str]] = {}
        for language in kb.languages.values():
            for rid, names in language.names.names.items():
                self.names.setdefault(rid, []).extend(names)
        self.records = RecordIndex(
            kb.records.values(),
            lex,
            [x.form for x in lexicons],
            self.names,
        )
        self.places = self._places(kb.records.values(), lex)
        self.speakers = {x.code: self._speaker(kb, x) for x in lexicons}
        self.default = next(iter(self.speakers))  # English, the knowledge's own language
        self.filter_slots = FILTER_SLOTS
        self.with_section = {
            "members": [r.id for r in kb.records.values() if _has_members(r)],
            "meetings": [r.id for r in kb.dialogues if r.meetings],
            "country_teams": [r.id for r in kb.dialogues if r.country_teams],
            "chair": [r.id for r in kb.dialogues if r.chair or r.past_chairs],
            "secretariat": [r.id for r in kb.dialogues if r.secretariat],
        }
        self.title_heads = {rid: self._title_head(rec) for rid, rec in kb.records.items()}
        # The countries a record involves: its members or beneficiaries, and a project's
        # title's ("... Border Management in Turkmenistan", whose page lists no beneficiary).
        titled = self.speakers[self.default].countries
        self.codes: dict[str, frozenset[str]] = {}
        self.by_country: dict[str, list[Record]] = {}
        for rec in kb.records.values():
            codes = set(rec.beneficiaries if isinstance(rec, Project) else rec.member_codes())
            if isinstance(rec, Project):
                codes |= {hit.code for hit in titled.find(normalise(rec.name).tokens)}
            else:
                codes |= set(rec.observers)
            self.codes[rec.id] = frozenset(codes)
            for code in codes:
                self.by_country.setdefault(code, []).append(rec)
        type_words = {
            rid: frozenset(simplify(getattr(rec, "project_type", None) or "").split())
            for rid, rec in kb.records.items()
        }
        self.name_words = {
            rid: frozenset(
                w
                for n in (rec.name, *rec.aliases, *self.names.get(rid, []))
                for w in simplify(n).split()
            )
            for rid, rec in kb.records.items()
        }
        # Words that describe a record: its names and its project type.
        self.described = {rid: self.name_words[rid] | type_words[rid] for rid in kb.records}

    def _speaker(self, kb: KnowledgeBase, lex: Lexicon) -> Speaker:
        record_words = set(self.records.idf)
        kind_words = set(lex.kind_of)
        filters = FilterFinder(kb.records.values(), lex, value_stop=self.lex.stop)
        intents = IntentMatcher(
            kb.languages[lex.code].intents.values(),
            articles=lex.articles,
            known_words=record_words | lex.stop | lex.generic | kind_words,
            exact_only=self.registry.reply,
            form=lex.form,
        )
        # A cue's word is never bent into a type ("forma parte": "form" is no "forum").
        filters.protected = frozenset(record_words) | lex.stop | intents.cue_words
        # Region names are the language's too ("latino-américains", "afrique").
        regions = frozenset(w for name in lex.regions for w in name.split())
        marks = lex.stop | intents.cue_words | frozenset(kind_words) | regions
        wording = kb.languages[lex.code]
        written = [*wording.words.stop, *wording.words.regions, *wording.countries.names]
        for phrases in [*wording.words.details.values(), *wording.words.ranks.values()]:
            written += phrases  # "la dernière réunion"
        for kind in wording.words.kinds.values():
            written += [*kind.singular, *kind.plural, *kind.other]
        for intent in wording.intents.values():
            written += [*intent.cues, *intent.heads, *intent.frames]
        spelt = frozenset(w for text in written for w in simplify(text).split())
        return Speaker(
            lex=lex,
            intents=intents,
            # A cue is never bent into a country ("suman" is not "Sudan"), nor is a region
            # word ("sudamericanos" is not "sudafricanos").
            countries=CountryFinder(
                lex,
                protected=record_words | kind_words | intents.cue_words | set(lex.regions),
            ),
            filters=filters,
            marks=marks,
            spelt=spelt,
            scripts=frozenset(_script(c) for word in marks for c in word if c.isalpha()),
            known=Vocabulary(intents.known | lex.domain | lex.filler),
        )

    def detect(self, tokens: tuple[str, ...]) -> tuple[str, bool]:
        """The language of a question, from its words and its letters, and whether that is
        clear (a bare "LM.0024" or "Georgia" is in no language in particular)."""
        # A record's name says nothing of the asker's language ("Budget of 'Fortalecimiento
        # regional ...'"): its words are left out.
        named = {
            i for _, start, end in self.records.find_phrases(tokens) for i in range(start, end)
        }
        tokens = tuple(tok for i, tok in enumerate(tokens) if i not in named)
        scripts = [{_script(c) for c in tok if c.isalpha()} for tok in tokens]
        scores: dict[str, float] = {}
        for code, speaker in self.speakers.items():
            form = speaker.lex.form
            words = sum(1.0 for tok in tokens if form(tok) in speaker.marks)
            written = sum(1 for s in scripts if s and s <= speaker.scripts)
            scores[code] = words + SCRIPT_WEIGHT * written
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best, score = ranked[0]
        if score <= 0:
            return self.default, False
        tied = [code for code, s in ranked if s == score]
        if len(tied) > 1:
            # Tied on word forms: the language that spells the question's words exactly,
            # first of the words that told a language ("participa" is Spanish, "Haiti" a
            # country word of French), then of all ("la Suisse" is French).
            telling = [
                tok
                for tok in tokens
                if any(self.speakers[c].lex.form(tok) in self.speakers[c].marks for c in tied)
            ]
            spelt = {
                c: (
                    sum(tok in self.speakers[c].spelt for tok in telling),
                    sum(tok in self.speakers[c].spelt for tok in tokens),
                )
                for c in tied
            }
            top = max(spelt.values())
            exact = [c for c in tied if spelt[c] == top]
            if len(exact) > 1:
                return self.default, False
            best = exact[0]
        return best, True

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

    def _title_head(self, record: Record) -> frozenset[str]:
        """Words that say what a record is: its acronym and aliases whole, and the first
        content words of its name (a long project title mentions other things later)."""
        words: set[str] = set()
        for alias in (*record.aliases, record.acronym or "", *self.names.get(record.id, [])):
            words.update(content_words(alias, self.lex))
        words.update(content_words(record.name, self.lex)[:TITLE_HEAD_WORDS])
        return frozenset(words)

    # ------------------------------------------------------------------ public API
    def understand(
        self, text: str, context: Context | None = None, lang: str | None = None
    ) -> Reading:
        """``lang``: the language to read a question in when its own words do not tell
        (the chat's); a question in a clear language is read in that one.

        A message that says why before it asks ("I work for Tonga's immigration department.
        Which IDF projects has Tonga benefited from?") is read by its question when that
        names what it is about on its own (a record, or a country when no record is named
        before); else as a whole."""
        sentences = SENTENCE_END.split(text.strip())
        said = " ".join(sentences[:-1]).split()
        whole = self._read(text, context, lang)
        if len(said) >= PREAMBLE_WORDS and sentences[-1].endswith("?"):
            asked = self._read(sentences[-1], context, lang)
            # ... unless the record is named before ("T75-805 для каких стран? ... а кто
            # реально бенефициары?")
            named = asked.entity or (asked.slots.country and not whole.entity)
            # A question as unsure alone as with its preamble is still read alone: the
            # preamble's words offer nothing ("Je travaille pour une ONG ..." is no theme).
            if named and (asked.intent not in self.registry.reply or asked.intent == whole.intent):
                return asked
        return whole

    def _read(self, text: str, context: Context | None, lang: str | None) -> Reading:
        code, clear = self.detect(normalise(text).tokens)
        if not clear and lang in self.speakers:
            code = lang
        speaker = self.speakers[code]
        t = normalise(text, speaker.lex.typos, speaker.lex.form)
        if not t.tokens:
            return Reading(intent="help", confidence=0.5, rule="empty")
        reading = pick_offered(self, t.tokens, context, speaker.lex)
        if reading is None:
            reading = decide(self, self._gather(t, speaker), context)
        return reading.model_copy(update={"lang": code if clear else None})

    # ------------------------------------------------------------------ evidence
    def _gather(self, t: Text, speaker: Speaker) -> Evidence:
        ev = Evidence(text=t, lex=speaker.lex)
        tokens = t.tokens
        lex = speaker.lex
        for rid, (a, b) in self.records.find_ids(t.raw):
            if rid not in ev.ids:
                ev.ids.append(rid)
            ev.record_positions |= _positions_of(tokens, simplify(t.raw[a:b]).split())
        ev.unknown_ids = self.records.find_unknown_ids(t.raw)
        for ids, start, end in self.records.find_phrases(tokens):
            span = set(range(start, end))
            if span & ev.record_positions:
                continue
            ev.exact.append((ids, end - start))
            ev.record_positions |= span
        ev.years = find_years(t.folded, lex)
        ev.year_positions = {i for i, tok in enumerate(tokens) if _is_year(tok)}
        ev.year_of = self._year_of(ev)
        ev.countries = [
            c
            for c in speaker.countries.find(t.surface or tokens)
            if not set(range(c.start, c.end)) & ev.record_positions
        ]
        for i, tok in enumerate(tokens):
            if tok in lex.kind_of and i not in ev.record_positions:
                ev.kinds[i] = lex.kind_of[tok]
                # "any project", "the sum of project budgets": the kind, not one record.
                near = range(max(0, i - 2), min(len(tokens), i + 3))
                if any(tokens[j] in lex.quantifiers for j in range(max(0, i - 2), i)) or any(
                    tokens[j] in lex.aggregate for j in near
                ):
                    ev.quantified.add(i)
                spelt = t.surface[i] if t.surface else tok
                before = tokens[max(0, i - 2) : i]
                after = t.surface[i + 1 : i + 2] if t.surface else ()
                marked = spelt in lex.either_number and bool(
                    set(before) & lex.plural_markers
                    or set(after) & lex.plural_marker_spellings  # "processus consultatifs"
                )
                if tok in lex.plural_kinds or spelt in lex.plural_forms or marked:  # "projets"
                    ev.plurals.add(i)
                ev.plural_kind |= i in ev.plurals or i in ev.quantified
            if tok in self.places and i not in ev.record_positions:
                ev.places.add(i)
            if tok in lex.filler:
                ev.filler.add(i)
        skip = ev.record_positions | ev.country_positions() | ev.year_positions
        # The word that says which date a year is ("ended before 2005", "active in 2019")
        # is no status filter as well.
        ev.filters = speaker.filters.find(tokens, skip | ev.year_of_positions)
        # A filter of the other kind of record than the one named is no filter here: "the
        # global forum" is a dialogue's name, not the coverage of projects.
        named_kinds = set(ev.kinds.values())
        if len(named_kinds) == 1:
            wrong = OTHER_KIND_FILTERS[named_kinds.pop()]
            ev.filters = [f for f in ev.filters if f.slot not in wrong]
        padded = f" {t.folded} "
        ev.counting = any(f" {phrase} " in padded for phrase in lex.count)
        for rank, start, end in find_runs(tokens, lex.ranks):
            ev.rank = ev.rank or rank
            ev.rank_positions |= set(range(start, end))
        for detail, start, end in find_runs(tokens, lex.details):
            ev.detail = ev.detail or detail
            ev.detail_at.update(dict.fromkeys(range(start, end), detail))
        found = speaker.intents.match(tokens, _template(tokens, ev, lex.articles))
        # Words inside a record's or a country's name are not cues ("Regional Conference on
        # Migration", "Ivory Coast").
        named = ev.record_positions | ev.country_positions()
        cues = [c for c in found.cues if not set(range(c.start, c.end)) & named]
        if not ev.ids and (not ev.exact or self.other_kind(ev)):
            ev.intent = IntentEvidence(tuple(cues), found.phrase_label, found.phrase_score)
            ev.fuzzy = self._fuzzy(tokens, ev)
            if ev.fuzzy and ev.fuzzy[0][2] - ev.intent.positions():
                # ... nor words of the record a loose name match found ("COMESA Member
                # States"), when the match stands on other words too.
                used = ev.fuzzy[0][2]
                name_words = self.name_words[ev.fuzzy[0][0]]
                name_words = name_words | {lex.form(w) for w in name_words}  # question's forms

                def in_name(tok: str) -> bool:  # the word, or a translation of it
                    return tok in name_words or bool(
                        self.records.surface_of.get(tok, set()) & name_words
                    )

                cues = [
                    c
                    for c in cues
                    if not all(i in used and in_name(tokens[i]) for i in range(c.start, c.end))
                ]
            if any(self._kinds_in_name(ev, c) for c in ev.fuzzy if c[1] >= CONSIDERED):
                ev.fuzzy = self._fuzzy(tokens, ev)
            elif any(self._kinds_in_name(ev, c) for c in self._probe(tokens, ev)):
                # Without its kind word the name said too little ("foro mundial ..."):
                # read with it, a record named by both is found.
                ev.fuzzy = self._fuzzy(tokens, ev)
        ev.intent = IntentEvidence(
            self._place_cues(cues, ev), found.phrase_label, found.phrase_score
        )
        return ev

    def _kinds_in_name(self, ev: Evidence, candidate: Fuzzy) -> bool:
        """A kind word next to the matched words (across function and generic words, or a
        short break) that the record's name holds is part of the name ("the caribean
        migration consultations", "Intergovernmental Asia-Pacific Consultations"), not a
        request for a list. True when one was taken back."""
        rid, _, used = candidate
        name_words = self.name_words[rid]
        skip = ev.lex.stop | ev.lex.generic
        taken = False
        for i in list(ev.kinds):
            surface = ev.text.surface[i] if ev.text.surface else ev.tokens[i]
            # The word as written, or a translation of a name's word ("mecanismos").
            named = surface in name_words or self._in_names(ev.tokens[i], name_words, ev.lex)
            if not named or ev.tokens[i] in ev.lex.generic:
                continue  # "project" or "process" in a name is no part of it
            for step in (-1, 1):
                j, breaks = i + step, 0
                while 0 <= j < len(ev.tokens) and j not in used:
                    if ev.tokens[j] not in skip:
                        breaks += 1
                        if breaks > NAME_BREAK:
                            break
                    j += step
                if j in used:
                    del ev.kinds[i]
                    ev.quantified.discard(i)
                    taken = True
                    break
        if taken:
            ev.plural_kind = any(i in ev.plurals or i in ev.quantified for i in ev.kinds)
        return taken

    def _place_cues(self, cues: list[CueHit], ev: Evidence) -> tuple[CueHit, ...]:
        """Mark each cue standing at the question's head, or inside a description of the
        record ("the co-funding project"); head words elsewhere are dropped.

        The head is where the question word stands and the word right after it ("how
        many countries ...", "when did it start", "what themes do ..."), wherever the
        question puts it ("Swaziland project, when did it start?"); a question with no
        question word before its last words has them as its head ("px-0220 countries",
        "eu celac dialogue when")."""
        tokens = ev.tokens
        lex = ev.lex
        skippable = lex.stop | lex.filler
        asked = next((i for i, tok in enumerate(tokens) if tok in lex.interrogatives), None)
        heads: set[int] = set()
        if asked is not None:
            heads.add(asked)
            # ... past a word we do not know ("which atoll states", "какие атолловые
            # государства": the states are asked for).
            unknown = set(self.unknown_positions(ev))
            nxt = next(
                (
                    i
                    for i in range(asked + 1, len(tokens))
                    if tokens[i] not in skippable and i not in unknown
                ),
                None,
            )
            if nxt is not None and tokens[asked] in lex.determiners:
                heads.add(nxt)
        out = []
        for cue in cues:
            ends = all(tokens[i] in skippable for i in range(cue.end, len(tokens)))
            tail = cue.head_only and ends and (asked is None or asked >= cue.start)
            head = cue.start in heads or tail
            if cue.head_only and not head:
                continue
            nxt = cue.end
            modifier = nxt < len(tokens) and tokens[nxt] in lex.singular_kinds and not head
            out.append(cue.at(head=head, modifier=modifier))
        return tuple(out)

    def _year_of(self, ev: Evidence) -> str | None:
        """Which date a year is about: the start, end or running word nearest to it (its
        position is kept in ``ev.year_of_positions``)."""
        tokens, years = ev.tokens, ev.year_positions
        if not years:
            return None
        lex = ev.lex
        year = min(years)
        best: tuple[int, str, int] | None = None
        for i, tok in enumerate(tokens):
            for words, name in (
                (lex.year_active, "active"),
                (lex.year_end, "end"),
                (lex.year_start, "start"),
            ):
                near = abs(i - year) <= YEAR_WORD_REACH
                if tok in words and near and (best is None or abs(i - year) < best[0]):
                    best = (abs(i - year), name, i)
        if best is None:
            return None
        ev.year_of_positions = {best[2]}
        return best[1]

    def _probe(self, tokens: tuple[str, ...], ev: Evidence) -> list[Fuzzy]:
        """Loose name candidates when the singular kind words that are name words ("foro",
        "forum", "conférence") count as name words too."""
        named = {
            i
            for i in ev.kinds
            if i not in ev.plurals
            and i not in ev.quantified
            and (tokens[i] in self.records.idf or tokens[i] in self.records.surface_of)
        }
        if not named:
            return []
        return [c for c in self._fuzzy(tokens, ev, named) if c[1] >= CONSIDERED]

    def _fuzzy(
        self,
        tokens: tuple[str, ...],
        ev: Evidence,
        kinds_named: frozenset[int] | set[int] = frozenset(),
    ) -> list[Fuzzy]:
        cue_pos = ev.intent.positions()
        soft = ev.country_positions() | ev.filter_positions() | ev.places
        free = [
            i
            for i, tok in enumerate(tokens)
            if i not in ev.year_positions
            and i
            not in ev.rank_positions  # "le moins de membres", "the smallest budget" names no record
            # "the 5 projects": a number before a plural kind word counts, names nothing
            and not (tok.isdigit() and ev.plural_kind and i + 1 in ev.kinds)
            and (i not in ev.kinds or i in kinds_named)
            and tok not in ev.lex.stop
            and i not in ev.filler
        ]
        matches = self.records.match_words(tokens, free)
        qpos = [
            i
            for i in free
            if i not in cue_pos and i not in soft and tokens[i] not in ev.lex.generic
        ]
        if not qpos:
            qpos = [i for i in free if i in soft and i in matches]
        ranked = self.records.score(matches, qpos, tokens)
        codes = {c.code for c in ev.countries}
        if codes and self.singular(ev):
            ranked = self._of_country(ranked, codes, ev, free, tokens)
        if codes and ranked:
            # Named countries the record involves corroborate a loose name match: the score
            # moves towards 1 by the share of them it involves.
            def corroborated(rid: str, s: float) -> float:
                own = self.codes[rid]
                share = len(codes & own) / len(codes)
                # ... the more so as the record is about them rather than many others
                # ("the Djiboutian diaspora project" is not the global diaspora one).
                focus = len(codes & own) / len(own) if own else 0.0
                return s + CORROBORATION * share * (1 - s) - UNFOCUSED * share * (1 - focus)

            ranked = sorted(
                ((rid, corroborated(rid, s), used) for rid, s, used in ranked),
                key=lambda r: -r[1],
            )
        # A kind word ("the Pacific project") keeps the candidates of that kind.
        kinds = set(ev.kinds.values())
        if len(kinds) == 1:
            kind = kinds.pop()
            same = [r for r in ranked if self.kb.records[r[0]].kind == kind]
            if same or self.singular(ev):
                ranked = same
        return ranked

    def _of_country(
        self,
        ranked: list[Fuzzy],
        codes: set[str],
        ev: Evidence,
        free: list[int],
        tokens: tuple[str, ...],
    ) -> list[Fuzzy]:
        """ "The Swaziland migration policy project": the records of that kind involving the
        country are candidates too, scored by how many of the other words they share."""
        kinds = {ev.kinds[i] for i in ev.kinds if ev.tokens[i] in ev.lex.singular_kinds}
        countries = ev.country_positions()
        asked = ev.intent.positions()  # what is asked ("budget") does not describe the record
        # Words given in English through name_words: every language's generic words count.
        generic = ev.lex.generic | self.lex.generic
        words = {
            ev.tokens[i]: i
            for i in free
            if i not in countries and i not in asked and ev.tokens[i] not in generic
        }
        best = {rid: (s, used) for rid, s, used in ranked}
        for code in codes:
            for rec in self.by_country.get(code, ()):
                if rec.kind not in kinds:
                    continue
                described = self.described[rec.id]
                surface_of = self.records.surface_of  # a word, or its translation ("диаспора")
                shared = [
                    w for w in words if w in described or surface_of.get(w, set()) & described
                ]
                score = OF_COUNTRY + (1 - OF_COUNTRY) * len(shared) / max(len(words), 1)
                if score > best.get(rec.id, (0.0, frozenset()))[0]:
                    best[rec.id] = (score, frozenset(words[w] for w in shared) | countries)
        ordered = sorted(best.items(), key=lambda kv: -kv[1][0])[:CANDIDATES]
        return [(rid, score, used) for rid, (score, used) in ordered]

    def _involves(self, rid: str, codes: set[str]) -> bool:
        return bool(codes & self.codes[rid])

    # ------------------------------------------------------------------ for the rules
    def other_kind(self, ev: Evidence) -> bool:
        """ "El proyecto ... que apoya el plan de acción de la CSM": the question is about one
        record of a kind, and the records it names exactly (by name or acronym, not by
        identifier) are all of another kind: it names them only to describe the one asked."""
        if ev.ids or not ev.exact or not self.singular(ev):
            return False
        kinds = {ev.kinds[i] for i in ev.kinds if ev.tokens[i] in ev.lex.singular_kinds}
        named = {self.kb.records[rid].kind for ids, _ in ev.exact for rid in ids}
        return len(kinds) == 1 and not kinds & named

    def singular(self, ev: Evidence) -> bool:
        """ "the Pacific project": a singular kind word points at one record."""
        return not ev.plural_kind and any(ev.tokens[i] in ev.lex.singular_kinds for i in ev.kinds)

    def doubt(self, ev: Evidence, rid: str, used: frozenset[int], intent: str) -> bool:
        """A loose name match that may name something else: a word foreign to the record's
        names stuck to or inside the matched words ("Prague Spring", "Colombo Plan", the
        "Intergovernmental Asia-Pacific Consultations"), or, for "what is ...", only words
        from deep inside a long title ("... the Global Compact for Migration") with nothing
        to back them (a country the record involves, a kind word)."""
        tokens = ev.tokens
        names = self.name_words[rid]
        foreign = {
            i
            for i in self.unexplained_positions(ev)
            if not self._in_names(tokens[i], names, ev.lex)
        }
        if used:
            # The word right after a name is its head ("the Colombo Plan"); a word before
            # it describes the record ("the project training parliamentarians ...").
            if max(used) + 1 in foreign:
                return True
            # A name broken by a word foreign to it is another name (the "Intergovernmental
            # Asia-Pacific Consultations"); a country or a cue between its words is not a
            # break, and words far apart are not one name, so only short breaks count.
            skip = ev.lex.stop | ev.lex.generic | names
            allowed = ev.country_positions() | ev.intent.positions()
            for a, b in itertools.pairwise(sorted(used)):
                if 1 < b - a <= NAME_BREAK + 1 and any(
                    tokens[i] not in skip and i not in allowed for i in range(a + 1, b)
                ):
                    return True
        if intent != self.registry.precedence[-1] or self.backed(ev, rid):
            return False
        heads = self.title_heads[rid]  # in the question's words too ("assistance" → assist)
        return not any(self._in_names(tokens[i], heads, ev.lex) for i in used)

    def _in_names(self, tok: str, names: frozenset[str], lex: Lexicon) -> bool:
        """A question word is a word of these names as written, in its normal form
        ("fortalec" of "fortalecimiento") or as the language's name words give it ("hombr":
        "men")."""
        return (
            tok in names
            or bool(self.records.surface_of.get(tok, set()) & names)
            or bool(lex.name_words.get(tok, frozenset()) & names)
        )

    def backed(self, ev: Evidence, rid: str) -> bool:
        """A kind word ("the ... project") or a country the record involves backs a loose
        name match."""
        return self.singular(ev) or self.involves(rid, ev)

    def involves(self, rid: str, ev: Evidence) -> bool:
        """The record involves a country the question names."""
        return self._involves(rid, {c.code for c in ev.countries})

    def when_intent(self, rid: str) -> str:
        """What a bare year asks of a record ("and in 2019?"): a dialogue's meetings, when
        it has any, else its timeline."""
        rec = self.kb.records[rid]
        if isinstance(rec, Dialogue) and rec.meetings:
            return "meetings"
        return "timeline"

    def cross_possible(self, ev: Evidence) -> bool:
        labels = ev.intent.labels()
        signals = ev.countries or ev.filters or ev.plural_kind or ev.years
        return bool(signals) or bool(labels & set(self.registry.cross))

    def unexplained_positions(self, ev: Evidence) -> list[int]:
        """Positions of content words that belong to no part of the knowledge, the intents or
        the slots (filler words never count)."""
        used = (
            ev.record_positions
            | ev.country_positions()
            | ev.year_positions
            | ev.filter_positions()
            | set(ev.kinds)
            | ev.intent.positions()
            | ev.places
            | ev.filler
            | ev.rank_positions
            | ev.detail_positions
        )
        for _, _, pos in ev.fuzzy[:1]:
            used |= pos
        lex = ev.lex
        out = []
        for i, tok in enumerate(ev.tokens):
            if i in used or tok in lex.stop or tok in lex.generic or tok in lex.domain:
                continue
            if tok.isdigit() and len(tok) < 3:
                continue
            if ev.plural_kind and tok in self.records.idf:
                continue  # "capacity building projects": words of names, a list keyword
            out.append(i)
        return out

    def unknown_positions(self, ev: Evidence) -> list[int]:
        """Unexplained words that are no word of any record either (as written, in a
        language's form, or through a language's name words), nor a typo of a word we know:
        names of other things ("Quito"). A word a typo away from function words only is no
        typo of them (Spanish "quito" reduces to "quit", one letter from "qui" of "quien")."""
        known = self.speakers[ev.lex.code].known
        names = self.records.idf
        stop = ev.lex.stop
        return [
            i
            for i in self.unexplained_positions(ev)
            if (tok := ev.tokens[i]) not in names
            and tok not in self.records.surface_of
            and not any(w not in stop for w in known.close(tok))
        ]

    def known_anywhere(self, word: str) -> bool:
        """A word some language's matchers know ("oim" is French and Spanish for IOM)."""
        return any(word in speaker.known for speaker in self.speakers.values())

    def unexplained(self, ev: Evidence) -> list[str]:
        return [ev.tokens[i] for i in self.unexplained_positions(ev)]

    def close_ids(self, wanted: str) -> list[str]:
        return self.records.close_ids(wanted)

    def rank_kind(self, rank: str) -> str:
        """The kind a ranking is about when the question does not say."""
        return "project" if rank.endswith("budget") else "dialogue"

    def keywords(self, ev: Evidence) -> list[str]:
        taken = (
            ev.country_positions()
            | ev.filter_positions()
            | ev.intent.positions()
            | set(ev.kinds)
            | ev.year_positions
            | ev.rank_positions
        )
        lex = ev.lex
        out: list[str] = []
        for i, tok in enumerate(ev.tokens):
            if i in taken or tok in lex.stop or tok in lex.generic:
                continue
            if tok in self.records.idf:
                out.append(tok)
            elif english := sorted(lex.name_words.get(tok, frozenset()) & self.records.idf.keys()):
                # A word of the question's language given by its name words ("диаспора" →
                # "diaspora"): the one most names use.
                out.append(max(english, key=lambda w: (len(self.records.postings[w]), w)))
        # Keywords are the knowledge's (English) words whatever the question's language.
        qualifiers = frozenset().union(*(self.lex.keyword_companions.get(w, ()) for w in out))
        return [w for w in dict.fromkeys(out) if w not in qualifiers]

    def slots(self, ev: Evidence) -> dict[str, Any]:
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
            if ev.year_of:
                slots["year_of"] = ev.year_of
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
            finder = self.speakers[ev.lex.code].filters
            slots["region"] = finder.project_region(slots["region"])
        if ev.detail:
            slots["detail"] = ev.detail
        if ev.counting:
            slots["count"] = True
        return slots


def _script(letter: str) -> str:
    """The script a letter is written in: "LATIN", "CYRILLIC", "GREEK"..."""
    return unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]


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
