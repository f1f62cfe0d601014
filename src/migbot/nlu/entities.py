"""Find which record a question is about.

Exact identifiers first (``LM.0024``, ``lm0024``, ``LM 0024``, ``lm-0024``, ``T97-805``),
then exact names, acronyms and aliases as word sequences, then a token-level fuzzy match:
every content word of a name carries an IDF weight (rare words say more), question words
are matched to name words exactly or within a small edit distance, and a record scores by
how much of the question's free words it explains and how much of one of its names was
given. Stop words and generic words ("process", "project", "migration", "dialogue") are
never evidence on their own.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from migbot.knowledge.models import Dialogue, Record
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import simplify
from migbot.nlu.wordforms import Form
from migbot.nlu.wordforms import identity as _identity

# New-style IDF ids (LM.0024, lm 24) and old-style ones (T97-805, TF2-805, Q41 805).
_NEW_ID = re.compile(r"(?<![a-z0-9])([a-z]{2})\s*[.\-_/]?\s*(\d{1,4})(?![0-9])", re.IGNORECASE)
_OLD_ID = re.compile(
    r"(?<![a-z0-9])([a-z]{1,2}\d{1,2})\s*[.\-_/]?\s*(\d{3})(?![0-9])", re.IGNORECASE
)
# An IDF ID written in full: two letters and four digits ("CT.0700", "lm 0024").
_FULL_NEW_ID = re.compile(r"(?<![a-z0-9])([a-z]{2})\s*[.\-_/]?\s*(\d{4})(?![0-9])", re.IGNORECASE)
# IOM's own way of writing one, whatever its two letters.
_DOTTED_ID = re.compile(r"[a-z]{2}\.\d{4}", re.IGNORECASE)
# An IDF ID typed in Cyrillic ("лм0024", "СТ.0700", or "дь0024" with the Russian keyboard
# layout left on): each letter may stand for the Latin letter it looks like, sounds like, or
# shares a key with; the pair that is a prefix the knowledge uses is meant.
# No space may part the letters from the digits: "по 2020" is "until 2020", not "PO.2020".
_CYRILLIC_ID = re.compile(r"(?<![^\W\d_])([а-яё]{2})(?=[.\-_/]?\d{1,4}(?![0-9]))", re.I)
_LATIN_OF = {
    c: set(latin)
    for c, latin in {
        "а": "af", "б": "b,", "в": "vbd", "г": "gu", "д": "dl", "е": "et", "ё": "e`", "ж": "j;",
        "з": "zp", "и": "ib", "й": "jq", "к": "kr", "л": "lk", "м": "mv", "н": "nhy", "о": "oj",
        "п": "pg", "р": "rph", "с": "sc", "т": "tn", "у": "uye", "ф": "fa", "х": "hx[", "ц": "cw",
        "ч": "x", "ш": "i", "щ": "o", "ъ": "]", "ы": "ys", "ь": "m", "э": "e'", "ю": "u.",
        "я": "z",
    }.items()
}  # fmt: skip
_MAX_NGRAM = 24  # the longest names are typed in full too
_CAP = 200  # candidates followed per word / scored per question
# A title's first words name it when they hold two strong words within this many (titles
# in French and Spanish spend many words on "para la ... y ... de").
PREFIX_WORDS = 8


def id_key(text: str) -> str:
    """``LM.0024`` → ``lm0024``: the spelling-free key of an identifier."""
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _new_key(letters: str, digits: str) -> str:
    return letters.casefold() + digits.zfill(4)


def content_words(text: str, lex: Lexicon) -> list[str]:
    return [t for t in simplify(text).split() if t not in lex.stop and t not in lex.generic]


@dataclass(frozen=True)
class RecordHit:
    record_id: str
    score: float  # 0..1
    exact: bool  # by identifier, acronym, alias or full name
    span: frozenset[int] = field(default_factory=frozenset)  # question token positions used
    via_country_only: bool = False


# "... Common Market for Eastern and Southern Africa (COMESA)": an acronym in brackets,
# after the name it stands for.
_BRACKETED = re.compile(r"\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\)")


def glossary(records: Iterable[Record], lex: Lexicon) -> dict[str, str]:
    """Acronyms the knowledge defines anywhere in its text → the name they stand for, folded
    ("comesa" → "common market for eastern and southern africa"): the capitalised words
    before the brackets, with the function words between them."""
    out: dict[str, str] = {}
    for record in records:
        for text in _texts(record):
            for m in _BRACKETED.finditer(text):
                words = text[: m.start()].split()
                name: list[str] = []
                while words and (words[-1][:1].isupper() or simplify(words[-1]) in lex.stop):
                    name.insert(0, words.pop())
                while name and simplify(name[0]) in lex.stop:
                    name.pop(0)
                long, acronym = simplify(" ".join(name)), simplify(m.group(1))
                if len(long.split()) >= 2 and acronym not in long.split():
                    out.setdefault(acronym, long)
    return out


def _texts(record: Record) -> list[str]:
    texts = [record.name, *record.aliases, record.summary or ""]
    if isinstance(record, Dialogue):
        texts += [record.formal_association or "", record.secretariat or ""]
        texts += record.member_organizations
    return texts


def _variants(record: Record, lex: Lexicon, acronyms: dict[str, str]) -> list[str]:
    names = [record.name, *record.aliases]
    if record.acronym:
        names.append(record.acronym)
    if isinstance(record, Dialogue) and record.acronym:
        # "MIDWA Process", "the GFMD dialogue": the acronym with a word for its kind.
        kind_words = lex.singular_kind_words.get(record.kind, ())
        names += [f"{record.acronym} {word}" for word in kind_words]
    # A name that spells out an acronym the knowledge defines is also written with it
    # ("COMESA regional consultative process ...").
    for acronym, long in acronyms.items():
        for name in list(names):
            simple = simplify(name)
            if f" {long} " in f" {simple} ":
                names.append(f" {simple} ".replace(f" {long} ", f" {acronym} ").strip())
    return [n for n in names if n and n.strip()]


# A record matched by none of the question's own words keeps this share of its score.
SOFT_ONLY = 0.8


class RecordIndex:
    def __init__(
        self,
        records: Iterable[Record],
        lex: Lexicon,
        forms: Iterable[Form] = (),
        names: Mapping[str, list[str]] | None = None,
    ) -> None:
        """``forms``: each language's normal form of a word; names are found in questions
        whose words come in those forms ("Пражского процесса" → "пражский процесс").
        ``names``: more names of each record (the languages' ``names.yaml``); ``lex``
        carries every language's words for the words of names (``name_words``)."""
        names = names or {}
        self.lex = lex
        forms = [f for f in forms if f is not _identity]
        # A word's normal form in some language → the name words it may stand for.
        self.surface_of: dict[str, set[str]] = defaultdict(set)
        records = list(records)
        acronyms = glossary(records, lex)
        self.records: dict[str, Record] = {r.id: r for r in records}
        self.ids: dict[str, str] = {}
        # A title prefix → the whole titles it starts, so a match runs on as far as the
        # question keeps typing the title.
        self.continuations: dict[str, list[list[str]]] = {}
        self.idf_keys: dict[str, str] = {}  # "lm0024" → record id, new-style IDF IDs only
        self.prefixes: set[str] = set()  # "lm", "ct": the two letters IDF IDs start with
        self.phrases: dict[str, set[str]] = defaultdict(set)
        # word → {record id: best weight share of that word in any one name of the record}
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        self.variant_mass: dict[str, list[tuple[frozenset[str], float]]] = {}
        df: dict[str, int] = defaultdict(int)
        variant_words: dict[str, list[list[str]]] = {}
        for rec in self.records.values():
            self.ids[id_key(rec.id)] = rec.id
            for ident in (getattr(rec, "idf_id", None), getattr(rec, "prima_id", None)):
                if ident:
                    self.ids[id_key(ident)] = rec.id
            idf_id = getattr(rec, "idf_id", None)
            if idf_id and re.fullmatch(r"[A-Za-z]{2}\.\d{4}", idf_id):
                self.idf_keys[id_key(idf_id)] = rec.id
                self.prefixes.add(idf_id[:2].casefold())
            words_of_rec: set[str] = set()
            vws: list[list[str]] = []
            for name in _variants(rec, lex, acronyms) + names.get(rec.id, []):
                simple = simplify(name)
                if simple and simple not in lex.stop:
                    self.phrases[simple].add(rec.id)
                    for form in forms:
                        self.phrases[" ".join(form(w) for w in simple.split())].add(rec.id)
                    if " " in simple and len(simple.replace(" ", "")) <= 12:
                        self.phrases[simple.replace(" ", "")].add(rec.id)  # "igadrcp"
                words = content_words(name, lex)
                vws.append(words)
                self._add_prefixes(simple, rec.id, forms)
                words_of_rec.update(words)
            variant_words[rec.id] = vws
            for w in words_of_rec:
                df[w] += 1
        n = max(len(self.records), 1)
        self.idf = {w: self._weight(w, c, n) for w, c in df.items()}
        self.max_idf = math.log(1 + n)
        for rid, vws in variant_words.items():
            masses = []
            for words in vws:
                unique = frozenset(words)
                if unique:
                    masses.append((unique, sum(self.idf[w] for w in unique)))
                    for w in unique:
                        self.postings[w][rid] = 1.0
            self.variant_mass[rid] = masses
        for word in self.idf:
            for form in forms:
                normal = form(word)
                if normal != word:
                    self.surface_of[normal].add(word)
        # A language's words for the words of the names ("диаспора" → "diaspora").
        for normal, meant in lex.name_words.items():
            self.surface_of[normal].update(w for w in meant if w in self.idf)
        self.vocabulary = Vocabulary(self.idf)
        self.max_phrase = min(_MAX_NGRAM, max((len(p.split()) for p in self.phrases), default=1))

    def _add_prefixes(self, simple: str, rid: str, forms: list[Form]) -> None:
        """The first words of a long title ("Return of Salvadoran Migrants ...") name it too,
        as written and in each language's forms ("foro global sobre migración")."""
        words = simple.split()
        if len(words) < 5:
            return
        spellings = [words] + [[form(w) for w in words] for form in forms]
        for size in range(3, min(PREFIX_WORDS, len(words) - 1) + 1):
            lex = self.lex
            strong = [
                w
                for w in words[:size]
                if w not in lex.stop and w not in lex.generic and w not in lex.weak
            ]
            if len(strong) < 2:
                continue
            for spelt in spellings:
                key = " ".join(spelt[:size])
                self.phrases[key].add(rid)
                if spelt not in self.continuations.setdefault(key, []):
                    self.continuations[key].append(spelt)

    def _weight(self, word: str, count: int, n: int) -> float:
        weight = math.log(1 + n / count)
        if word in self.lex.weak or word.isdigit():
            weight *= 0.35
        return weight

    # -- exact ------------------------------------------------------------------------
    def _latin_ids(self, raw: str) -> str:
        """``raw`` with IDF IDs typed in Cyrillic letters written in Latin ones (same length,
        so character spans stay)."""

        def latin(m: re.Match[str]) -> str:
            pair = m.group(1).casefold()
            a, b = pair[0], pair[1]
            for x in sorted(_LATIN_OF.get(a, ())):
                for y in sorted(_LATIN_OF.get(b, ())):
                    if x + y in self.prefixes:
                        return x + y
            return m.group(1)

        return _CYRILLIC_ID.sub(latin, raw)

    def find_ids(self, raw: str) -> list[tuple[str, tuple[int, int]]]:
        """Record ids named by identifier in the raw text, with character spans."""
        raw = self._latin_ids(raw)
        found: list[tuple[str, tuple[int, int]]] = []
        for m in _OLD_ID.finditer(raw):
            rid = self.ids.get(id_key(m.group(1) + m.group(2)))
            if rid:
                found.append((rid, m.span()))
        for m in _NEW_ID.finditer(raw):
            rid = self.ids.get(_new_key(m.group(1), m.group(2)))
            if rid and all(rid != f[0] for f in found):
                found.append((rid, m.span()))
        return found

    def find_unknown_ids(self, raw: str) -> list[str]:
        """IDF identifiers written in full ("CT.0700", "lm 9999") that name no record, as IOM
        writes them ("CT.0700"): with a prefix the knowledge uses, or in IOM's own shape,
        two letters, a dot and four digits ("XQ.0420"; "in 2020" is no identifier)."""
        out: list[str] = []
        for m in _FULL_NEW_ID.finditer(self._latin_ids(raw)):
            letters, digits = m.group(1).casefold(), m.group(2)
            shaped = letters in self.prefixes or _DOTTED_ID.fullmatch(m.group(0)) is not None
            if shaped and _new_key(letters, digits) not in self.ids:
                out.append(f"{letters.upper()}.{digits}")
        return out

    def close_ids(self, wanted: str) -> list[str]:
        """Records whose IDF ID is one edit from ``wanted`` (a digit typed wrong or two
        swapped): "did you mean" material, and nothing further away."""
        key = id_key(wanted)
        found = [
            rid
            for ident, rid in self.idf_keys.items()
            if ident[:2] == key[:2] and OSA.distance(ident, key) == 1
        ]
        return sorted(dict.fromkeys(found))[:3]

    def find_phrases(self, tokens: tuple[str, ...]) -> list[tuple[set[str], int, int]]:
        """Exact names, aliases and acronyms as token runs: ``[(ids, start, end)]``."""
        hits: list[tuple[set[str], int, int]] = []
        i, n = 0, len(tokens)
        while i < n:
            for size in range(min(self.max_phrase, n - i), 0, -1):
                key = " ".join(tokens[i : i + size])
                ids = self.phrases.get(key)
                if ids:
                    end = i + size
                    for words in self.continuations.get(key, ()):
                        k = size
                        while k < len(words) and i + k < n and tokens[i + k] == words[k]:
                            k += 1
                        end = max(end, i + k)
                    hits.append((ids, i, end))
                    i = end
                    break
            else:
                i += 1
        return hits

    # -- fuzzy ------------------------------------------------------------------------
    def match_words(self, tokens: tuple[str, ...], free: Iterable[int]) -> dict[int, list[str]]:
        """For each free question position, the record words it may stand for. The caller
        left out the asker's function words: another language's are name words here
        ("foro" reduced to "for" is no English "for")."""
        out: dict[int, list[str]] = {}
        for i in free:
            tok = tokens[i]
            if tok in self.lex.generic or (tok in self.lex.stop and tok not in self.surface_of):
                continue
            close = self.vocabulary.close(tok)
            if tok in self.surface_of:
                close = tuple(dict.fromkeys((*close, *sorted(self.surface_of[tok]))))
            if not close and len(tok) >= 8:
                close = self._split_compound(tok)
            if close:
                out[i] = list(close)
        return out

    def _split_compound(self, tok: str) -> tuple[str, ...]:
        # "clusterprocess" → "cluster" + "process"
        for cut in range(3, len(tok) - 2):
            left, right = tok[:cut], tok[cut:]
            generic = self.lex.generic
            if left in self.vocabulary and (right in self.vocabulary or right in generic):
                return (left,) if right in generic else (left, right)
        return ()

    def _exact(self, token: str, word: str) -> bool:
        return token in self.idf or word in self.surface_of.get(token, ())

    def score(
        self, matches: dict[int, list[str]], qmass_positions: Iterable[int], tokens: tuple[str, ...]
    ) -> list[tuple[str, float, frozenset[int]]]:
        """Records ranked by fuzzy evidence: ``[(id, score, positions used)]``."""
        per_record: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
        # A word written as in the name, or in its normal form ("guajir" of "Guajira"),
        # counts in full; one bent by a typo less.
        evidence = [
            (self.idf[w] * (1.0 if self._exact(tokens[pos], w) else 0.8), w, pos)
            for pos, words in matches.items()
            for w in words
        ]
        # Rarest words first; a very common word only adds to the candidates rarer words
        # found (or to a bounded few), so a big knowledge base stays fast.
        evidence.sort(key=lambda e: -e[0])
        for weight, w, pos in evidence:
            postings = self.postings[w]
            if len(postings) > _CAP:
                rids = list(per_record) if per_record else list(postings)[:_CAP]
            else:
                rids = list(postings)
            for rid in rids:
                if rid not in postings:
                    continue
                prev = per_record[rid].get(w)
                if prev is None or prev[0] < weight:
                    per_record[rid][w] = (weight, pos)
        qpos = list(qmass_positions)
        qmass = 0.0
        for p in qpos:
            close = matches.get(p)
            qmass += max(self.idf[w] for w in close) if close else self.max_idf * 0.6
        if qmass <= 0:
            return []
        ranked = []
        sums = sorted(
            ((sum(wt for wt, _ in got.values()), rid) for rid, got in per_record.items()),
            reverse=True,
        )[:_CAP]
        for matched, rid in sums:
            got = per_record[rid]
            if all(w in self.lex.weak for w in got):
                continue  # "development" or "capacity" alone names no record
            qcov = min(1.0, matched / qmass)
            if qpos and not any(pos in qpos for _, pos in got.values()):
                # Only words that are something else too (countries, cues) matched: the
                # question's own words name another record, or none.
                qcov *= SOFT_ONLY
            vcov = 0.0
            for names, mass in self.variant_mass[rid]:
                hit = sum(self.idf[w] for w in names if w in got)
                if hit:
                    # A long title is rarely typed in full: two strong words are enough.
                    vcov = max(vcov, hit / min(mass, 2.2 * self.max_idf))
            score = qcov * (0.45 + 0.55 * min(1.0, vcov))
            ranked.append((rid, score, frozenset(pos for _, pos in got.values())))
        ranked.sort(key=lambda x: -x[1])
        return ranked[:10]
