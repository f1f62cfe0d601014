"""Turn raw page values into the corpus conventions: English words, numbers, ISO-resolvable names.

Every function takes the text as the page shows it and returns the normalised value, or
``None`` when it does not understand the text (the caller reports that).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

from migbot.knowledge.countries import fold, name_table

# --- labels -------------------------------------------------------------------------------
# Folded label → (canonical field, language). "" is a label shared by every language.
PROJECT_LABELS: dict[str, tuple[str, str]] = {
    "start date": ("start", "en"),
    "date de debut": ("start", "fr"),
    "fecha de inicio": ("start", "es"),
    "end date": ("end", "en"),
    "date de fin": ("end", "fr"),
    "fecha de finalizacion": ("end", "es"),
    "project status": ("status", "en"),
    "statut du projet": ("status", "fr"),
    "estado del proyecto": ("status", "es"),
    "project type": ("project_type", "en"),
    "type de projet": ("project_type", "fr"),
    "tipo de proyecto": ("project_type", "es"),
    "budget amount (usd)": ("budget_usd", ""),
    "montant du budget (usd)": ("budget_usd", "fr"),
    "monto del presupuesto (usd)": ("budget_usd", "es"),
    "coverage": ("coverage", "en"),
    "couverture": ("coverage", "fr"),
    "couverture geographique": ("coverage", "fr"),
    "cobertura geografica": ("coverage", "es"),
    "cobertura": ("coverage", "es"),
    "year": ("year", "en"),
    "annee": ("year", "fr"),
    "ano": ("year", "es"),
    "idf region": ("idf_region", ""),
    "region du fdi": ("idf_region", "fr"),
    "region del fdi": ("idf_region", "es"),
    "prima id": ("prima_id", ""),
    "projects id": ("idf_id", "en"),
    "project id": ("idf_id", "en"),
    "projet id": ("idf_id", "fr"),
    "id du projet": ("idf_id", "fr"),
    "proyecto id": ("idf_id", "es"),
    "id del proyecto": ("idf_id", "es"),
    "benefiting member states": ("beneficiaries", "en"),
    "etat(s) membre(s) beneficiaire(s)": ("beneficiaries", "fr"),
    "etats membres beneficiaires": ("beneficiaries", "fr"),
    "estados miembros beneficiarios que reunen los requisitos": ("beneficiaries", "es"),
    "estados miembros beneficiarios": ("beneficiaries", "es"),
    "other countries benefiting at time of allocation": ("other_beneficiaries", "en"),
    "autres pays beneficiaires au moment de l'allocation": ("other_beneficiaries", "fr"),
    "otros paises beneficiarios en el momento de la asignacion": ("other_beneficiaries", "es"),
}


def project_label(line: str) -> tuple[str, str] | None:
    """``"Statut du projet"`` → ``("status", "fr")``; None when the line is not a label."""
    return PROJECT_LABELS.get(fold(line.strip().lstrip("•").strip().rstrip(":")))


# --- words --------------------------------------------------------------------------------
_STATUS = {
    "completed": "Completed",
    "complete": "Completed",
    "closed": "Completed",
    "acheve": "Completed",
    "termine": "Completed",
    "cloture": "Completed",
    "finalizado": "Completed",
    "completado": "Completed",
    "terminado": "Completed",
    "concluido": "Completed",
    "active": "Active",
    "ongoing": "Active",
    "en cours": "Active",
    "actif": "Active",
    "activo": "Active",
    "en curso": "Active",
    "en ejecucion": "Active",
}

_REGIONS = {
    "africa": "Africa",
    "afrique": "Africa",
    "asia and oceania": "Asia and Oceania",
    "asie et oceanie": "Asia and Oceania",
    "asia y oceania": "Asia and Oceania",
    "europe": "Europe",
    "europa": "Europe",
    "latin america and the caribbean": "Latin America and the Caribbean",
    "amerique latine et caraibes": "Latin America and the Caribbean",
    "amerique latine et les caraibes": "Latin America and the Caribbean",
    "america latina y el caribe": "Latin America and the Caribbean",
    "middle east and north africa": "Middle East and North Africa",
    "moyen-orient et afrique du nord": "Middle East and North Africa",
    "oriente medio y africa del norte": "Middle East and North Africa",
    "medio oriente y africa del norte": "Middle East and North Africa",
    "north america": "North America",
    "global": "Global",
    "mondial": "Global",
    "mundial": "Global",
}

_COVERAGE = {
    "national": "National",
    "nationale": "National",
    "nacional": "National",
    "regional": "Regional",
    "regionale": "Regional",
    "global": "Global",
    "mondial": "Global",
    "mondiale": "Global",
    "mundial": "Global",
    "multi-regional": "Multi-Regional",
    "multiregional": "Multi-Regional",
    "multi-regionale": "Multi-Regional",
    "multiregionale": "Multi-Regional",
    "multirregional": "Multi-Regional",
}


def status(text: str) -> str | None:
    return _STATUS.get(fold(text))


def idf_region(text: str) -> str | None:
    return _REGIONS.get(fold(text))


def coverage(text: str) -> str | None:
    return _COVERAGE.get(fold(text))


# --- numbers, ids, years ------------------------------------------------------------------
_BUDGET_RE = re.compile(r"^(?:US\$|USD|\$)?\s*([\d][\d\s.,\u00a0\u202f]*)\s*(?:USD|US\$|\$)?$")


def budget(text: str) -> int | float | None:
    """``"200000.00"``, ``"200,000"``, ``"200 000,00"`` → 200000 (int when whole)."""
    m = _BUDGET_RE.match(text.strip())
    if not m:
        return None
    raw = re.sub(r"[\s\u00a0\u202f]", "", m.group(1))
    if "," in raw and "." in raw:
        # The later separator is the decimal one.
        thousands = "," if raw.rfind(",") < raw.rfind(".") else "."
        raw = raw.replace(thousands, "").replace(",", ".")
    elif "," in raw:
        parts = raw.split(",")
        raw = raw.replace(",", "") if len(parts[-1]) == 3 else raw.replace(",", ".")
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[-1]) == 3):
        raw = raw.replace(".", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


# New style "LM.0254"; old style "T97-805", "TF2-805".
IDF_ID_RE = re.compile(r"^(?:[A-Z]{2}\.\d{3,4}|[A-Z][A-Z0-9]{2}-\d{3})$")
PRIMA_ID_RE = re.compile(r"^[A-Z]{2}\d{2}[A-Z]\d{4}$")


def idf_id(text: str) -> str | None:
    value = text.strip().upper()
    return value if IDF_ID_RE.match(value) else None


def prima_id(text: str) -> str | None:
    value = text.strip().upper()
    return value if PRIMA_ID_RE.match(value) else None


def year(text: str) -> int | None:
    """The year of "2014", "2014-03-01", "01/03/2014" or "March 2014"; None if not one year."""
    years = set(re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text))
    if len(years) != 1 or re.search(r"[^\w\s/.,-]", text) or len(text.split()) > 3:
        return None
    return int(years.pop())


def record_id(idf: str) -> str:
    """``"LM.0024"`` → ``"lm-0024"`` (the knowledge file name and record id)."""
    return idf.lower().replace(".", "-")


_TRANSLIT = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def slug(text: str, limit: int = 59) -> str:
    """A record id from a title: ascii words joined by '-', cut at a word within ``limit``."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    ascii_text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit and out:
            break
        out = candidate
    return out or "record"


# --- countries ----------------------------------------------------------------------------
# IOM's English names (UN style) where pycountry's ISO name reads differently.
ENGLISH: dict[str, str] = {
    "BO": "Bolivia (Plurinational State of)",
    "VE": "Venezuela (Bolivarian Republic of)",
    "IR": "Iran (Islamic Republic of)",
    "FM": "Micronesia (Federated States of)",
    "KR": "Republic of Korea",
    "KP": "Democratic People's Republic of Korea",
    "MD": "Republic of Moldova",
    "TZ": "United Republic of Tanzania",
    "CD": "Democratic Republic of the Congo",
    "CG": "Congo",
    "PS": "State of Palestine",
    "LA": "Lao People's Democratic Republic",
    "VN": "Viet Nam",
    "SY": "Syrian Arab Republic",
    "RU": "Russian Federation",
    "GB": "United Kingdom",
    "US": "United States of America",
    "CZ": "Czechia",
    "TR": "Türkiye",
    "MK": "North Macedonia",
    "CI": "Côte d'Ivoire",
    "CV": "Cabo Verde",
    "SZ": "Eswatini",
    "GM": "Gambia",
    "BS": "Bahamas",
    "NL": "Netherlands",
    "TW": "Taiwan",
    "XK": "Kosovo",
}

# Names met on pages that neither pycountry nor migbot's alias table know.
EXTRA_NAMES: dict[str, str] = {
    "palestinian territories": "PS",
    "occupied palestinian territory": "PS",
    "st. martin": "MF",
    "saint martin": "MF",
    "st. lucia": "LC",
    "st. kitts and nevis": "KN",
    "st. vincent and the grenadines": "VC",
    "republic of marshall islands": "MH",
    "federated states of micronesia": "FM",
    "kazakzstan": "KZ",
    "salvador": "SV",
    "serbia and montenegro": "RS",
}


@cache
def _translations(lang: str) -> dict[str, str]:
    """Folded country names in ``lang`` (from pycountry's ISO 3166 catalogues) → alpha-2."""
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return {}
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[fold(catalogue.gettext(str(value)))] = str(country.alpha_2)
    return table


@cache
def country_table() -> dict[str, str]:
    """Every folded country name in English, French and Spanish → alpha-2 code."""
    table: dict[str, str] = {}
    for lang in ("es", "fr"):
        table.update(_translations(lang))
    table.update(name_table())
    for code, name in ENGLISH.items():
        table[fold(name)] = code
    table.update(EXTRA_NAMES)
    return table


def is_english(name: str) -> bool:
    """Whether a country name is an English one (kept as the page writes it)."""
    key = fold(name).strip(" .;,")
    english = key in name_table() or key in EXTRA_NAMES
    return english or key in {fold(n) for n in ENGLISH.values()}


def english_name(code: str) -> str:
    """The English (UN style) name of an alpha-2 code: 'TZ' → 'United Republic of Tanzania'."""
    if code in ENGLISH:
        return ENGLISH[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def lookup(name: str) -> str | None:
    """Alpha-2 code of one country name in any of the page languages."""
    return country_table().get(fold(name).strip(" .;,"))


def _fold_chars(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` char by char, keeping for every folded char the index it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text.replace("\u2019", "'").replace("\u2018", "'")):
        piece = unicodedata.normalize("NFKD", ch.casefold())
        for c in piece:
            if not unicodedata.combining(c):
                out.append(c)
                index.append(i)
    return "".join(out), index


@dataclass(frozen=True)
class CountrySplit:
    found: list[tuple[str, str]]  # (name as written, alpha-2 code)
    unknown: list[str]  # pieces of text that are not a known country


def split_countries(text: str, extra: dict[str, str] | None = None) -> CountrySplit:
    """Split names run together on one line: "Bolivia (Plurinational State of) Brazil".

    Longest known name first; a name ends at a space, punctuation, the end, or where the
    next name starts with a capital letter without a space ("ChileUruguay").
    """
    table = dict(country_table())
    if extra:
        table.update({fold(k): v for k, v in extra.items()})
    keys = sorted(table, key=len, reverse=True)
    folded, index = _fold_chars(text)
    found: list[tuple[str, str]] = []
    unknown: list[str] = []
    pending_start: int | None = None
    i = 0
    n = len(folded)

    def flush(end: int) -> None:
        nonlocal pending_start
        if pending_start is not None:
            piece = text[index[pending_start] : index[end - 1] + 1].strip(" ,;")
            if piece:
                unknown.append(piece)
            pending_start = None

    while i < n:
        if folded[i] in " ,;/\t":
            i += 1
            continue
        match = None
        for key in keys:
            if folded.startswith(key, i):
                end = i + len(key)
                if end >= n or not folded[end].isalnum() or text[index[end]].isupper():
                    match = key
                    break
        if match is None:
            if pending_start is None:
                pending_start = i
            # Skip to the end of this word.
            while i < n and folded[i] not in " ,;/\t":
                i += 1
            continue
        flush(i)
        end = i + len(match)
        written = text[index[i] : index[end - 1] + 1]
        found.append((written, table[match]))
        i = end
    flush(n)
    return CountrySplit(found, unknown)


# --- dates and meetings -------------------------------------------------------------------
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "enero"),
            ("february", "feb", "fevrier", "febrero"),
            ("march", "mar", "mars", "marzo"),
            ("april", "apr", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juin", "junio"),
            ("july", "jul", "juillet", "julio"),
            ("august", "aug", "aout", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre"),
            ("october", "oct", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "decembre", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_M = r"([A-Za-zÀ-ÿ]+)\.?"
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # March 30 - April 1, 2010
    (re.compile(rf"^{_M}\s+(\d{{1,2}})\s*[-–]\s*{_M}\s+(\d{{1,2}}),?\s+(\d{{4}})"), "mdmdy"),
    # March 14-15, 2007 / March 14, 2007
    (re.compile(rf"^{_M}\s+(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?,?\s+(\d{{4}})"), "mddy"),
    # 14-15 March 2007 / 14 March 2007
    (re.compile(rf"^(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+{_M},?\s+(\d{{4}})"), "ddmy"),
    # May-June 2008
    (re.compile(rf"^{_M}\s*[-–]\s*{_M},?\s+(\d{{4}})"), "mmy"),
    # May 2008
    (re.compile(rf"^{_M},?\s+(\d{{4}})"), "my"),
    # 2001-2003
    (re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})"), "yy"),
    # 2008-05-14 / 2008
    (re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\b"), "iso"),
]


def _iso(y: str | int, m: int | None = None, d: str | int | None = None) -> str:
    out = f"{int(y):04d}"
    if m:
        out += f"-{m:02d}"
        if d:
            out += f"-{int(d):02d}"
    return out


def _month(word: str) -> int | None:
    return _MONTHS.get(fold(word).rstrip("."))


def parse_date(text: str) -> tuple[str, str | None, str] | None:
    """Leading date of ``text`` → (start, end or None, rest of the text); None if none."""
    text = text.strip()
    for pattern, kind in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groups()
        rest = text[m.end() :]
        if kind == "mdmdy":
            m1, m2 = _month(g[0]), _month(g[2])
            if m1 and m2:
                return _iso(g[4], m1, g[1]), _iso(g[4], m2, g[3]), rest
        elif kind == "mddy":
            m1 = _month(g[0])
            if m1:
                return _iso(g[3], m1, g[1]), (_iso(g[3], m1, g[2]) if g[2] else None), rest
        elif kind == "ddmy":
            m1 = _month(g[2])
            if m1:
                return _iso(g[3], m1, g[0]), (_iso(g[3], m1, g[1]) if g[1] else None), rest
        elif kind == "mmy":
            m1, m2 = _month(g[0]), _month(g[1])
            if m1 and m2:
                return _iso(g[2], m1), _iso(g[2], m2), rest
        elif kind == "my":
            m1 = _month(g[0])
            if m1:
                return _iso(g[1], m1), None, rest
        elif kind == "yy":
            return g[0], g[1], rest
        else:
            month = int(g[1]) if g[1] else None
            return _iso(g[0], month, g[2]), None, rest
    return None


_TITLE_WORDS = re.compile(
    r"\b(meeting|conference|forum|summit|dialogue|session|consultation|workshop|seminar|"
    r"launch|council|declaration|process|panel|round|retreat|plenary|ministerial|"
    r"intersessional|senior|officials|technical|thematic|annual|regional|first|second|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(st|nd|rd|th))\b",
    re.IGNORECASE,
)
_PLACE_WORDS = {"virtual", "online", "videoconference", "hybrid"}


def _place_like(segment: str) -> bool:
    s = segment.strip()
    if not s:
        return False
    if fold(s) in _PLACE_WORDS or lookup(s):
        return True
    if re.search(r"[\d:;()\"“]", s) or _TITLE_WORDS.search(s):
        return False
    words = s.split()
    return len(words) <= 3 and all(w[0].isupper() for w in words if w.isalpha() and len(w) > 3)


def parse_meeting(text: str) -> dict[str, str | None] | None:
    """``"March 14-15, 2007, Tbilisi, Georgia, Title"`` → date, date_end, place, title."""
    parsed = parse_date(text.strip().lstrip("-•").strip())
    if parsed is None:
        return None
    start, end, rest = parsed
    segments = [s.strip() for s in rest.strip().lstrip(",:–-").split(",")]
    segments = [s for s in segments if s]
    place: list[str] = []
    while segments and _place_like(segments[0]):
        place.append(segments.pop(0))
    meeting: dict[str, str | None] = {"date": start}
    if end:
        meeting["date_end"] = end
    meeting["place"] = ", ".join(place) or None
    meeting["title"] = ", ".join(segments) or None
    return meeting
