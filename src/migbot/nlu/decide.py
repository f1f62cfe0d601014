"""The decision: answer, clarify or out of scope, as a short list of named rules.

``RULES`` is tried in order on a question's ``Evidence``; the first rule that returns a
``Reading`` decides (its name is in ``Reading.rule``). Every number a rule compares with is
a named threshold of ``Thresholds`` and every confidence it gives is one of ``Confidence``,
so tuning is a change of data, and each rule has its own test (tests/nlu/test_decide.py).

A wrong confident answer is the worst outcome: a rule that is unsure clarifies, and words
that belong to nothing the knowledge holds count against answering — unless the rest of
the question already has a clear shape (a country and a kind of record, a record and an
intent), because a word the bot does not know is not evidence against what it found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from migbot.context import Context
from migbot.nlu.evidence import Evidence, Fuzzy
from migbot.nlu.intents import CueHit, outermost
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import simplify
from migbot.nlu.reading import Candidate, Reading
from migbot.slots import DETAIL_SECTION

if TYPE_CHECKING:
    from migbot.nlu.understand import Understanding


@dataclass(frozen=True)
class Thresholds:
    accept: float = 0.62  # fuzzy record score to answer with
    consider: float = 0.42  # fuzzy record score to offer in a clarification
    margin: float = 0.12  # a runner-up closer than this makes the reading ambiguous
    certain: float = 0.85  # a fuzzy reading beyond doubt (and 2 x margin ahead)
    phrase: float = 88.0  # a whole-question phrase this close counts
    phrase_wins: float = 95.0  # ... and this close beats cue words
    chat_phrase: float = 92.0  # a greeting or help phrase this close is the whole question
    # Weights of intent cues: a word at the question's head outweighs words in its middle,
    # and a cue inside a description of the record ("the co-funding project") weighs less.
    head: float = 3.0
    cue: float = 1.0
    longer_cue: float = 0.5  # added per extra word of a cue ("member states")
    modifier: float = 0.4
    # Unknown words tolerated in a question whose shape is otherwise clear.
    tolerated_unknown: int = 2


@dataclass(frozen=True)
class Confidence:
    named: float = 0.95  # a record named exactly, with an intent cue
    named_bare: float = 0.85  # a record named exactly, no cue (overview)
    fuzzy_floor: float = 0.35  # fuzzy: floor + slope x score, capped
    fuzzy_slope: float = 0.6
    fuzzy_cap: float = 0.9
    fuzzy_close_cap: float = 0.8  # fuzzy with a runner-up within the margin
    follow_up: float = 0.8
    off_topic: float = 0.9
    unknown_id: float = 0.9
    chat: float = 0.9
    chat_phrase: float = 0.85
    chat_weak: float = 0.7
    unexplained: float = 0.7
    cross: float = 0.8
    by_country: float = 0.85
    count: float = 0.8
    meetings_in_year: float = 0.75
    section_without_record: float = 0.4
    idf_total: float = 0.5
    nothing: float = 0.6
    clarify_scale: float = 0.6  # a clarification's confidence: its best score x this


T = Thresholds()
C = Confidence()

Rule = Callable[["Understanding", Evidence, Context | None], Reading | None]


# --- intents -----------------------------------------------------------------------------


def cue_weight(cue: CueHit) -> float:
    weight = T.head if cue.head else T.cue
    weight += T.longer_cue * (cue.size - 1)
    return weight * (T.modifier if cue.modifier else 1.0)


def intent_scores(cues: tuple[CueHit, ...]) -> dict[str, float]:
    """Each label's weight of evidence; framing words ("what is") count only alone."""
    scores: dict[str, float] = {}
    best: dict[tuple[str, int, int], float] = {}  # one word near two cues of a label counts once
    for cue in cues:
        if not cue.frame:
            key = (cue.label, cue.start, cue.end)
            best[key] = max(best.get(key, 0.0), cue_weight(cue))
    for (label, _start, _end), weight in best.items():
        scores[label] = scores.get(label, 0.0) + weight
    if not scores:
        for cue in cues:
            scores[cue.label] = scores.get(cue.label, 0.0) + T.cue
    return scores


def record_intent(u: Understanding, ev: Evidence, rid: str | None) -> str:
    """The section a question about one record asks for: the heaviest cue (heads first),
    a near-exact phrase, a meeting place of the record; overview otherwise."""
    registry = u.registry
    kind = u.kb.records[rid].kind if rid in u.kb.records else None
    sections = registry.sections_of(kind) if kind else ()

    def of_other_fact(c: CueHit) -> bool:
        """The cue lies in a phrase asking for a fact of another section this record has
        ("en qué país" asks where a dialogue met, not its member countries, "país")."""
        span = range(c.start, c.end)
        if not all(i in ev.detail_at for i in span):
            return False
        facts = {DETAIL_SECTION[ev.detail_at[i]] for i in span}
        return len(facts) == 1 and facts <= set(sections) and c.label not in facts

    cues = outermost(
        c
        for c in ev.cues()
        if c.label in registry.record
        # A head or framing word of several intents ("where") takes the one this record has.
        and not ((c.head_only or c.frame) and kind and c.label not in sections)
        and not of_other_fact(c)
    )
    fallback = registry.precedence[-1]
    order = registry.precedence_of(kind)  # a tie goes to a section this record has
    of_detail = DETAIL_SECTION.get(ev.detail or "")
    if of_detail in sections and not any(not c.frame for c in cues):
        return of_detail
    plain = intent_scores(tuple(c for c in cues if not c.frame))
    specific = {k: v for k, v in plain.items() if k != fallback}
    phrase = ev.intent.phrase_label if ev.intent.phrase_score >= T.phrase else None
    # A near-exact phrase wins over loose cues.
    near = ev.intent.phrase_score >= T.phrase_wins or not specific
    if phrase in registry.record and phrase != fallback and near:
        return phrase
    if plain:
        return _heaviest(plain, order)
    used = ev.fuzzy[0][2] if ev.fuzzy else frozenset()
    if rid and any(rid in u.places.get(ev.tokens[i], ()) for i in ev.places - used):
        return "meetings"
    framed = intent_scores(cues)
    if not framed and ev.years and rid in u.kb.records:
        return u.when_intent(rid)  # "Conferencia Suramericana sobre Migraciones 2020"
    if not framed and ev.countries and kind == "dialogue":
        # "MIDSA Madagascar", "le FMMD et le Maroc": does it take part? (A project's country
        # describes it: "the Botswana migration policy project".)
        return "members"
    return _heaviest(framed, order) if framed else fallback


def _heaviest(scores: dict[str, float], precedence: tuple[str, ...]) -> str:
    """The label with the most weight; a tie goes to the more specific one."""
    best = max(scores.values())
    return next(label for label in precedence if scores.get(label) == best)


def clarify(intent: str, entities: list[tuple[str, float]], slots: dict[str, Any]) -> Reading:
    """Up to three readings as buttons; ``slots.candidates`` lists them."""
    cands = [Candidate(intent=intent, entity=e, score=round(s, 3)) for e, s in entities[:3]]
    out = dict(slots)
    out["candidates"] = [{"intent": c.intent, "entity": c.entity} for c in cands]
    top = cands[0].score if cands else 0.0
    return Reading(
        intent="clarify",
        slots=out,
        confidence=max(0.0, min(1.0, top * C.clarify_scale)),
        candidates=cands,
    )


def certain(fuzzy: list[Fuzzy]) -> bool:
    """A fuzzy record reading beyond doubt: near-complete and far ahead of the next."""
    if not fuzzy or fuzzy[0][1] < T.certain:
        return False
    return len(fuzzy) == 1 or fuzzy[0][1] - fuzzy[1][1] >= 2 * T.margin


def record_slots(slots: dict[str, Any]) -> dict[str, Any]:
    """A reading about one record keeps the slots that refine it (country, year, detail)."""
    keep = ("country", "countries", "year", "year_op", "detail", "count")
    return {k: v for k, v in slots.items() if k in keep}


def _reading(intent: str, rule: str, confidence: float, **fields: Any) -> Reading:
    return Reading(intent=intent, rule=rule, confidence=confidence, **fields)


# --- the rules, in order -----------------------------------------------------------------


def unknown_identifier(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "What is CT.0700?": an identifier shaped like the knowledge's that names no record.
    Out of scope, saying so, with the ids one edit away as candidates."""
    if not ev.unknown_ids or ev.ids:
        return None
    wanted = ev.unknown_ids[0]
    close = u.close_ids(wanted)
    slots = u.slots(ev)
    slots["unknown_id"] = wanted
    slots["candidates"] = [{"intent": "overview", "entity": rid} for rid in close]
    return _reading(
        "out_of_scope",
        "unknown_identifier",
        C.unknown_id,
        slots=slots,
        candidates=[Candidate(intent="overview", entity=rid) for rid in close],
    )


def off_topic(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """Words that mean another subject (weather, visas, football), and no record named by
    an identifier or a full name. An off-topic word inside a certain record's own name
    ("in the EU" of "EU-South Caucasus ...") does not count."""
    hits = [c for c in ev.cues() if c.label == "out_of_scope"]
    if certain(ev.fuzzy):
        used = ev.fuzzy[0][2]
        hits = [c for c in hits if not set(range(c.start, c.end)) & used]
    # ... or a whole off-topic question ("qui est le président du {country}").
    phrased = ev.intent.phrase_label == "out_of_scope" and ev.intent.phrase_score >= T.phrase_wins
    if not (hits or phrased) or ev.strongly_named():
        return None
    return _reading("out_of_scope", "off_topic", C.off_topic, slots=u.slots(ev))


def named_record(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """Records named exactly (identifier, name, acronym, alias): one is answered, several
    are offered. An identifier outranks names: "W34-805 (on the Söderköping Process)"
    asks about the project, which merely mentions the process."""
    named = list(ev.ids) or ev.named_records()
    if not named or (ev.fuzzy and u.other_kind(ev)):
        return None  # a record of the kind asked is named loosely (``fuzzy_record``)
    slots = u.slots(ev)
    intent = record_intent(u, ev, named[0])
    if len(named) > 1:
        return clarify(intent, [(r, 1.0) for r in named], slots)
    cued = bool(ev.cues()) or ev.intent.phrase_score >= T.phrase
    return _reading(
        intent,
        "named_record",
        C.named if cued else C.named_bare,
        entity=named[0],
        slots=record_slots(slots),
    )


def unknown_name(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "What is the Quito Process?", "le Processus de Quito": unknown words right before a
    kind word, or right after it and a word that links a kind to its name (``name_links``:
    "de" as French and Spanish name things), name a record the knowledge does not hold,
    however the rest reads."""
    unknown = set(u.unknown_positions(ev))
    skippable = ev.lex.stop
    tokens = ev.tokens
    # What is asked ends the name before it: "члены Бакинского процесса" (no "of" between).
    asked = ev.intent.positions()
    for i in ev.kinds:
        before = []
        j = i - 1
        while j >= 0 and tokens[j] not in skippable and j not in ev.kinds and j not in asked:
            before.append(j)
            j -= 1
        j = i + 1
        while j < len(tokens) and tokens[j] in ev.lex.name_links:
            j += 1
        after = []
        if j == i + 2:  # one link word: "Processus de Quito"
            while j < len(tokens) and tokens[j] not in skippable and j not in ev.kinds:
                after.append(j)
                j += 1
        for run in (before, after):
            # Generic words belong to such names too ("the Baltic Sea Migration Dialogue").
            named = [k for k in run if tokens[k] not in ev.lex.generic]
            if named and all(k in unknown for k in named):
                return _reading("out_of_scope", "unknown_name", C.unexplained, slots=u.slots(ev))
    return None


def fuzzy_record(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """A record named loosely: answered when it is clearly ahead, offered when a few are
    close. Words that are a country, a filter or a cue are weak evidence on their own
    ("projects in Rwanda", "the labour migration project")."""
    if not ev.fuzzy:
        return None
    best_id, best, used = ev.fuzzy[0]
    if best < T.accept and any(c.exact and c.label in u.registry.chat for c in ev.cues()):
        # "comment on t'utilise dans un groupe", "¡gracias! saludos desde Lima": a plea for
        # help or a greeting, not a name.
        return None
    # A candidate found by only some of the words the best one explains is no rival
    # ("the Djibouti diaspora mapping project": a diaspora project that involves Djibouti
    # but maps nothing).
    fuzzy = [ev.fuzzy[0], *(c for c in ev.fuzzy[1:] if not c[2] < used)]
    second = fuzzy[1][1] if len(fuzzy) > 1 else 0.0
    soft = ev.country_positions() | ev.filter_positions() | ev.intent.positions()
    singular = u.singular(ev)
    # ... unless a kind word and a country the record involves back them ("the Georgia
    # labour migration project").
    only_soft = used <= soft and not (singular and u.involves(best_id, ev))
    usable = best >= T.consider and (not only_soft or singular)
    if ev.rank and used <= soft:
        usable = False  # "the cheapest project in Africa" ranks, whatever title says Africa
    if ev.plural_kind and not singular:
        usable = False  # "return projects in Latin America", "dialogues on trafficking": lists
    if not usable:
        return None
    slots = u.slots(ev)
    intent = record_intent(u, ev, best_id)
    if u.doubt(ev, best_id, used, intent):
        # It may name something else: offered when the question backs it (a kind word, a
        # country the record involves); otherwise it names a thing the knowledge lacks.
        if not u.backed(ev, best_id):
            return _reading("out_of_scope", "fuzzy_record", C.unexplained, slots=slots)
        close = [(r, s) for r, s, _ in fuzzy if s >= max(T.consider, best - 2 * T.margin)]
        return clarify(intent, close or [(best_id, best)], slots)
    margin = 2 * T.margin if only_soft else T.margin
    if only_soft:
        close = [(r, s) for r, s, _ in fuzzy if s >= max(T.consider, best - margin)]
        if len(close) > 1:
            return clarify(intent, close, slots)
    if best >= T.accept and best - second >= margin:
        confidence = min(C.fuzzy_cap, C.fuzzy_floor + C.fuzzy_slope * best)
        return _reading(
            intent, "fuzzy_record", confidence, entity=best_id, slots=record_slots(slots)
        )
    if best >= T.accept or singular or not u.cross_possible(ev):
        close = [(r, s) for r, s, _ in fuzzy if s >= max(T.consider, best - T.margin)]
        if len(close) == 1:
            confidence = min(C.fuzzy_close_cap, C.fuzzy_floor + C.fuzzy_slope * best)
            return _reading(
                intent, "fuzzy_record", confidence, entity=best_id, slots=record_slots(slots)
            )
        return clarify(intent, close, slots)
    return None


def one_of_a_kind(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "Budget of the national migration policy project": one record of a kind described
    by filters, not by name. The records the filters select are offered (the answers select
    them, with the same filters); a sum over them would answer another question."""
    if not u.singular(ev) or ev.rank or (ev.fuzzy and ev.fuzzy[0][1] >= T.consider):
        return None  # "the project with the largest budget" is a ranking
    slots = u.slots(ev)
    if not set(slots) & (u.filter_slots - {"year"}):  # a year dates, it does not describe
        return None
    intent = record_intent(u, ev, None)
    return _reading(
        "clarify",
        "one_of_a_kind",
        C.clarify_scale * T.consider,
        slots={**slots, "candidates": [{"intent": intent, "entity": None}]},
        candidates=[Candidate(intent=intent)],
    )


def follow_up(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """A question without a record that leans on the previous answer's record: "and its
    budget?", "when did it start?", "and in 2019?", "is Fiji in it?", "still active?"."""
    if ctx is None or not ctx.entity or ctx.entity not in u.kb.records:
        return None
    if u.unexplained(ev):
        return None
    tokens = ev.tokens
    pronoun = bool(set(tokens) & ev.lex.follow_up)
    opener = tokens[0] in ev.lex.follow_up_openers
    scores = intent_scores(tuple(c for c in ev.cues() if c.label in u.registry.record))
    has_record_intent = bool(scores) or ev.intent.phrase_label in u.registry.record
    # A plural kind asks across records; so does a country or a year without a pronoun.
    if ev.plural_kind or (ev.countries and not pronoun):
        return None
    if ev.years and not (pronoun or opener):
        return None
    if ev.filters and not (pronoun or opener or has_record_intent):
        return None
    if not (has_record_intent or pronoun or opener or ev.filters or ev.years):
        return None
    slots = record_slots(u.slots(ev))
    if has_record_intent:
        intent = record_intent(u, ev, ctx.entity)
    elif ev.countries:
        intent = "members"  # "is Fiji in it?"
    elif ev.filters:
        intent = "timeline"  # "still active?"
    elif ctx.intent in u.registry.record:
        intent = ctx.intent
    else:
        intent = u.when_intent(ctx.entity) if ev.years else u.registry.precedence[-1]
    return _reading(
        intent,
        "follow_up",
        C.follow_up,
        entity=ctx.entity,
        slots=slots,
        from_context=True,
    )


def chat(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """A greeting or a plea for help, with nothing else asked."""
    chats = [label for label in u.registry.chat if label in ev.intent.labels()]
    if _thanks(ev) and "greeting" in chats:
        chats = ["greeting"]  # "Спасибо, очень помогли": thanks for help given, not a plea
    phrase = ev.intent.phrase_label
    slots = u.slots(ev)
    if phrase in u.registry.chat and ev.intent.phrase_score >= T.chat_phrase and not ev.countries:
        return _reading(phrase, "chat", C.chat_phrase, slots=slots)
    if ev.countries or ev.filters or ev.kinds:
        return None
    if chats:
        return _reading(chats[0], "chat", C.chat, slots=slots)
    if phrase in u.registry.chat and ev.intent.phrase_score >= T.phrase:
        return _reading(phrase, "chat", C.cross, slots=slots)
    return None


# A word written in capitals, three letters or more: an acronym.
ACRONYM = re.compile(r"(?<!\w)[^\W\d_]{3,}(?!\w)")


def _thanks(ev: Evidence) -> bool:
    padded = f" {' '.join(ev.tokens)} "
    return any(f" {phrase} " in padded for phrase in ev.lex.thanks)


def unexplained_words(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """Words that belong to nothing we know: out of scope, unless the question already has
    a clear shape across records (a country or a kind of record, and what is asked) and
    only a word or two is unknown; a plea for help may carry any words."""
    unknown = u.unexplained(ev)
    if not unknown:
        return None
    labels = ev.intent.labels() - {"out_of_scope"}
    shaped = bool(ev.countries or ev.kinds or ev.filters or ev.rank) and bool(
        labels or ev.kinds or ev.counting or ev.rank
    )
    # An acronym we do not know names an organisation or programme we do not hold ("ACNUR",
    # "UNHCR's budget", "у ЕБРР"), however clear the rest.
    acronyms = {
        ev.lex.form(a)  # as the question's words are read ("ЕБРР": "ебрра")
        for w in ACRONYM.findall(ev.text.raw)
        if w.isupper() and not u.known_anywhere(a := simplify(w))  # "OIM" is IOM's
    }
    if shaped and len(unknown) <= T.tolerated_unknown and not acronyms & set(unknown):
        return None
    chats = [label for label in u.registry.chat if label in labels]
    if chats and not ev.countries:
        return _reading(chats[0], "unexplained_words", C.chat_weak, slots=u.slots(ev))
    return _reading("out_of_scope", "unexplained_words", C.unexplained, slots=u.slots(ev))


def count_or_rank(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "How many projects does Georgia benefit from", "how many dialogues are there",
    "the oldest dialogue": a count or a ranking across records. The answer starts with
    the number (slot ``count``) or lists the records in order (slot ``rank``)."""
    # A cue inside the ranking's own words ("the smallest budget") does not count.
    labels = {c.label for c in ev.cues() if not set(range(c.start, c.end)) & ev.rank_positions}
    if not (ev.counting or ev.rank) or "budget" in labels:
        return None
    if ev.counting and not (ev.kinds or ev.countries or ev.filters):
        return None  # "how many people ..." is not about records
    slots = u.slots(ev)
    if ev.rank:
        slots["rank"] = ev.rank
        slots.setdefault("kind", u.rank_kind(ev.rank))
    if ev.counting:
        slots["count"] = True
    if ev.countries and not ev.rank and not (set(slots) & u.filter_slots):
        return _reading("by_country", "count_or_rank", C.count, slots=slots)
    return _reading("list", "count_or_rank", C.count, slots=slots)


def total_budget(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "Total IDF budget for Georgia": the sum over the projects a filter selects."""
    labels = ev.intent.labels()
    aggregate = "budget" in labels or bool(set(ev.tokens) & ev.lex.aggregate)
    domain = bool(ev.countries or ev.filters or ev.kinds or set(ev.tokens) & ev.lex.fund)
    if not (aggregate and domain):
        return None
    return _reading("budget", "total_budget", C.cross, slots=u.slots(ev))


def meetings_in_year(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "Meetings in 2007": meetings across dialogues, no record, slot year."""
    if "meetings" not in ev.intent.labels() or not ev.years:
        return None
    slots = u.slots(ev)
    slots.setdefault("kind", "dialogue")
    return _reading("meetings", "meetings_in_year", C.meetings_in_year, slots=slots)


def by_country(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """A country and no other filter: what it takes part in or benefits from."""
    slots = u.slots(ev)
    if not ev.countries or set(slots) & u.filter_slots:
        return None
    return _reading("by_country", "by_country", C.by_country, slots=slots)


def listing(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """Filters, a kind of record or a list word: a list ("active projects in Africa")."""
    slots = u.slots(ev)
    phrase = ev.intent.phrase_label if ev.intent.phrase_score >= T.phrase else None
    listed = set(slots) & u.filter_slots or ev.kinds or "list" in ev.intent.labels()
    if not listed and phrase != "list":
        return None
    keywords = u.keywords(ev)
    if keywords:
        slots["keywords"] = keywords  # "diaspora projects": words of record names
    return _reading("list", "listing", C.cross, slots=slots)


def section_without_record(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading | None:
    """ "Who are the members?" as a first message: the few records that have the section
    are offered; otherwise the answer asks which record is meant (a clarification, never a
    guess)."""
    scores = intent_scores(tuple(c for c in ev.cues() if c.label in u.registry.record))
    if not scores:
        return None
    intent = _heaviest(scores, u.registry.precedence)
    if intent == u.registry.precedence[-1]:
        return None  # "what is it?" with nothing named asks nothing we can offer
    slots = u.slots(ev)
    offering = u.with_section.get(intent)
    if offering is not None and 0 < len(offering) <= 3:
        return clarify(intent, [(r, 0.5) for r in offering], slots)
    return _reading(
        "clarify",
        "section_without_record",
        C.section_without_record,
        slots={**slots, "candidates": [{"intent": intent, "entity": None}]},
        candidates=[Candidate(intent=intent)],
    )


def nothing_fits(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading:
    return _reading("out_of_scope", "nothing_fits", C.nothing, slots=u.slots(ev))


RULES: tuple[Rule, ...] = (
    unknown_identifier,
    off_topic,
    named_record,
    unknown_name,
    fuzzy_record,
    one_of_a_kind,
    follow_up,
    chat,
    unexplained_words,
    count_or_rank,
    total_budget,
    meetings_in_year,
    by_country,
    listing,
    section_without_record,
    nothing_fits,
)


def decide(u: Understanding, ev: Evidence, ctx: Context | None) -> Reading:
    for rule in RULES:
        reading = rule(u, ev, ctx)
        if reading is not None:
            if not reading.rule:
                reading = reading.model_copy(update={"rule": rule.__name__})
            return reading
    raise AssertionError("nothing_fits always decides")  # pragma: no cover


def pick_offered(
    u: Understanding, tokens: tuple[str, ...], ctx: Context | None, lex: Lexicon
) -> Reading | None:
    """After a clarification, "the first one", "2" or "second" picks an offered reading."""
    if ctx is None or not ctx.candidates:
        return None
    words = [t for t in tokens if t not in lex.choice_filler]
    if len(words) != 1 or words[0] not in lex.ordinals:
        return None
    try:
        chosen = ctx.candidates[lex.ordinals[words[0]]]
    except IndexError:
        return None
    intent, _, entity = chosen.partition(":")
    return _reading(
        intent or "overview",
        "offered_choice",
        C.named,
        entity=entity or None,
        from_context=True,
    )
