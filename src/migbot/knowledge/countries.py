"""Country names ↔ ISO 3166-1 alpha-2 codes, through pycountry plus the names IOM pages use."""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from rapidfuzz import fuzz, process, utils

# Names met on IOM pages and in questions that pycountry does not know as such.
ALIASES: dict[str, str] = {
    "netherlands, the": "NL",
    "the netherlands": "NL",
    "holland": "NL",
    "czechia": "CZ",
    "czech republic": "CZ",
    "dpr korea": "KP",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "republic of korea": "KR",
    "south korea": "KR",
    "korea": "KR",
    "lao pdr": "LA",
    "laos": "LA",
    "lao people's democratic republic": "LA",
    "timor leste": "TL",
    "east timor": "TL",
    "syria": "SY",
    "turkey": "TR",
    "turkiye": "TR",
    "vietnam": "VN",
    "viet nam": "VN",
    "russia": "RU",
    "iran": "IR",
    "iran (islamic republic of)": "IR",
    "bolivia": "BO",
    "bolivia (plurinational state of)": "BO",
    "venezuela": "VE",
    "venezuela (bolivarian republic of)": "VE",
    "moldova": "MD",
    "republic of moldova": "MD",
    "tanzania": "TZ",
    "united republic of tanzania": "TZ",
    "macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "kosovo": "XK",
    "kosovo (as per unscr 1244)": "XK",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "congo": "CG",
    "republic of the congo": "CG",
    "congo (republic of)": "CG",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "congo, democratic republic of the": "CD",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "cabo verde": "CV",
    "cape verde": "CV",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "micronesia": "FM",
    "micronesia (federated states of)": "FM",
    "state of palestine": "PS",
    "palestine": "PS",
    "hong kong": "HK",
    "hong kong (sar of china)": "HK",
    "macau": "MO",
    "macao": "MO",
    "macau (sar of china)": "MO",
    "new caledonia (france)": "NC",
    "brunei": "BN",
    "the gambia": "GM",
    "gambia": "GM",
    "the bahamas": "BS",
    "bahamas": "BS",
    "vatican": "VA",
    "holy see": "VA",
    "saint kitts and nevis": "KN",
    "st kitts and nevis": "KN",
    "saint lucia": "LC",
    "st lucia": "LC",
    "saint vincent and the grenadines": "VC",
    "st vincent and the grenadines": "VC",
    "sao tome and principe": "ST",
    "curacao": "CW",
    "sint maarten": "SX",
    "turks and caicos": "TC",
    "turks and caicos islands": "TC",
    "british virgin islands": "VG",
    "us virgin islands": "VI",
}

# Short, familiar display names where pycountry's official name reads oddly in a chat.
DISPLAY: dict[str, str] = {
    "BO": "Bolivia",
    "CD": "Democratic Republic of the Congo",
    "CG": "Congo",
    "CZ": "Czechia",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "HK": "Hong Kong SAR, China",
    "IR": "Iran",
    "KP": "DPR Korea",
    "KR": "Republic of Korea",
    "LA": "Lao PDR",
    "MD": "Republic of Moldova",
    "MO": "Macao SAR, China",
    "NL": "Netherlands",
    "PS": "State of Palestine",
    "RU": "Russian Federation",
    "SY": "Syria",
    "TR": "Türkiye",
    "TW": "Taiwan",
    "TZ": "United Republic of Tanzania",
    "US": "United States of America",
    "VE": "Venezuela",
    "VN": "Viet Nam",
    "XK": "Kosovo",
}


def fold(text: str) -> str:
    """Casefold and strip accents: 'Côte d’Ivoire' → "cote d'ivoire"."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@cache
def name_table() -> dict[str, str]:
    """Every folded name (official, common, alias) → alpha-2 code."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[fold(str(value))] = code
    for code, name in DISPLAY.items():
        table[fold(name)] = code
    table.update(ALIASES)
    return table


@cache
def local_names(language: str) -> dict[str, str]:
    """Country names in ``language`` → alpha-2 code, from the data libraries ship: Babel's
    territory names (common ones: "Russie", "Moldavie") and pycountry's ISO 3166
    translations (official ones: "Géorgie", "Грузия"). Empty for English (ISO's own)."""
    if language == "en":
        return {}
    out: dict[str, str] = {}
    try:
        names: Mapping[str, str] = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        names = {}
    for code, name in names.items():
        if len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code):
            out[str(name)] = code
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return out
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                out.setdefault(catalogue.gettext(str(value)), str(country.alpha_2))
    return out


def country_name(code: str) -> str:
    """Display name of an alpha-2 code ('GE' → 'Georgia')."""
    if code in DISPLAY:
        return DISPLAY[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def suggest_country(name: str) -> str | None:
    """The closest known country name, for an error message ('Swtizerland' → 'Switzerland')."""
    best = process.extractOne(
        fold(name), list(name_table()), scorer=fuzz.ratio, processor=utils.default_process
    )
    if best is None or best[1] < 70:
        return None
    return country_name(name_table()[best[0]])


def lookup_country(name: str) -> str | None:
    """Exact (folded) lookup of a name or alpha-2/alpha-3 code; None when unknown."""
    key = fold(name).strip(" .")
    if key in name_table():
        return name_table()[key]
    if len(key) in (2, 3) and key.isalpha():
        code = key.upper()
        found = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else pycountry.countries.get(alpha_3=code)
        )
        if found is not None:
            return str(found.alpha_2)
    return None


def resolve_country(value: Any) -> str:
    """Pydantic validator: a country name from a knowledge file → its alpha-2 code."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a country is written as its name, e.g. 'Georgia'")
    code = lookup_country(value)
    if code is not None:
        return code
    hint = suggest_country(value)
    raise ValueError(f"unknown country {value!r}" + (f" — did you mean {hint!r}?" if hint else ""))
