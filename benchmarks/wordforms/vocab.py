"""Vocabulary the matcher would hold (dictionary forms), per language, for the word-form test.

Each concept is one meaning; two entries of different concepts must never share a normal
form, two forms of one entry must. Country names come from pycountry's gettext catalogues
and Babel (see countries()). Hand-written forms are written as a dictionary writes them
(accents, ё).
"""

from __future__ import annotations

import gettext
import re

import pycountry
from babel import Locale

CONCEPTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "members": [
            "membre",
            "participer",
            "observateur",
            "bénéficiaire",
            "bénéficier",
            "participant",
        ],
        "budget": ["budget", "financement", "coûter", "montant", "dépenser", "financer"],
        "meetings": ["réunion", "réunir", "conférence", "tenir"],
        "objectives": ["objectif", "but", "viser"],
        "themes": ["thème", "thématique", "sujet"],
        "timeline": [
            "créer",
            "lancer",
            "fonder",
            "commencer",
            "démarrer",
            "terminer",
            "finir",
            "création",
            "lancement",
        ],
        "chair": ["présider", "président", "présidence", "coprésident"],
        "secretariat": ["secrétariat"],
        "country_teams": ["équipe"],
        "kind_process": ["processus"],
        "kind_project": ["projet"],
        "kind_dialogue": ["dialogue"],
        "kind_forum": ["forum"],
        "kind_consultation": ["consultation", "consultatif"],
        "country_word": ["pays", "état"],
        "status_active": ["actif"],
        "status_ended": ["terminé", "achevé"],
        "migration": ["migration", "migratoire", "migrant"],
        "development": ["développement"],
        "regional": ["régional"],
        "refugee": ["réfugié"],
        "border": ["frontière"],
        "year": ["année"],
        "list": ["liste"],
        "region_africa": ["afrique", "africain"],
        "region_america": ["amérique", "américain"],
        "region_caribbean": ["caraïbes"],
        "mondial": ["mondial"],
        "international": ["international"],
    },
    "es": {
        "members": [
            "miembro",
            "participar",
            "observador",
            "beneficiario",
            "beneficiar",
            "integrar",
        ],
        "budget": [
            "presupuesto",
            "financiamiento",
            "costar",
            "monto",
            "invertir",
            "financiar",
            "dinero",
        ],
        "meetings": ["reunión", "reunir", "conferencia", "celebrar"],
        "objectives": ["objetivo", "meta"],
        "themes": ["tema", "temático"],
        "timeline": [
            "crear",
            "lanzar",
            "fundar",
            "empezar",
            "terminar",
            "finalizar",
            "establecer",
            "arrancar",
            "nacer",
        ],
        "chair": ["presidir", "presidente", "presidencia", "copresidente"],
        "secretariat": ["secretaría"],
        "country_teams": ["equipo"],
        "kind_process": ["proceso"],
        "kind_project": ["proyecto"],
        "kind_dialogue": ["diálogo"],
        "kind_forum": ["foro"],
        "kind_consultation": ["consulta", "consultivo"],
        "country_word": ["país", "estado"],
        "status_active": ["activo"],
        "status_ended": ["terminado", "inactivo"],
        "migration": ["migración", "migratorio", "migrante"],
        "development": ["desarrollo"],
        "regional": ["regional"],
        "refugee": ["refugiado"],
        "border": ["frontera"],
        "year": ["año"],
        "list": ["lista"],
        "region_africa": ["áfrica"],
        "region_america": ["américa"],
        "mondial": ["mundial", "global"],
        "international": ["internacional"],
    },
    "ru": {
        "members": [
            "член",
            "участвовать",
            "наблюдатель",
            "бенефициар",
            "участник",
            "входить",
            "участница",
        ],
        "budget": [
            "бюджет",
            "финансирование",
            "стоить",
            "деньги",
            "потратить",
            "финансировать",
            "выделить",
            "доллар",
        ],
        "meetings": ["встреча", "заседание", "конференция", "проходить", "саммит", "встречаться"],
        "objectives": ["цель", "задача"],
        "themes": ["тема", "тематика", "тематический"],
        "timeline": [
            "создать",
            "основать",
            "начаться",
            "запустить",
            "закончиться",
            "появиться",
            "существовать",
        ],
        "chair": ["председатель", "председательствовать", "председательство", "сопредседатель"],
        "secretariat": ["секретариат"],
        "country_teams": ["группа", "страновой"],
        "kind_process": ["процесс"],
        "kind_project": ["проект"],
        "kind_dialogue": ["диалог"],
        "kind_forum": ["форум"],
        "kind_consultation": ["консультация", "консультативный"],
        "country_word": ["страна", "государство"],
        "status_active": ["активный"],
        "status_ended": ["завершённый"],
        "migration": ["миграция", "миграционный", "мигрант"],
        "development": ["развитие"],
        "regional": ["региональный"],
        "refugee": ["беженец"],
        "border": ["граница"],
        "year": ["год"],
        "list": ["список"],
        "region_africa": ["африка"],
        "region_america": ["америка"],
        "region_europe": ["европа"],
        "region_asia": ["азия"],
        "mondial": ["глобальный"],
        "international": ["международный"],
        # Words of record aliases ("Пражский процесс", "Алматинский процесс"...).
        "alias_prague": ["пражский"],
        "alias_budapest": ["будапештский"],
        "alias_almaty": ["алматинский"],
        "alias_bali": ["балийский"],
        "alias_rabat": ["рабатский"],
        "alias_khartoum": ["хартумский"],
        "alias_cluster": ["кластерный"],
        "alias_south_american": ["южноамериканский"],
        "alias_arab": ["арабский"],
        "alias_labour": ["трудовой"],
        "alias_diaspora": ["диаспора"],
        "alias_caribbean": ["карибский"],
        "alias_management": ["управление"],
    },
}

TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold())


def country_names(lang: str) -> dict[str, set[str]]:
    """ISO-2 code -> names in `lang` (Babel territories + pycountry gettext catalogue)."""
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    names: dict[str, set[str]] = {}
    for c in pycountry.countries:
        got = names.setdefault(c.alpha_2, set())
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                got.add(tr.gettext(getattr(c, attr)))
    for code, name in Locale(lang).territories.items():
        if code in names:
            names[code].add(name)
    return names


def country_key_tokens(lang: str) -> dict[str, set[str]]:
    """Code -> the distinctive tokens of its names (tokens in names of <3 countries, len>=3)."""
    names = country_names(lang)
    toks = {code: {t for n in ns for t in tokens(n) if len(t) >= 3} for code, ns in names.items()}
    used: dict[str, int] = {}
    for ts in toks.values():
        for t in ts:
            used[t] = used.get(t, 0) + 1
    return {code: {t for t in ts if used[t] < 3} for code, ts in toks.items()}
