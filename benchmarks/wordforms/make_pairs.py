"""Write pairs-<lang>.yaml from the questions, the vocabulary and hand labels (run once).

Positives: (form, lemma) where `form` is a question token that is an inflected or
accent-less form of the vocabulary entry `lemma` (same lexeme; derived words such as
миграционный/миграция or présidence/présider are left out: the vocabulary lists them
separately). Forms equal to the lemma after casefold are left out (every method matches
them). Extra forms people write that the questions lack are marked source: written.
Negatives: two words of different meaning that must not share a normal form.
"""

from __future__ import annotations

from pathlib import Path

import vocab
import yaml
from candidates import QUESTIONS, close, fold, prefix

HERE = Path(__file__).parent

# Candidate pairs of one concept that are not the same lexeme (derived words), or typos
# and slang (a fuzzy matcher's job, not a lemmatizer's).
NOT_SAME: dict[str, set[tuple[str, str]]] = {
    "fr": {
        ("migration", "migratoire"),
        ("migration", "migrant"),
        ("afrique", "africain"),
        ("africain", "afrique"),
        ("consultatif", "consultation"),
        ("consultations", "consultatif"),
        ("migrations", "migrant"),
        ("américain", "amérique"),
        ("amérique", "américain"),
        ("migrants", "migration"),
        ("migrants", "migratoire"),
        ("migratoires", "migration"),
        ("migratoires", "migrant"),
        ("financé", "financement"),
        ("réunion", "réunir"),
        ("lancement", "lancer"),
        ("migratoire", "migration"),
        ("migratoire", "migrant"),
        ("partie", "participer"),
        ("partie", "participant"),
        ("participent", "participant"),
        ("américaine", "amérique"),
        ("participe", "participant"),
        ("bénéficient", "bénéficiaire"),
        ("bénéficiaires", "bénéficier"),
        ("réuni", "réunion"),
        ("réunions", "réunir"),
        ("reunions", "réunir"),
        ("reunion", "réunir"),
        ("thèmes", "thématique"),
        ("thématiques", "thème"),
        ("themes", "thématique"),
        ("lancé", "lancement"),
        ("americain", "amérique"),
        ("financement", "financer"),
        ("finance", "financement"),
        ("préside", "président"),
        ("préside", "présidence"),
        ("présidence", "présider"),
        ("présidence", "président"),
        ("présidé", "président"),
        ("présidé", "présidence"),
        ("président", "présider"),
        ("président", "présidence"),
        ("preside", "président"),
        ("preside", "présidence"),
        ("conf", "conférence"),
        ("americaine", "amérique"),
        ("bénéficie", "bénéficiaire"),
        ("lancés", "lancement"),
        ("terminés", "terminer"),
        ("consultatifs", "consultation"),
        ("monde", "mondial"),
        ("migrant", "migration"),
        ("migrant", "migratoire"),
        ("thematiques", "thème"),
        ("beneficie", "bénéficiaire"),
        ("africaine", "afrique"),
        ("migreco", "migration"),
        ("migreco", "migratoire"),
        ("migreco", "migrant"),
    },
    "es": {
        ("migracion", "migrante"),
        ("migración", "migrante"),
        ("consultivo", "consulta"),
        ("consulta", "consultivo"),
        ("migraciones", "migrante"),
        ("migratoria", "migrante"),
        ("parte", "participar"),
        ("consultas", "consultivo"),
        ("benefician", "beneficiario"),
        ("beneficiarios", "beneficiar"),
        ("beneficia", "beneficiario"),
        ("beneficiario", "beneficiar"),
        ("reunión", "reunir"),
        ("reunion", "reunir"),
        ("reunió", "reunión"),
        ("reuniones", "reunir"),
        ("reunieron", "reunión"),
        ("reunido", "reunión"),
        ("temas", "temático"),
        ("tematicos", "tema"),
        ("temático", "tema"),
        ("migratorio", "migrante"),
        ("terminó", "terminado"),
        ("migratorios", "migrante"),
        ("migratorias", "migrante"),
        ("financió", "financiamiento"),
        ("financiamiento", "financiar"),
        ("presidencia", "presidir"),
        ("presidencia", "presidente"),
        ("preside", "presidente"),
        ("preside", "presidencia"),
        ("presidido", "presidente"),
        ("presidido", "presidencia"),
        ("presidió", "presidente"),
        ("presidió", "presidencia"),
        ("presidia", "presidente"),
        ("presidia", "presidencia"),
        ("terminados", "terminar"),
        ("consultivos", "consulta"),
        ("termino", "terminado"),
        ("migrante", "migración"),
        ("migrante", "migratorio"),
        ("presidente", "presidir"),
        ("presidente", "presidencia"),
        ("termina", "terminado"),
        ("reunio", "reunión"),
        ("financia", "financiamiento"),
        ("costo", "costar"),
        ("integrada", "integrar"),
    },
    "ru": {
        ("миграции", "миграционный"),
        ("миграции", "мигрант"),
        ("миграционный", "миграция"),
        ("миграционный", "мигрант"),
        ("американский", "америка"),
        ("консультативный", "консультация"),
        ("миграционные", "миграция"),
        ("миграционные", "мигрант"),
        ("консультации", "консультативный"),
        ("миграционных", "миграция"),
        ("миграционных", "мигрант"),
        ("миграционной", "миграция"),
        ("миграционной", "мигрант"),
        ("мигрантов", "миграция"),
        ("миграцией", "миграционный"),
        ("миграцией", "мигрант"),
        ("карибах", "карибский"),
        ("страны", "страновой"),
        ("стран", "страновой"),
        ("участниц", "участвовать"),
        ("участниц", "участник"),
        ("участники", "участница"),
        ("участником", "участница"),
        ("консультативного", "консультация"),
        ("участницы", "участник"),
        ("участвует", "участник"),
        ("американского", "америка"),
        ("участвуют", "участник"),
        ("странах", "страновой"),
        ("встреча", "встречаться"),
        ("заседал", "заседание"),
        ("встречи", "встречаться"),
        ("встречались", "встреча"),
        ("создавали", "создать"),
        ("тематика", "тема"),
        ("тематика", "тематический"),
        ("темами", "тематика"),
        ("темами", "тематический"),
        ("тематические", "тема"),
        ("тематические", "тематика"),
        ("тематический", "тема"),
        ("тематический", "тематика"),
        ("темах", "тематика"),
        ("темах", "тематический"),
        ("миграция", "миграционный"),
        ("миграция", "мигрант"),
        ("финансирование", "финансировать"),
        ("финансирует", "финансирование"),
        ("страновые", "страна"),
        ("страновой", "страна"),
        ("председательствует", "председатель"),
        ("председательствует", "председательство"),
        ("председатель", "председательствовать"),
        ("председатель", "председательство"),
        ("председателем", "председательствовать"),
        ("председателем", "председательство"),
        ("страна", "страновой"),
        ("председательствовал", "председатель"),
        ("председательствовал", "председательство"),
        ("председательство", "председатель"),
        ("председательство", "председательствовать"),
        ("американском", "америка"),
        ("финансировал", "финансирование"),
        ("начатые", "начаться"),
        ("консультативные", "консультация"),
        ("участников", "участница"),
        ("тема", "тематика"),
        ("тема", "тематический"),
        ("мигранта", "миграция"),
        ("мигранта", "миграционный"),
        ("миграцию", "миграционный"),
        ("миграцию", "мигрант"),
        ("хартум", "хартумский"),
        ("конфа", "конференция"),
        ("закончилса", "закончиться"),
        ("процес", "процесс"),
        ("процесе", "процесс"),
        ("процеса", "процесс"),
        ("алматы", "алматинский"),
        ("бали", "балийский"),
        ("бенефициары", "бенефициар"),
    },
}
# Candidates the prefix search proposed that are not the same lexeme (reviewed by hand).
DROP: dict[str, set[tuple[str, str]]] = {
    "fr": {("régional", "région")},
    "es": {
        ("costo", "costa"),
        ("costa", "côte"),
        ("dominicana", "dominica"),
        ("española", "españa"),
        ("unidad", "unido"),
        ("unidad", "unida"),
        ("georgia", "georgias"),
        ("regional", "región"),
        ("santa", "santo"),
        ("establece", "estado"),
        ("estan", "estado"),
        ("estaba", "establecer"),
        ("estan", "establecer"),
        ("están", "establecer"),
        ("consulado", "consultivo"),
        ("reunio", "reunión"),
        ("reunió", "reunión"),
    },
    "ru": {
        ("центральной", "центрально"),
        ("америка", "америки"),
        ("америке", "америки"),
        ("консультаций", "консультативный"),
        ("африканского", "африка"),
    },
}
# Candidate pairs of different meaning: negatives (found by the candidate search).
DIFFERENT: dict[str, list[tuple[str, str]]] = {
    "fr": [
        ("comment", "commencer"),
        ("demain", "démarrer"),
        ("demande", "démarrer"),
        ("fonds", "fonder"),
        ("colombo", "colombie"),
        ("panafricain", "panama"),
        ("montant", "monténégro"),
        ("montant", "montserrat"),
        ("argent", "argentine"),
        ("manuel", "man"),
        ("franc", "france"),
        ("bangkok", "bangladesh"),
        ("partenariat", "partie"),
    ],
    "es": [
        ("costa", "costar"),
        ("estados", "establecer"),
        ("estableció", "estado"),
        ("está", "establecer"),
        ("está", "estado"),
        ("estado", "establecer"),
        ("estaba", "estado"),
        ("están", "estado"),
        ("preside", "presupuesto"),
        ("consulado", "consulta"),
        ("estatuto", "estado"),
        ("colombo", "colombia"),
        ("panafricano", "panamá"),
        ("sudamérica", "sudán"),
        ("para", "paraguay"),
        ("como", "comoras"),
        ("cambio", "camboya"),
        ("monto", "montenegro"),
        ("gran", "granada"),
        ("antiguo", "antigua"),
        ("mayor", "mayotte"),
        ("esto", "estonia"),
        ("espacio", "españa"),
        ("austral", "australia"),
        ("austral", "austria"),
        ("costó", "costa"),
        ("santiago", "santo"),
        ("dominicana", "dominica"),
        ("española", "españa"),
        ("unidad", "unido"),
        ("consulado", "consultivo"),
    ],
    "ru": [
        ("день", "деньги"),
        ("закону", "закончиться"),
        ("задавать", "задача"),
        ("словах", "словакия"),
        ("словах", "словения"),
        ("панафриканский", "панама"),
        ("пользу", "польша"),
        ("пользоваться", "польша"),
        ("конфа", "конфедерация"),
    ],
}
# Hand-written negatives: country names against common words, and country against country.
CURATED: dict[str, list[tuple[str, str]]] = {
    "fr": [
        ("mali", "mal"),
        ("mali", "malin"),
        ("chine", "chien"),
        ("niger", "nier"),
        ("inde", "index"),
        ("tchad", "tchat"),
        ("iran", "irai"),
        ("oman", "roman"),
        ("cuba", "cube"),
        ("pérou", "péril"),
        ("togo", "toge"),
        ("gabon", "gabarit"),
        ("malte", "malt"),
        ("maurice", "mauritanie"),
        ("france", "franc"),
        ("guinée", "guyane"),
        ("autriche", "australie"),
        ("soudan", "soudain"),
        ("liban", "libye"),
        ("suède", "suisse"),
        ("pays", "payer"),
        ("membre", "mémoire"),
        ("processus", "procès"),
        ("projet", "projeter"),
        ("projet", "prochain"),
        ("état", "était"),
        ("états", "étaient"),
        ("actif", "acte"),
        ("forum", "format"),
        ("réunion", "réunionnais"),
        ("réunion", "union"),
        ("budget", "bouger"),
    ],
    "es": [
        ("perú", "pero"),
        ("irán", "ira"),
        ("irán", "ir"),
        ("malí", "mal"),
        ("chile", "chillar"),
        ("cuba", "cubo"),
        ("togo", "todo"),
        ("omán", "oma"),
        ("chad", "chat"),
        ("china", "chino"),
        ("india", "indio"),
        ("malta", "malto"),
        ("congo", "cono"),
        ("níger", "nigeria"),
        ("guinea", "guyana"),
        ("irak", "irán"),
        ("austria", "australia"),
        ("suecia", "suiza"),
        ("libia", "líbano"),
        ("eslovaquia", "eslovenia"),
        ("país", "paso"),
        ("miembro", "miedo"),
        ("proceso", "procesar"),
        ("proceso", "procedimiento"),
        ("proyecto", "proyectar"),
        ("proyecto", "propio"),
        ("estado", "estar"),
        ("activo", "actividad"),
        ("activo", "acto"),
        ("foro", "forma"),
        ("reunión", "unión"),
        ("presupuesto", "supuesto"),
        ("meta", "metro"),
        ("tema", "temer"),
        ("año", "ano"),
        ("año", "anual"),
        ("años", "anos"),
    ],
    "ru": [
        ("мали", "мало"),
        ("мали", "малый"),
        ("того", "тот"),
        ("чад", "чадо"),
        ("куба", "куб"),
        ("перу", "перо"),
        ("оман", "обман"),
        ("иран", "ирак"),
        ("нигер", "нигерия"),
        ("австрия", "австралия"),
        ("гвинея", "гайана"),
        ("словакия", "словения"),
        ("швеция", "швейцария"),
        ("ливия", "ливан"),
        ("судан", "суд"),
        ("гана", "гнать"),
        ("бенин", "бен"),
        ("кения", "кнея"),
        ("чили", "чил"),
        ("сербия", "серб"),
        ("мальта", "мальчик"),
        ("конго", "конь"),
        ("грузия", "груз"),
        ("турция", "турок"),
        ("турция", "тур"),
        ("россия", "рос"),
        ("мексика", "мекс"),
        ("мексика", "мех"),
        ("страна", "странный"),
        ("член", "членить"),
        ("проект", "прожект"),
        ("процесс", "процессор"),
        ("встреча", "встречный"),
        ("год", "годный"),
        ("бюджет", "бюджетник"),
        ("активный", "актив"),
        ("форум", "форма"),
        ("цель", "целый"),
        ("тема", "темный"),
        ("диалог", "диал"),
        ("диалог", "диагноз"),
    ],
}
# Forms people write that the questions lack: inflected or accent-less country names of the
# knowledge's regions, and status words with ё written е.
WRITTEN: dict[str, list[tuple[str, str, str]]] = {
    "fr": [
        ("perou", "pérou", "PE"),
        ("mexique", "mexique", "MX"),
        ("haiti", "haïti", "HT"),
        ("senegal", "sénégal", "SN"),
        ("etats", "états", "US"),
        ("egypte", "égypte", "EG"),
        ("ethiopie", "éthiopie", "ET"),
        ("equateur", "équateur", "EC"),
        ("bresil", "brésil", "BR"),
        ("colombie", "colombie", "CO"),
        ("armenie", "arménie", "AM"),
        ("algerie", "algérie", "DZ"),
        ("benin", "bénin", "BJ"),
        ("coree", "corée", "KR"),
        ("emirats", "émirats", "AE"),
        ("guinee", "guinée", "GN"),
        ("grece", "grèce", "GR"),
        ("suede", "suède", "SE"),
        ("tchequie", "tchéquie", "CZ"),
        ("bielorussie", "biélorussie", "BY"),
        ("reunions", "réunion", "meetings"),
        ("reunion", "réunion", "meetings"),
        ("projets", "projet", "kind_project"),
        ("termines", "terminé", "status_ended"),
        ("terminees", "terminé", "status_ended"),
        ("actives", "actif", "status_active"),
        ("achevés", "achevé", "status_ended"),
        ("acheves", "achevé", "status_ended"),
        ("secretariat", "secrétariat", "secretariat"),
        ("developpement", "développement", "development"),
        ("refugies", "réfugié", "refugee"),
        ("frontieres", "frontière", "border"),
        ("presidence", "présidence", "chair"),
        ("cree", "créer", "timeline"),
        ("regionaux", "régional", "regional"),
        ("equipes", "équipe", "country_teams"),
        ("themes", "thème", "themes"),
        ("conferences", "conférence", "meetings"),
        ("annees", "année", "year"),
    ],
    "es": [
        ("peru", "perú", "PE"),
        ("mexico", "méxico", "MX"),
        ("panama", "panamá", "PA"),
        ("haiti", "haití", "HT"),
        ("canada", "canadá", "CA"),
        ("japon", "japón", "JP"),
        ("iran", "irán", "IR"),
        ("paises", "países", "NL"),
        ("belgica", "bélgica", "BE"),
        ("tunez", "túnez", "TN"),
        ("turquia", "turquía", "TR"),
        ("kazajistan", "kazajistán", "KZ"),
        ("azerbaiyan", "azerbaiyán", "AZ"),
        ("pakistan", "pakistán", "PK"),
        ("afganistan", "afganistán", "AF"),
        ("libano", "líbano", "LB"),
        ("gabon", "gabón", "GA"),
        ("camerun", "camerún", "CM"),
        ("benin", "benín", "BJ"),
        ("republica", "república", "DO"),
        ("reuniones", "reunión", "meetings"),
        ("reunion", "reunión", "meetings"),
        ("dialogos", "diálogo", "kind_dialogue"),
        ("proyectos", "proyecto", "kind_project"),
        ("procesos", "proceso", "kind_process"),
        ("secretaria", "secretaría", "secretariat"),
        ("terminados", "terminado", "status_ended"),
        ("activas", "activo", "status_active"),
        ("migracion", "migración", "migration"),
        ("tematica", "temático", "themes"),
        ("paises", "país", "country_word"),
        ("pais", "país", "country_word"),
        ("conferencias", "conferencia", "meetings"),
        ("presupuestos", "presupuesto", "budget"),
        ("miembros", "miembro", "members"),
        ("objetivos", "objetivo", "objectives"),
    ],
    "ru": [
        ("армении", "армения", "AM"),
        ("армению", "армения", "AM"),
        ("азербайджане", "азербайджан", "AZ"),
        ("азербайджану", "азербайджан", "AZ"),
        ("грузией", "грузия", "GE"),
        ("казахстаном", "казахстан", "KZ"),
        ("кыргызстане", "кыргызстан", "KG"),
        ("таджикистане", "таджикистан", "TJ"),
        ("узбекистана", "узбекистан", "UZ"),
        ("узбекистане", "узбекистан", "UZ"),
        ("туркменистане", "туркменистан", "TM"),
        ("молдовой", "молдова", "MD"),
        ("украины", "украина", "UA"),
        ("украиной", "украина", "UA"),
        ("беларусью", "беларусь", "BY"),
        ("россией", "россия", "RU"),
        ("турции", "турция", "TR"),
        ("германии", "германия", "DE"),
        ("чехией", "чехия", "CZ"),
        ("польше", "польша", "PL"),
        ("сенегала", "сенегал", "SN"),
        ("нигере", "нигер", "NE"),
        ("нигерии", "нигерия", "NG"),
        ("эфиопии", "эфиопия", "ET"),
        ("египте", "египет", "EG"),
        ("египта", "египет", "EG"),
        ("ливии", "ливия", "LY"),
        ("тунисе", "тунис", "TN"),
        ("марокко", "марокко", "MA"),
        ("филиппинах", "филиппины", "PH"),
        ("индонезии", "индонезия", "ID"),
        ("непала", "непал", "NP"),
        ("шри", "шри", "LK"),
        ("ланке", "ланка", "LK"),
        ("эквадоре", "эквадор", "EC"),
        ("колумбии", "колумбия", "CO"),
        ("мексике", "мексика", "MX"),
        ("перу", "перу", "PE"),
        ("гватемале", "гватемала", "GT"),
        ("гондурасе", "гондурас", "HN"),
        ("сирии", "сирия", "SY"),
        ("ирака", "ирак", "IQ"),
        ("афганистане", "афганистан", "AF"),
        ("пакистана", "пакистан", "PK"),
        ("коморах", "коморы", "KM"),
        ("завершенный", "завершённый", "status_ended"),
        ("завершенных", "завершённый", "status_ended"),
        ("завершённых", "завершённый", "status_ended"),
        ("активных", "активный", "status_active"),
        ("действующие", "действующий", "status_active"),
        ("встречах", "встреча", "meetings"),
        ("заседаний", "заседание", "meetings"),
        ("членов", "член", "members"),
        ("членах", "член", "members"),
        ("бюджета", "бюджет", "budget"),
        ("бюджете", "бюджет", "budget"),
        ("пражском", "пражский", "alias_prague"),
        ("пражским", "пражский", "alias_prague"),
        ("будапештском", "будапештский", "alias_budapest"),
        ("балийским", "балийский", "alias_bali"),
        ("рабатским", "рабатский", "alias_rabat"),
        ("хартумским", "хартумский", "alias_khartoum"),
        ("глобального", "глобальный", "mondial"),
        ("глобальном", "глобальный", "mondial"),
        ("международного", "международный", "international"),
        ("целях", "цель", "objectives"),
        ("целей", "цель", "objectives"),
        ("председателя", "председатель", "chair"),
        ("председателей", "председатель", "chair"),
        ("секретариате", "секретариат", "secretariat"),
    ],
}


def main() -> None:
    for lang in ("fr", "es", "ru"):
        qs = yaml.safe_load((QUESTIONS / f"questions-{lang}.yaml").read_text())["questions"]
        entries = [(c, v) for c, vs in vocab.CONCEPTS[lang].items() for v in vs]
        names = vocab.country_names(lang)
        keys = vocab.country_key_tokens(lang)
        pos: dict[tuple[str, str], dict[str, str]] = {}
        for q in qs:
            for t in vocab.tokens(q["text"]):
                if len(t) < 3 or t.isdigit():
                    continue
                for concept, v in entries:
                    if t != v.casefold() and close(t, v) and (t, v) not in NOT_SAME[lang]:
                        if (t, v) in DIFFERENT[lang]:
                            continue
                        pos.setdefault(
                            (t, v), {"form": t, "lemma": v, "label": concept, "source": "question"}
                        )
                code = q.get("country")
                if not code:
                    continue
                for k in keys[code]:
                    ft, fk = fold(t), fold(k)
                    if t != k and prefix(ft, fk) >= len(fk) - 2 and abs(len(ft) - len(fk)) <= 3:
                        pos.setdefault(
                            (t, k), {"form": t, "lemma": k, "label": code, "source": "question"}
                        )
        # Country mentions in questions without a country label (lists, budgets by country).
        for q in qs:
            for t in vocab.tokens(q["text"]):
                for code, ks in keys.items():
                    for k in ks:
                        ft, fk = fold(t), fold(k)
                        if (
                            t != k
                            and len(fk) >= 5
                            and prefix(ft, fk) >= len(fk) - 1
                            and abs(len(ft) - len(fk)) <= 2
                            and (t, k) not in DIFFERENT[lang]
                            and any(k in vocab.tokens(n) for n in names[code])
                        ):
                            pos.setdefault(
                                (t, k), {"form": t, "lemma": k, "label": code, "source": "question"}
                            )
        for form, lemma, label in WRITTEN[lang]:
            if form != lemma:
                pos.setdefault(
                    (form, lemma),
                    {"form": form, "lemma": lemma, "label": label, "source": "written"},
                )
        for drop in DROP[lang]:
            pos.pop(drop, None)
        # People drop accents: every accented question form (or accented entry met as is)
        # also as written without accents.
        met = {p["form"]: p for p in list(pos.values()) if p["source"] == "question"}
        lexicon = {v.casefold(): c for c, v in entries}
        lexicon.update({k: code for code, ks in keys.items() for k in ks})
        for q in qs:
            for t in vocab.tokens(q["text"]):
                if t in lexicon and t not in met:
                    met[t] = {"form": t, "lemma": t, "label": lexicon[t]}
        for form, p in met.items():
            bare = fold(form)
            if (bare != form and bare != fold(p["lemma"])) or (bare != form and bare != p["lemma"]):
                pos.setdefault(
                    (bare, p["lemma"]),
                    {
                        "form": bare,
                        "lemma": p["lemma"],
                        "label": p["label"],
                        "source": "unaccented",
                    },
                )
        neg = [{"a": a, "b": b, "source": "question"} for a, b in DIFFERENT[lang]]
        neg += [{"a": a, "b": b, "source": "written"} for a, b in CURATED[lang]]
        # Main names (Babel) of different countries that look alike.
        main = {
            code: n.casefold()
            for code, n in vocab.Locale(lang).territories.items()
            if code in keys and " " not in n and "-" not in n
        }
        seen = set()
        for c1, n1 in sorted(main.items()):
            for c2, n2 in sorted(main.items()):
                if c1 < c2 and prefix(fold(n1), fold(n2)) >= 4 and (n1, n2) not in seen:
                    seen.add((n1, n2))
                    neg.append({"a": n1, "b": n2, "source": f"countries {c1}/{c2}"})
        # Vocabulary entries of different meaning that start alike.
        for i, (c1, v1) in enumerate(entries):
            for c2, v2 in entries[i + 1 :]:
                if (
                    c1 != c2
                    and prefix(fold(v1), fold(v2)) >= 3
                    and not c1.startswith("region")
                    and {c1, c2} != {"timeline", "status_ended"}
                ):
                    neg.append({"a": v1, "b": v2, "source": f"vocabulary {c1}/{c2}"})
        out = {
            "positives": sorted(pos.values(), key=lambda p: (p["label"], p["lemma"], p["form"])),
            "negatives": neg,
        }
        (HERE / f"pairs-{lang}.yaml").write_text(
            f"# Word-form test pairs ({lang}), written by make_pairs.py, reviewed by hand.\n"
            + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100)
        )
        print(
            lang,
            len(out["positives"]),
            "positives",
            sum(p["source"] == "question" for p in out["positives"]),
            "from questions,",
            len(neg),
            "negatives",
        )


if __name__ == "__main__":
    main()
