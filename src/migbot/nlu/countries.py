"""Find countries in a question: names, short names, demonyms and common misspellings.

Built on ``migbot.knowledge.countries.name_table``. Two- and three-letter ISO codes are NOT
read as countries ("in", "to", "us", "me", "is", "at", "no", "be", "and", "can" are words),
only the few abbreviations people really type for a country (UK, USA, UAE, DRC).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from migbot.knowledge.countries import name_table
from migbot.nlu.fuzzy import Vocabulary
from migbot.nlu.normalise import simplify
from migbot.nlu.words import STOP_WORDS

_SHORT_OK = frozenset({"uk", "usa", "uae", "drc"})

# Demonyms and everyday names people use in questions ("Georgian projects").
DEMONYMS: dict[str, str] = {
    "georgian": "GE",
    "armenian": "AM",
    "azerbaijani": "AZ",
    "azeri": "AZ",
    "german": "DE",
    "french": "FR",
    "belgian": "BE",
    "danish": "DK",
    "dutch": "NL",
    "swedish": "SE",
    "swiss": "CH",
    "czech": "CZ",
    "british": "GB",
    "english": "GB",
    "american": "US",
    "italian": "IT",
    "spanish": "ES",
    "portuguese": "PT",
    "polish": "PL",
    "greek": "GR",
    "turkish": "TR",
    "russian": "RU",
    "ukrainian": "UA",
    "moldovan": "MD",
    "belarusian": "BY",
    "albanian": "AL",
    "serbian": "RS",
    "kosovar": "XK",
    "bosnian": "BA",
    "croatian": "HR",
    "romanian": "RO",
    "bulgarian": "BG",
    "hungarian": "HU",
    "austrian": "AT",
    "kazakh": "KZ",
    "kyrgyz": "KG",
    "tajik": "TJ",
    "uzbek": "UZ",
    "turkmen": "TM",
    "afghan": "AF",
    "pakistani": "PK",
    "indian": "IN",
    "bangladeshi": "BD",
    "nepali": "NP",
    "nepalese": "NP",
    "sri lankan": "LK",
    "chinese": "CN",
    "japanese": "JP",
    "korean": "KR",
    "mongolian": "MN",
    "vietnamese": "VN",
    "cambodian": "KH",
    "thai": "TH",
    "filipino": "PH",
    "philippine": "PH",
    "indonesian": "ID",
    "malaysian": "MY",
    "australian": "AU",
    "fijian": "FJ",
    "tongan": "TO",
    "samoan": "WS",
    "egyptian": "EG",
    "moroccan": "MA",
    "tunisian": "TN",
    "algerian": "DZ",
    "libyan": "LY",
    "sudanese": "SD",
    "ethiopian": "ET",
    "eritrean": "ER",
    "somali": "SO",
    "kenyan": "KE",
    "ugandan": "UG",
    "rwandan": "RW",
    "tanzanian": "TZ",
    "nigerian": "NG",
    "ghanaian": "GH",
    "senegalese": "SN",
    "malian": "ML",
    "nigerien": "NE",
    "beninese": "BJ",
    "togolese": "TG",
    "ivorian": "CI",
    "congolese": "CD",
    "cameroonian": "CM",
    "zambian": "ZM",
    "zimbabwean": "ZW",
    "mozambican": "MZ",
    "malawian": "MW",
    "botswanan": "BW",
    "namibian": "NA",
    "angolan": "AO",
    "djiboutian": "DJ",
    "malagasy": "MG",
    "mauritian": "MU",
    "comorian": "KM",
    "jamaican": "JM",
    "haitian": "HT",
    "dominican": "DO",
    "cuban": "CU",
    "mexican": "MX",
    "guatemalan": "GT",
    "salvadoran": "SV",
    "salvadorean": "SV",
    "honduran": "HN",
    "nicaraguan": "NI",
    "costa rican": "CR",
    "panamanian": "PA",
    "colombian": "CO",
    "venezuelan": "VE",
    "ecuadorian": "EC",
    "peruvian": "PE",
    "bolivian": "BO",
    "chilean": "CL",
    "argentine": "AR",
    "argentinian": "AR",
    "brazilian": "BR",
    "paraguayan": "PY",
    "uruguayan": "UY",
    "canadian": "CA",
    "iraqi": "IQ",
    "iranian": "IR",
    "syrian": "SY",
    "lebanese": "LB",
    "jordanian": "JO",
    "yemeni": "YE",
    "saudi": "SA",
    "emirati": "AE",
    "sierra leonean": "SL",
    "south african": "ZA",
    "south sudanese": "SS",
    "kiribati": "KI",
    "vanuatu": "VU",
}
# Misspellings met in practice (and in IOM pages) that fuzzy matching might miss.
MISSPELLINGS: dict[str, str] = {
    "swtizerland": "CH",
    "kazakstan": "KZ",
    "kazakzstan": "KZ",
    "kyrgystan": "KG",
    "kirghizstan": "KG",
    "phillipines": "PH",
    "philipines": "PH",
    "columbia": "CO",
    "uae": "AE",
    "emirates": "AE",
    "burma": "MM",
    "ivory coast": "CI",
    "cote divoire": "CI",
    "holland": "NL",
    "azerbaidjan": "AZ",
    "azerbajan": "AZ",
    "armenia's": "AM",
}


@dataclass(frozen=True)
class CountryHit:
    code: str
    start: int  # token span [start, end)
    end: int
    exact: bool


class CountryFinder:
    def __init__(self, protected: Collection[str] = ()) -> None:
        table: dict[str, str] = {}
        for name, code in name_table().items():
            key = simplify(name)
            if not key or (len(key) <= 3 and key not in _SHORT_OK):
                continue
            table.setdefault(key, code)
        for extra in (DEMONYMS, MISSPELLINGS):
            for name, code in extra.items():
                table.setdefault(simplify(name), code)
        self._table = table
        self._max_len = max(len(k.split()) for k in table)
        # Single-word names for typo matching ("Gerogia", "Germny").
        self._vocabulary = Vocabulary(k for k in table if " " not in k and len(k) >= 5)
        # Words that must never be bent into a country by fuzzy matching.
        self._protected = frozenset(protected) | STOP_WORDS

    def find(self, tokens: tuple[str, ...]) -> list[CountryHit]:
        hits: list[CountryHit] = []
        i, n = 0, len(tokens)
        while i < n:
            found = None
            for size in range(min(self._max_len, n - i), 0, -1):
                key = " ".join(tokens[i : i + size])
                code = self._table.get(key)
                if code is not None:
                    found = CountryHit(code, i, i + size, True)
                    break
            if found is None:
                found = self._fuzzy(tokens[i], i)
            if found is not None:
                hits.append(found)
                i = found.end
            else:
                i += 1
        return hits

    def _fuzzy(self, token: str, i: int) -> CountryHit | None:
        if len(token) < 5 or token in self._protected or not token.isalpha():
            return None
        # One edit at most (a swapped pair counts as one): "Gerogia", "mexcio", "kenia".
        close = self._vocabulary.close(token, max_edits=1)
        if len(close) != 1:
            return None  # none, or ambiguous between two countries
        return CountryHit(self._table[close[0]], i, i + 1, False)
