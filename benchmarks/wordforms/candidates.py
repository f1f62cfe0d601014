"""Print candidate (question form, dictionary form) pairs for hand review (not the measure).

A candidate: a question token that shares a long folded prefix with a vocabulary entry or
with a name token of a country. The reviewed result is pairs-<lang>.yaml.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import vocab
import yaml

QUESTIONS = Path(__file__).resolve().parents[2] / "tests" / "data"


def fold(s: str) -> str:
    s = s.casefold().replace("ё", "е")
    return (
        "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn")
        if not any("а" <= c <= "я" for c in s)
        else s.replace("\u0301", "")
    )


def prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def close(t: str, v: str) -> bool:
    ft, fv = fold(t), fold(v)
    p = prefix(ft, fv)
    return p >= max(3, min(len(ft), len(fv)) - 3) and p >= min(len(fv), 4)


def main(lang: str) -> None:
    qs = yaml.safe_load((QUESTIONS / f"questions-{lang}.yaml").read_text())["questions"]
    entries = [(c, v) for c, vs in vocab.CONCEPTS[lang].items() for v in vs]
    keys = vocab.country_key_tokens(lang)
    seen: set[tuple[str, str]] = set()
    for q in qs:
        for t in vocab.tokens(q["text"]):
            if len(t) < 3 or t.isdigit():
                continue
            for concept, v in entries:
                if t != v.casefold() and close(t, v) and (t, v) not in seen:
                    seen.add((t, v))
                    print(f"V\t{t}\t{v}\t{concept}")
            for code, ks in keys.items():
                for k in ks:
                    if t != k and close(t, k) and (t, k) not in seen:
                        seen.add((t, k))
                        mark = "=" if q.get("country") == code else "?"
                        print(f"C{mark}\t{t}\t{k}\t{code}\t{q['text']}")


if __name__ == "__main__":
    main(sys.argv[1])
