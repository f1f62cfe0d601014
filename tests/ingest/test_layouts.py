"""Each layout parser on pages written for the test (not the corpus): structure, not memory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from migbot.ingest.facts import extract
from migbot.ingest.layouts import detect
from migbot.ingest.page import PageError, read_page

WritePage = Callable[[str, str], Path]

NAV = """-
Who we are
WHO WE AREThe International Organization for Migration (IOM) is part of the UN System.
-
Our Work
Our WorkAs the leading inter-governmental organization promoting humane migration.
What We Do
Partnerships
- Where we work
-
Take Action
- Data and Research
- 2030 Agenda
"""

DASH = (
    "url: https://iom.int/project/example-dash\n\n"
    + NAV
    + """Strengthening Border Data in Ruritania
-
Start Date
2019
-
End Date
2021
-
Project Status
Completed
-
Project Type
Immigration and Borders
-
Budget Amount (USD)
150000.00
-
Coverage
Regional
-
Year
2019
-
IDF Region
Africa
-
Prima ID
KE10P0123
-
Projects ID
IB.0999
-
Benefiting Member States
Kenya Democratic Republic of the Congo United Republic of Tanzania
Helps three East African states share border data through a common platform.
"""
)


def test_dash_page(write_page: WritePage) -> None:
    facts = extract(write_page("x.txt", DASH)).facts
    assert facts["layout"] == "dash"
    assert facts["id"] == "ib-0999"
    assert facts["urls"] == ["https://iom.int/project/example-dash"]
    assert facts["title"] == "Strengthening Border Data in Ruritania"
    assert facts["start"] == 2019 and facts["end"] == 2021 and facts["year"] == 2019
    assert facts["status"] == "Completed"
    assert facts["budget_usd"] == 150000
    assert facts["prima_id"] == "KE10P0123"
    assert facts["beneficiaries"] == [
        "Kenya",
        "Democratic Republic of the Congo",
        "United Republic of Tanzania",
    ]
    assert facts["summary"].startswith("Helps three East African states")


def test_navigation_is_not_knowledge(write_page: WritePage) -> None:
    page = read_page(write_page("x.txt", DASH))
    assert page.lines[0] == "Strengthening Border Data in Ruritania"
    assert not any("Who we are" in line for line in page.lines)


def test_dash_without_summary_keeps_a_long_country_list(write_page: WritePage) -> None:
    text = DASH.replace(
        "Kenya Democratic Republic of the Congo United Republic of Tanzania\n"
        "Helps three East African states share border data through a common platform.\n",
        "Argentina Bolivia (Plurinational State of) Brazil Venezuela (Bolivarian Republic of)\n",
    )
    facts = extract(write_page("x.txt", text)).facts
    assert facts["summary"] is None
    assert facts["beneficiaries"] == [
        "Argentina",
        "Bolivia (Plurinational State of)",
        "Brazil",
        "Venezuela (Bolivarian Republic of)",
    ]


def test_unknown_label_is_reported(write_page: WritePage) -> None:
    text = DASH.replace("Coverage\nRegional", "Donor\nSomebody")
    result = extract(write_page("x.txt", text))
    assert result.facts["coverage"] is None
    assert any("Donor" in p for p in result.problems)
    assert "coverage" in result.missing


BULLETS = """url: https://iom.int/project/example-bullets

Return Help for Stranded Migrants (RETURN)

  • Start Date
    2015
  • End Date
    2016
  • Project Status
    Active
  • Project Type
    Return Assist to Migrants and Government
  • Budget Amount (USD)
    25,000
  • Coverage
    National
  • Year
    2015
  • IDF Region
    Latin America and the Caribbean
  • Projects ID
    R77-805
  • Other Countries Benefiting at Time of Allocation
    ChileUruguay
  • Benefiting Member States
    El Salvador

Paid for the journey home of migrants stranded on their way north.
"""


def test_bullets_page(write_page: WritePage) -> None:
    facts = extract(write_page("x.txt", BULLETS)).facts
    assert facts["layout"] == "bullets"
    assert facts["id"] == "r77-805"
    assert facts["idf_id"] == "R77-805"
    assert facts["title"] == "Return Help for Stranded Migrants (RETURN)"
    assert facts["status"] == "Active"
    assert facts["budget_usd"] == 25000
    assert facts["beneficiaries"] == ["El Salvador"]
    assert facts["other_beneficiaries"] == ["Chile", "Uruguay"]
    assert facts["summary"] == "Paid for the journey home of migrants stranded on their way north."


def test_bullets_with_values_missing(write_page: WritePage) -> None:
    text = """url: https://iom.int/project/x

Migration Profile of Ruritania: Evidence for Policy Making

  • Start Date
  • End Date
  • Project Status
  • Project Type
    Migration Research and Publication
  • Budget Amount (USD)
  • Coverage
  • Year
  • IDF Region
    Africa
  • Projects ID
  • Benefiting Member States

Builds the evidence base for migration policy in a country of the region.
"""
    result = extract(write_page("x.txt", text))
    facts = result.facts
    assert facts["layout"] == "bullets_missing"
    assert facts["idf_id"] is None
    assert facts["id"] == "migration-profile-of-ruritania-evidence-for-policy-making"
    assert facts["project_type"] == "Migration Research and Publication"
    assert facts["idf_region"] == "Africa"
    assert facts["start"] is None and facts["beneficiaries"] == []
    assert {"start", "idf_id", "budget_usd"} <= set(result.missing)


def test_french_page(write_page: WritePage) -> None:
    text = (
        "url: https://iom.int/fr/node/1\n\n-\nQui sommes nous\n-\nNotre travail\n"
        "- Données et recherche\n- 2030 AGENDA\nMapping a Diaspora\n"
        "-\nDate de fin\n2018\n-\nStatut du projet\nAchevé\n-\nType de projet\n"
        "Lutte contre la traite\n-\nBudget Amount (USD)\n100000.00\n-\nCouverture\nMondial\n"
        "-\nIDF Region\nAmérique latine et Caraïbes\n-\nProjet ID\nCE.0777\n"
        "-\nEtat(s) membre(s) bénéficiaire(s)\n"
        "Algérie Tchad Cap-Vert Tanzanie, République unie de Jamaïque\n"
        "Maps where a diaspora lives and how it could take part in development.\n"
    )
    facts = extract(write_page("x.txt", text)).facts
    assert facts["layout"] == "fr"
    assert facts["status"] == "Completed"
    assert facts["coverage"] == "Global"
    assert facts["idf_region"] == "Latin America and the Caribbean"
    assert facts["end"] == 2018 and facts["start"] is None
    assert facts["project_type"] == "Lutte contre la traite"  # types stay as written
    assert facts["beneficiaries"] == [
        "Algeria",
        "Chad",
        "Cabo Verde",
        "United Republic of Tanzania",
        "Jamaica",
    ]


def test_spanish_page(write_page: WritePage) -> None:
    text = """url: https://iom.int/es/node/2

Apoyo a la Gestión Migratoria

  • Fecha de inicio
    2018
  • Fecha de finalización
    2024
  • Estado del proyecto
    En curso
  • Tipo de proyecto
    Investigación y publicaciones sobre migración
  • Budget Amount (USD)
    300000.00
  • Cobertura geográfica
    Regional
  • Año
    2017
  • IDF Region
    América Latina y el Caribe
  • Proyecto ID
    PR.0555
  • Estados Miembros Beneficiarios que Reúnen los Requisitos
    Belice México Moldavia, República de Panamá Santa Lucía

Builds a regional information platform on migration for policy makers.
"""
    facts = extract(write_page("x.txt", text)).facts
    assert facts["layout"] == "es"
    assert facts["status"] == "Active"
    assert facts["coverage"] == "Regional"
    assert facts["idf_region"] == "Latin America and the Caribbean"
    assert facts["beneficiaries"] == [
        "Belize",
        "Mexico",
        "Republic of Moldova",
        "Panama",
        "Saint Lucia",
    ]


def test_spanish_labels_in_dash_structure(write_page: WritePage) -> None:
    text = "x\n-\nEstado del proyecto\nFinalizado\n-\nProyecto ID\nLM.0001\n"
    facts = extract(write_page("x.txt", text)).facts
    assert facts["layout"] == "es"
    assert facts["status"] == "Completed"
    assert facts["idf_id"] == "LM.0001"


DEVFUND = """url: https://developmentfund.iom.int/project/x

- About
- Support
- Eligibility Criteria
- Donate Now
Tonga and Vanuatu: Border Management Blueprint
Tonga and Vanuatu: Border Management Blueprint
Global
IB.0888
400,000
Tonga
Vanuatu
Bolivia (Plurinational State of)
Immigration and Borders
Global
Active
Studies how border systems could work together and supports improvements in both states.
"""


def test_developmentfund_page(write_page: WritePage) -> None:
    facts = extract(write_page("x.txt", DEVFUND)).facts
    assert facts["layout"] == "developmentfund"
    assert facts["title"] == "Tonga and Vanuatu: Border Management Blueprint"
    assert facts["idf_region"] == "Global"
    assert facts["coverage"] == "Global"
    assert facts["idf_id"] == "IB.0888"
    assert facts["budget_usd"] == 400000
    assert facts["beneficiaries"] == ["Tonga", "Vanuatu", "Bolivia (Plurinational State of)"]
    assert facts["project_type"] == "Immigration and Borders"
    assert facts["status"] == "Active"
    assert facts["start"] is None and facts["year"] is None


def test_developmentfund_without_budget_or_summary(write_page: WritePage) -> None:
    text = DEVFUND.replace("400,000\n", "").replace(
        "Studies how border systems could work together and supports improvements in both "
        "states.\n",
        "",
    )
    facts = extract(write_page("x.txt", text)).facts
    assert facts["budget_usd"] is None and facts["summary"] is None
    assert facts["status"] == "Active"
    assert facts["beneficiaries"] == ["Tonga", "Vanuatu", "Bolivia (Plurinational State of)"]


DIALOGUE = (
    "url: https://www.iom.int/migration-dialogue-for-ruritania-midru\n\n"
    + NAV
    + """Migration Dialogue for Ruritania
Type: Regional consultative process on migration (regions covered: West Africa - Europe)
Formal association with regional or multi-stakeholder organization: Economic Community (EC)
Established: 2003
A made-up regional process where states talk about migration.
Objectives
- Talk
- Cooperate
Current Thematic Focus
- Labour migration
Chairing Country
Niger
Secretariat
IOM (technical support)
Member States [4 Member States]
- Ghana
- Côte d'Ivoire
- Palestinian Territories
Observers
- France
- African Union Commission
Member Organizations [1 organization(s)]
- International Organization for Migration (IOM)
Meetings
- March 14-15, 2007, Tbilisi, Georgia, First Ministerial Conference
- May 2008, Second meeting
- 2010, Philippines
- January 18-26, 2021, virtual, Thirteenth meeting
"""
)


def test_dialogue_page(write_page: WritePage) -> None:
    result = extract(write_page("ruritania.dialogue.txt", DIALOGUE))
    facts = result.facts
    assert facts["layout"] == "dialogue" and facts["kind"] == "dialogue"
    assert facts["id"] == "ruritania"
    assert facts["name"] == "Migration Dialogue for Ruritania"
    assert facts["acronym"] == "MIDRU"  # the end of the page address
    assert facts["type"] == "Regional consultative process on migration"
    assert facts["regions_covered"] == ["West Africa", "Europe"]
    assert facts["established"] == 2003
    assert facts["summary"] == "A made-up regional process where states talk about migration."
    assert facts["objectives"] == ["Talk", "Cooperate"]
    assert facts["chair"] == "Niger"
    assert facts["secretariat"] == "IOM (technical support)"
    assert facts["member_states"] == ["Ghana", "Côte d'Ivoire", "Palestinian Territories"]
    assert facts["observers"] == ["France", "African Union Commission"]
    assert facts["truncated"] is True  # the page lists 3 of its 4 member states
    assert facts["meetings"] == [
        {
            "date": "2007-03-14",
            "date_end": "2007-03-15",
            "place": "Tbilisi, Georgia",
            "title": "First Ministerial Conference",
        },
        {"date": "2008-05", "place": None, "title": "Second meeting"},
        {"date": "2010", "place": "Philippines", "title": None},
        {
            "date": "2021-01-18",
            "date_end": "2021-01-26",
            "place": "virtual",
            "title": "Thirteenth meeting",
        },
    ]


def test_dialogue_unknown_section_is_reported(write_page: WritePage) -> None:
    text = DIALOGUE.replace("Observers\n", "Funding Partners\n")
    result = extract(write_page("x.txt", text))
    assert any("Funding Partners" in p for p in result.problems)
    assert result.facts["observers"] == []
    assert "France" not in result.facts["member_states"]


def test_layout_detection(write_page: WritePage) -> None:
    assert detect(read_page(write_page("a.txt", DASH))) == "dash"
    assert detect(read_page(write_page("b.txt", BULLETS))) == "bullets"
    assert detect(read_page(write_page("c.txt", DEVFUND))) == "developmentfund"
    assert detect(read_page(write_page("d.txt", DIALOGUE))) == "dialogue"


def test_unrecognised_page_names_itself(write_page: WritePage) -> None:
    path = write_page("junk.txt", "url: x\n\nJust some words\nand more words\n")
    with pytest.raises(PageError, match=r"junk\.txt"):
        extract(path)


def test_developmentfund_french_country_names_become_english(write_page: WritePage) -> None:
    text = DEVFUND.replace("Tonga\nVanuatu\n", "Jamaïque\nTchad\n")
    facts = extract(write_page("x.txt", text)).facts
    assert facts["beneficiaries"] == ["Jamaica", "Chad", "Bolivia (Plurinational State of)"]


def test_french_dialogue_labels(write_page: WritePage) -> None:
    text = """url: https://www.iom.int/fr/processus-x

Processus de Ruritanie
Type : Processus consultatif régional sur la migration (régions couvertes : Afrique de l'Ouest)
Établi : 2005
Un processus imaginaire pour le test.
Objectifs
- Coopérer
États membres [2 États membres]
- Ghana
- Mali
Réunions
- 14 mars 2007, Dakar, Première réunion ministérielle
"""
    facts = extract(write_page("x.txt", text)).facts
    assert facts["kind"] == "dialogue"
    assert facts["type"] == "Processus consultatif régional sur la migration"
    assert facts["regions_covered"] == ["Afrique de l'Ouest"]
    assert facts["established"] == 2005
    assert facts["member_states"] == ["Ghana", "Mali"]
    assert facts["meetings"] == [
        {"date": "2007-03-14", "place": "Dakar", "title": "Première réunion ministérielle"}
    ]
