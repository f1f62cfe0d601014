"""Measure word-form libraries for migbot issue 13 (fr, es, ru): accuracy, start-up, memory.

Run (in a virtualenv with simplemma, snowballstemmer, pymorphy3, pymorphy3-dicts-ru, psutil):
    python benchmarks/wordforms/measure.py
Reads pairs-<lang>.yaml (labelled pairs, see make_pairs.py) and the questions in tests/data;
prints Markdown tables.

A normaliser maps a token to a normal form; a question token matches a vocabulary entry when
their normal forms are equal. Each library is tried three ways:
  orig  - library(casefold(token)), output folded
  fold1 - library(fold(token)), output folded (accents removed before the library)
  union - both normal forms kept; two words match when the sets share one
fold = casefold, ё->е, strip combining marks (stress marks, Latin accents) but keep the
breve of й (stripping it turns "пражский" into "пражскии", an unknown word).
"""

from __future__ import annotations

import functools
import itertools
import json
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).parent
QUESTIONS = Path(__file__).resolve().parents[2] / "tests" / "data"
LANGS = ("fr", "es", "ru")
SNOWBALL = {"fr": "french", "es": "spanish", "ru": "russian"}
PY = sys.executable


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.casefold().replace("ё", "е").replace("Ё", "е"))
    out: list[str] = []
    for ch in s:
        if unicodedata.category(ch) == "Mn" and not (ch == "\u0306" and out and out[-1] == "и"):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def naive_fold(s: str) -> str:
    """Strip every combining mark (also the breve of й): the mistake to avoid."""
    s = unicodedata.normalize("NFD", s.casefold().replace("ё", "е"))
    return "".join(ch for ch in s if unicodedata.category(ch) != "Mn")


def libraries(lang: str) -> dict[str, Callable[[str], str]]:
    import simplemma
    import snowballstemmer

    libs: dict[str, Callable[[str], str]] = {"fold only": lambda w: w}
    libs["simplemma"] = lambda w: simplemma.lemmatize(w, lang=lang)
    libs["simplemma greedy"] = lambda w: simplemma.lemmatize(w, lang=lang, greedy=True)
    stem = snowballstemmer.stemmer(SNOWBALL[lang])
    libs["snowball"] = stem.stemWord
    if lang == "ru":
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer(lang="ru")
        libs["pymorphy3"] = lambda w: morph.parse(w)[0].normal_form
    return libs


def normaliser(lib: Callable[[str], str], way: str) -> Callable[[str], frozenset[str]]:
    @functools.cache
    def norm(w: str) -> frozenset[str]:
        orig = fold(lib(w.casefold()))
        first = fold(lib(fold(w)))
        if way == "orig":
            return frozenset({orig})
        if way == "fold1":
            return frozenset({first})
        return frozenset({orig, first})

    return norm


# "hybrid": country names through their own table, every other word through the library.
HYBRID = {"fr": "snowball", "es": "snowball", "ru": "pymorphy3"}


def country_normalisers(
    lang: str,
) -> tuple[Callable[[str], frozenset[str]], Callable[[str], frozenset[str]]]:
    """(question side, vocabulary side) normal forms of a country name.

    fr, es: names do not inflect, so the folded surface form on both sides.
    ru: the vocabulary name takes the normal form of its geographic (Geox) parse, or stays
    as written when the dictionary has none; a question word offers its first parse and
    its Geox parses ("чад" is first "чадо", then the country Чад).
    """
    if lang != "ru":
        f = lambda w: frozenset({fold(w)})  # noqa: E731
        return f, f
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang="ru")

    @functools.cache
    def vocab_side(w: str) -> frozenset[str]:
        geo = [p.normal_form for p in morph.parse(fold(w)) if "Geox" in p.tag]
        return frozenset({fold(geo[0] if geo else w)})

    @functools.cache
    def question_side(w: str) -> frozenset[str]:
        parses = morph.parse(fold(w))
        return frozenset(
            fold(p.normal_form) for p in parses[:1] + [p for p in parses if "Geox" in p.tag]
        )

    return question_side, vocab_side


def tokens(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.casefold())


def accuracy(lang: str) -> list[dict[str, object]]:
    import vocab

    pairs = yaml.safe_load((HERE / f"pairs-{lang}.yaml").read_text())
    pos, neg = pairs["positives"], pairs["negatives"]
    qs = yaml.safe_load((QUESTIONS / f"questions-{lang}.yaml").read_text())["questions"]
    qtok = {t for q in qs for t in tokens(q["text"]) if len(t) >= 3 and t.isalpha()}
    # Country names the matcher keys on: one-word names (Babel or pycountry) of each country.
    key_owner = {}
    for code, names in vocab.country_names(lang).items():
        for name in names:
            if len(tokens(name)) == 1 and len(name) >= 3:
                key_owner[tokens(name)[0]] = code
    country_forms = {(p["form"], p["label"]) for p in pos}
    key_fold = {fold(k) for k in key_owner}
    rows = []
    methods = [
        (name, lib, way)
        for name, lib in libraries(lang).items()
        for way in ("orig", "fold1", "union")
    ]
    methods += [(HYBRID[lang], libraries(lang)[HYBRID[lang]], "hybrid")]
    for name, lib, way in methods:
        if True:
            if name == "fold only" and way != "orig":
                continue
            n = normaliser(
                lib,
                "fold1" if way == "hybrid" and lang != "ru" else "orig" if way == "hybrid" else way,
            )
            cq, cv = n, n  # question side and vocabulary side of a country name
            if way == "hybrid":
                cq, cv = country_normalisers(lang)
            is_country = lambda w: w in key_owner or fold(w) in key_fold  # noqa: E731
            hit = [
                bool(cq(p["form"]) & cv(p["lemma"]))
                if len(p["label"]) == 2 and is_country(p["lemma"])
                else bool(n(p["form"]) & n(p["lemma"]))
                for p in pos
            ]
            by_src = {}
            for src in ("question", "written", "unaccented"):
                sel = [h for h, p in zip(hit, pos, strict=False) if p["source"] == src]
                by_src[src] = f"{sum(sel)}/{len(sel)}"
            sep = [
                not (cv(p["a"]) & cq(p["b"]))
                if is_country(p["a"])
                else not (cq(p["a"]) & cv(p["b"]))
                if is_country(p["b"])
                else not (n(p["a"]) & n(p["b"]))
                for p in neg
            ]
            # Collisions: two countries' name tokens, or a question word and a country name
            # token, with one normal form (question words that are forms of that country by
            # the labels, or equal after folding, are not collisions).
            nf: dict[str, set[str]] = {}
            for k in key_owner:
                for f in cv(k):
                    nf.setdefault(f, set()).add(k)
            cc = set()
            for ks in nf.values():
                for a, b in itertools.combinations(sorted(ks), 2):
                    if key_owner[a] != key_owner[b]:
                        cc.add((a, b))
            qc = set()
            for t in qtok:
                for f in cq(t):
                    for k in nf.get(f, ()):
                        code = key_owner[k]
                        if (
                            fold(t) != fold(k)
                            and (t, code) not in country_forms
                            and (fold(t), code) not in {(fold(a), b) for a, b in country_forms}
                        ):
                            qc.add((t, k))
            misses = [f"{p['form']}>{p['lemma']}" for h, p in zip(hit, pos, strict=False) if not h]
            falses = [f"{p['a']}={p['b']}" for s, p in zip(sep, neg, strict=False) if not s]
            rows.append(
                {
                    "lang": lang,
                    "library": name,
                    "way": way,
                    "recall": sum(hit) / len(hit),
                    "n_pos": len(hit),
                    **by_src,
                    "precision": sum(sep) / len(sep),
                    "n_neg": len(sep),
                    "country_country": sorted(cc),
                    "word_country": sorted(qc),
                    "misses": misses,
                    "false_matches": falses,
                }
            )
    return rows


STARTUP = r"""
import json, os, sys, time, tracemalloc, psutil
lib, lang, trace = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
proc = psutil.Process()
rss0 = proc.memory_info().rss
if trace:
    tracemalloc.start()
t0 = time.perf_counter()
if lib == "simplemma":
    import simplemma
    f = lambda w: simplemma.lemmatize(w, lang=lang)
elif lib == "snowball":
    import snowballstemmer
    f = snowballstemmer.stemmer({"fr": "french", "es": "spanish", "ru": "russian"}[lang]).stemWord
elif lib == "pymorphy3":
    import pymorphy3
    m = pymorphy3.MorphAnalyzer(lang="ru")
    f = lambda w: m.parse(w)[0].normal_form
word = {"fr": "réunions", "es": "reuniones", "ru": "грузии"}[lang]
f(word)
t1 = time.perf_counter()
peak = tracemalloc.get_traced_memory()[1] if trace else 0
rss1 = proc.memory_info().rss
words = json.loads(sys.stdin.read())
for w in words:  # warm every word once (simplemma's and pymorphy3's own caches)
    f(w)
best = float("inf")
for _ in range(5):
    s = time.perf_counter()
    for w in words:
        f(w)
    best = min(best, (time.perf_counter() - s) / len(words))
print(json.dumps({"startup_s": t1 - t0, "rss_mb": (rss1 - rss0) / 2**20,
                  "traced_peak_mb": peak / 2**20, "us_per_token": best * 1e6}))
"""


def startup(lib: str, lang: str, words: list[str]) -> dict[str, float]:
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [PY, "-c", STARTUP, lib, lang, "0"],
            input=json.dumps(words),
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout))
    traced = subprocess.run(
        [PY, "-c", STARTUP, lib, lang, "1"],
        input=json.dumps(words[:50]),
        capture_output=True,
        text=True,
        check=True,
    )
    res = {k: sorted(r[k] for r in runs)[1] for k in runs[0]}  # median of 3
    res["traced_peak_mb"] = json.loads(traced.stdout)["traced_peak_mb"]
    return res


def size_mb(*dirs: str) -> float:
    site = (
        Path(PY).parent.parent
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages"
    )
    out = subprocess.run(
        ["du", "-sk", *[str(site / d) for d in dirs]], capture_output=True, text=True, check=True
    ).stdout
    return sum(int(line.split()[0]) for line in out.splitlines()) / 1024


def main() -> None:
    sys.path.insert(0, str(HERE))
    print("## Accuracy (recall on positive pairs, precision on negative pairs)\n")
    print(
        "| lang | library | way | recall | question | written | unaccented | precision "
        "| country~country | word~country |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    details = []
    for lang in LANGS:
        for r in accuracy(lang):
            print(
                f"| {lang} | {r['library']} | {r['way']} | {r['recall']:.1%} ({r['n_pos']}) "
                f"| {r['question']} | {r['written']} | {r['unaccented']} "
                f"| {r['precision']:.1%} ({r['n_neg']}) | {len(r['country_country'])} "
                f"| {len(r['word_country'])} |"
            )
            details.append(r)
    print("\n## Homographs: one-word country names met as ordinary words in the questions\n")
    import vocab

    for lang in LANGS:
        qs = yaml.safe_load((QUESTIONS / f"questions-{lang}.yaml").read_text())["questions"]
        one = {
            fold(n): code
            for code, ns in vocab.country_names(lang).items()
            for n in ns
            if len(tokens(n)) == 1 and len(n) >= 3
        }
        seen = sorted(
            {
                (t, one[fold(t)])
                for q in qs
                for t in tokens(q["text"])
                if fold(t) in one and q.get("country") != one[fold(t)]
            }
        )
        print(f"- {lang}: " + ", ".join(f"{t} ({code})" for t, code in seen))
    print(
        "\n## Start-up, memory, speed (median of 3 fresh processes; per-token: warm, best of 5)\n"
    )
    print("| lang | library | import + first call | RSS delta | tracemalloc peak | per token |")
    print("|---|---|---|---|---|---|")
    for lang in LANGS:
        qs = yaml.safe_load((QUESTIONS / f"questions-{lang}.yaml").read_text())["questions"]
        words = [t for q in qs for t in tokens(q["text"])]
        for lib in ("simplemma", "snowball") + (("pymorphy3",) if lang == "ru" else ()):
            s = startup(lib, lang, words)
            print(
                f"| {lang} | {lib} | {s['startup_s'] * 1000:.0f} ms | {s['rss_mb']:.1f} MB "
                f"| {s['traced_peak_mb']:.1f} MB | {s['us_per_token']:.2f} µs |"
            )
    print("\n## Installed size (du of site-packages dirs)\n")
    print(f"- simplemma: {size_mb('simplemma'):.1f} MB (all languages' dictionaries)")
    print(f"- snowballstemmer: {size_mb('snowballstemmer'):.1f} MB")
    print(
        f"- pymorphy3 + pymorphy3_dicts_ru + dawg_python: "
        f"{size_mb('pymorphy3', 'pymorphy3_dicts_ru', 'dawg_python'):.1f} MB"
    )
    print("\n## Folding: the breve of й\n")
    import pymorphy3

    m = pymorphy3.MorphAnalyzer(lang="ru")
    for w in ("пражский", "пражского", "южный"):
        print(
            f"- {w}: naive fold -> {naive_fold(w)!r} -> pymorphy3 "
            f"{m.parse(naive_fold(w))[0].normal_form!r}; "
            f"fold -> {fold(w)!r} -> {m.parse(fold(w))[0].normal_form!r}"
        )
    print("\n## Details (misses, false matches, collisions; first 25 each)\n")
    for r in details:
        if r["way"] == "fold1" or r["library"] == "fold only":
            continue
        print(f"### {r['lang']} {r['library']} {r['way']}")
        for key in ("misses", "false_matches", "country_country", "word_country"):
            items = r[key]
            shown = ", ".join(i if isinstance(i, str) else "=".join(i) for i in items[:25])
            print(f"- {key} ({len(items)}): {shown}")
        print()


if __name__ == "__main__":
    main()
