"""Synthetic knowledge bases for the scale benchmark (never committed).

``generate(n, root)`` writes a knowledge folder of ``n`` records into ``root``: the bundled
records and ``intents.yaml`` (so the labelled questions still have their answers) plus
plausible dialogues and IDF projects with realistic ids, names, acronyms, countries, types,
budgets and meetings. Seeded, so every run measures the same folder. The result must load
with ``load_knowledge`` like any maintainer's folder.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from migbot.knowledge.countries import country_name
from migbot.knowledge.loader import default_knowledge_dir


def _codes(text: str) -> list[str]:
    return text.split()


# IDF regions and some of their member states (alpha-2), as on Development Fund pages.
REGIONS: dict[str, list[str]] = {
    "Africa": _codes(
        "KE RW UG TZ ET DJ SO SD SS GH NG SN ML NE BF CI BJ TG CM GA CD CG AO ZM ZW MW"
        " MZ BW NA LS SZ ZA MG MU SC KM ER GM GN SL LR MR TD CF BI EG MA TN DZ LY"
    ),
    "Asia and Oceania": _codes(
        "KH LA VN TH MM BD NP LK IN PK AF MN ID PH MY TL PG FJ VU TO WS SB KI TV NR PW MH FM CN"
    ),
    "Europe": _codes("GE AM AZ UA MD BY AL RS ME MK BA XK TR KZ KG TJ UZ TM RO BG PL SK"),
    "Latin America and the Caribbean": _codes(
        "GT HN SV NI CR PA MX BZ CO EC PE BO PY UY AR CL BR VE"
        " GY SR JM HT DO TT BB LC DM GD VC AG KN BS CU"
    ),
    "Middle East": _codes("JO LB IQ SY YE OM KW QA BH AE SA PS"),
}

# (prefix of the IDF id, project type) as the Development Fund writes them.
PROJECT_TYPES: list[tuple[str, str]] = [
    ("LM", "Labour Migration"),
    ("CT", "Counter Trafficking Projects"),
    ("IB", "Immigration and Borders"),
    ("CE", "Community and Economic Development"),
    ("PO", "Migration Policy Activities"),
    ("PR", "Migration Research and Publication"),
    ("PX", "Protection and Assistance to Vulnerable Migrants"),
    ("RR", "Return and Reintegration Assistance for Migrants and Governments"),
    ("MS", "Migration Management Support"),
    ("DA", "Migration Data"),
    ("TC", "TCMMCB"),
]

# Title parts: "<verb> <topic> in <place>", the way project titles read.
VERBS = [
    "Strengthening",
    "Enhancing",
    "Supporting",
    "Building",
    "Developing",
    "Promoting",
    "Improving",
    "Capacity-building for",
    "Technical Assistance for",
    "Mainstreaming",
]
TOPICS = {
    "LM": ["Labour Migration Governance", "Labour Mobility Pathways", "Ethical Recruitment"],
    "CT": ["Counter-Trafficking Responses", "Victim Protection Services", "Anti-Trafficking Law"],
    "IB": ["Integrated Border Management", "Travel Document Security", "Immigration Systems"],
    "CE": ["Diaspora Engagement", "Remittance Channels", "Community Development"],
    "PO": ["a National Migration Policy", "Migration Governance Frameworks", "Policy Coherence"],
    "PR": ["Migration Research Capacity", "a Migration Profile", "Evidence-based Policymaking"],
    "PX": [
        "Migrant Assistance",
        "Protection of Migrant Children",
        "Assistance to Stranded Migrants",
    ],
    "RR": ["Reintegration of Returnees", "Sustainable Return", "Community-based Reintegration"],
    "MS": ["Migration Management", "Migration Coordination Mechanisms", "Crisis Preparedness"],
    "DA": ["Migration Data Systems", "Migration Statistics", "Data Sharing Platforms"],
    "TC": ["Migration Management Training", "Border Officials' Training", "Institutional Capacity"],
}
THEMES = [
    "Labour migration",
    "Irregular migration",
    "Border management",
    "Combatting human trafficking",
    "Combatting migrant smuggling",
    "Return, readmission and reintegration",
    "Migration and development",
    "Diaspora",
    "Migration data",
    "Migrants' rights",
    "Climate change and human mobility",
    "Asylum and refugees",
    "Migration and health",
]
DIALOGUE_TYPES = [
    "Regional consultative process on migration",
    "Inter-regional forum on migration",
    "Global process on migration",
]
CITIES = [
    "Abuja",
    "Accra",
    "Amman",
    "Apia",
    "Asuncion",
    "Bamako",
    "Bangkok",
    "Bishkek",
    "Bogota",
    "Cairo",
    "Chisinau",
    "Dakar",
    "Dhaka",
    "Dili",
    "Gaborone",
    "Georgetown",
    "Hanoi",
    "Harare",
    "Kampala",
    "Kathmandu",
    "Kingston",
    "Kinshasa",
    "La Paz",
    "Libreville",
    "Lilongwe",
    "Lome",
    "Lusaka",
    "Luanda",
    "Manila",
    "Maputo",
    "Maseru",
    "Montevideo",
    "Muscat",
    "Nairobi",
    "Niamey",
    "Nuku'alofa",
    "Ouagadougou",
    "Port Moresby",
    "Port Vila",
    "Quito",
    "San Jose",
    "Santiago",
    "Skopje",
    "Suva",
    "Tegucigalpa",
    "Tirana",
    "Tunis",
    "Ulaanbaatar",
    "Windhoek",
    "Yaounde",
]
TOPIC_NAMES = [
    "Migration and Development",
    "Labour Mobility",
    "Irregular Migration",
    "Border Management",
    "Migrant Protection",
    "Mixed Migration",
    "Trafficking in Persons",
    "Return and Reintegration",
    "Human Mobility and Climate",
    "Migration Governance",
]


@dataclass
class SyntheticKB:
    """A generated folder and what a question about its records can name."""

    path: Path
    n_records: int
    # One entry per synthetic record: its id, kind, and the names users would type.
    records: list[dict[str, Any]] = field(default_factory=list)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _acronym(words: str) -> str:
    return "".join(w[0] for w in words.replace("-", " ").split() if w[0].isupper())


def _project(rng: random.Random, idf_id: str, prefix: str, ptype: str) -> dict[str, Any]:
    region = rng.choice(list(REGIONS))
    n_countries = rng.choice([1, 1, 1, 2, 3, 4, 6])
    codes = rng.sample(REGIONS[region], n_countries)
    names = [country_name(c) for c in codes]
    place = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    title = f"{rng.choice(VERBS)} {rng.choice(TOPICS[prefix])} in {place}"
    year = rng.randint(2000, 2024)
    start = year + rng.choice([0, 0, 1])
    end = start + rng.randint(0, 3)
    status = "Active" if end >= 2025 else "Completed"
    return {
        "id": _slug(idf_id),
        "idf_id": idf_id,
        "title": title,
        "start": start,
        "end": end,
        "status": status,
        "project_type": ptype,
        "budget_usd": float(rng.randrange(25_000, 400_001, 5_000)),
        "coverage": "National" if n_countries == 1 else "Regional",
        "year": year,
        "idf_region": region,
        "beneficiaries": names,
        "summary": f"Helps the governments of {place} with {TOPICS[prefix][0].lower()}.",
        "objectives": [
            f"Assess current practice in {names[0]}",
            f"Train officials in {rng.choice(TOPICS[prefix]).lower()}",
            "Share lessons learned with neighbouring countries",
        ],
        "sources": [f"https://example.org/project/{_slug(idf_id)}"],
    }


def _dialogue(
    rng: random.Random, city: str, topic: str, first_of_city: bool, acronyms: set[str]
) -> dict[str, Any]:
    name = f"{city} Process on {topic}"
    # Initials, as real acronyms are ("APTP"); real ones collide too, so number the repeats.
    acronym = base = _acronym(name)
    while acronym in acronyms:
        acronym = f"{base}-{rng.randint(2, 99)}"
    acronyms.add(acronym)
    region = rng.choice(list(REGIONS))
    members = rng.sample(REGIONS[region], rng.randint(4, min(14, len(REGIONS[region]))))
    established = rng.randint(1985, 2022)
    meetings = []
    for year in sorted(rng.sample(range(established, 2025), min(4, 2025 - established)))[::-1]:
        host = rng.choice(members)
        meetings.append(
            {
                "date": f"{year}-{rng.randint(1, 12):02d}",
                "place": country_name(host),
                "title": f"Ministerial meeting of the {city} Process",
            }
        )
    data: dict[str, Any] = {
        "id": _slug(name),
        "name": name,
        "acronym": acronym,
        "aliases": [f"{city} Process"] if first_of_city else [],
        "type": rng.choice(DIALOGUE_TYPES),
        "regions": [region],
        "formal_association": "none",
        "established": established,
        "summary": f"A forum where States of the {region} region discuss {topic.lower()}.",
        "objectives": [f"Foster dialogue on {topic.lower()}", "Share good practice"],
        "thematic_focus": rng.sample(THEMES, 4),
        "member_states": [
            {"group": "Member States", "countries": [country_name(c) for c in members]}
        ],
        "meetings": meetings,
        "sources": [f"https://example.org/dialogue/{_slug(name)}"],
    }
    if rng.random() < 0.15:
        data["ended"] = min(2024, established + rng.randint(3, 15))
        data["status"] = "Discontinued"
    return data


def generate(n_records: int, root: Path, seed: int = 2024) -> SyntheticKB:
    """Write a knowledge folder of ``n_records`` records (bundled ones included) into ``root``."""
    rng = random.Random(seed)
    bundled = default_knowledge_dir()
    for sub in ("dialogues", "projects"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        for file in sorted((bundled / sub).glob("*.y*ml")):
            shutil.copy(file, root / sub / file.name)
    shutil.copy(bundled / "intents.yaml", root / "intents.yaml")
    # The words (lang/) and the region hierarchy: every synthetic region is declared there.
    shutil.copytree(bundled / "lang", root / "lang", dirs_exist_ok=True)
    shutil.copy(bundled / "regions.yaml", root / "regions.yaml")
    existing = len(list(root.glob("*/*.y*ml")))
    kb = SyntheticKB(path=root, n_records=max(n_records, existing))

    to_make = max(0, n_records - existing)
    n_dialogues = to_make // 10  # about one dialogue for nine projects, as in the corpus
    pairs = [(c, t) for t in TOPIC_NAMES for c in CITIES]
    rng.shuffle(pairs)
    used_cities: set[str] = set()
    acronyms: set[str] = set()
    for i in range(n_dialogues):
        city, topic = pairs[i % len(pairs)]
        if i >= len(pairs):
            topic = f"{topic} {i // len(pairs) + 1}"  # beyond 500 dialogues, number them
        data = _dialogue(rng, city, topic, city not in used_cities, acronyms)
        used_cities.add(city)
        _write(root / "dialogues" / f"{data['id']}.yaml", data)
        names = [data["name"], data["acronym"], *data["aliases"]]
        kb.records.append({"id": data["id"], "kind": "dialogue", "names": names})

    taken = {p.stem for p in root.glob("projects/*.y*ml")}
    made = 0
    while made < to_make - n_dialogues:
        prefix, ptype = rng.choice(PROJECT_TYPES)
        idf_id = f"{prefix}.{rng.randint(1000, 9999):04d}"
        if _slug(idf_id) in taken:
            continue
        taken.add(_slug(idf_id))
        data = _project(rng, idf_id, prefix, ptype)
        _write(root / "projects" / f"{data['id']}.yaml", data)
        kb.records.append({"id": data["id"], "kind": "project", "names": [idf_id, data["title"]]})
        made += 1
    return kb


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def questions_for(kb: SyntheticKB, n: int, seed: int = 7) -> list[str]:
    """Questions naming synthetic records, typed the way people type them."""
    rng = random.Random(seed)
    out: list[str] = []
    for record in rng.sample(kb.records, min(n, len(kb.records))):
        name = rng.choice(record["names"])
        if record["kind"] == "project":
            spelled = rng.choice(
                [name, name.lower().replace(".", ""), name.replace(".", " "), name.lower()]
            )
            template = rng.choice(
                [
                    "budget of {}",
                    "which countries benefit from {}?",
                    "when did {} start",
                    "/ask objectives {}",
                    "what type of project is {}",
                    "tell me about {}",
                    "@MigBot is {} still active?",
                ]
            )
        else:
            spelled = rng.choice([name, name.lower()])
            template = rng.choice(
                [
                    "who are the members of the {}?",
                    "when did the {} meet",
                    "what is the {}",
                    "themes of {}",
                    "when was the {} established",
                    "/ask@MigBot {} objectives",
                ]
            )
        out.append(template.format(spelled))
    return out
