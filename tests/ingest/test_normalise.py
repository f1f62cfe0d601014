"""Value conventions: words to English, numbers, IDs, run-together countries, meetings."""

from __future__ import annotations

import pytest

from migbot.ingest import normalise as norm


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("200000.00", 200000),
        ("200,000", 200000),
        ("64,240", 64240),
        ("103,058", 103058),
        ("200 000,00", 200000),
        ("1.250.000", 1250000),
        ("USD 37,450.50", 37450.5),
        ("unknown", None),
    ],
)
def test_budget(text: str, value: float | None) -> None:
    assert norm.budget(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Terminé", "Completed"),
        ("Achevé", "Completed"),
        ("Finalizado", "Completed"),
        ("En cours", "Active"),
        ("Activo", "Active"),
        ("Completed", "Completed"),
        ("Maybe", None),
    ],
)
def test_status(text: str, value: str | None) -> None:
    assert norm.status(text) == value


def test_regions_and_coverage_in_english() -> None:
    assert norm.idf_region("Amérique latine et Caraïbes") == "Latin America and the Caribbean"
    assert norm.idf_region("África") == "Africa"
    assert norm.idf_region("Mondial") == "Global"
    assert norm.coverage("Nacional") == "National"
    assert norm.coverage("Régional") == "Regional"


def test_ids_old_and_new_style() -> None:
    assert norm.idf_id("LM.0254") == "LM.0254"
    assert norm.idf_id("T97-805") == "T97-805"
    assert norm.idf_id("TF2-805") == "TF2-805"
    assert norm.idf_id("Labour Migration") is None
    assert norm.record_id("LM.0254") == "lm-0254"
    assert norm.record_id("T97-805") == "t97-805"
    assert norm.prima_id("KH10P0002") == "KH10P0002"


def test_years() -> None:
    assert norm.year("2014") == 2014
    assert norm.year("2014-03-01") == 2014
    assert norm.year("March 2014") == 2014
    assert norm.year("2014-2016") is None


def test_slug_is_cut_at_a_word() -> None:
    title = "Strengthening the Knowledge Base to better Protect and Assist Migrants in Mali"
    assert norm.slug(title) == "strengthening-the-knowledge-base-to-better-protect-and"
    assert norm.slug("Thúc đẩy các chính sách") == "thuc-day-cac-chinh-sach"
    assert norm.slug("Governments’ Capacities") == "governments-capacities"


def test_countries_run_together() -> None:
    split = norm.split_countries("Bolivia (Plurinational State of) Brazil Niger Nigeria")
    assert [code for _, code in split.found] == ["BO", "BR", "NE", "NG"]
    assert split.found[0][0] == "Bolivia (Plurinational State of)"
    split = norm.split_countries("ChileUruguay")
    assert [name for name, _ in split.found] == ["Chile", "Uruguay"]
    split = norm.split_countries("Dominican Republic Dominica Guinea-Bissau Guinea")
    assert [code for _, code in split.found] == ["DO", "DM", "GW", "GN"]
    split = norm.split_countries("Kenya Atlantis Ghana")
    assert [code for _, code in split.found] == ["KE", "GH"]
    assert split.unknown == ["Atlantis"]


def test_country_names_in_french_and_spanish() -> None:
    assert norm.lookup("Tanzanie, République unie de") == "TZ"
    assert norm.lookup("Moldavia, República de") == "MD"
    assert norm.lookup("Surinám") == "SR"
    assert norm.english_name("TZ") == "United Republic of Tanzania"
    assert norm.english_name("CV") == "Cabo Verde"
    assert norm.english_name("JM") == "Jamaica"


@pytest.mark.parametrize(
    ("text", "meeting"),
    [
        (
            "March 14-15, 2007, Tbilisi, Georgia, Cluster Dialogue among the South Caucasus "
            "and the EU",
            {
                "date": "2007-03-14",
                "date_end": "2007-03-15",
                "place": "Tbilisi, Georgia",
                "title": "Cluster Dialogue among the South Caucasus and the EU",
            },
        ),
        (
            "May 2008, Nuremberg, Germany, Cluster Dialogue",
            {"date": "2008-05", "place": "Nuremberg, Germany", "title": "Cluster Dialogue"},
        ),
        (
            "February 10, 2023, Eighth Bali Process Ministerial Conference",
            {
                "date": "2023-02-10",
                "place": None,
                "title": "Eighth Bali Process Ministerial Conference",
            },
        ),
        ("2008, Philippines", {"date": "2008", "place": "Philippines", "title": None}),
        (
            "14-15 March 2007, Tbilisi, Meeting",
            {
                "date": "2007-03-14",
                "date_end": "2007-03-15",
                "place": "Tbilisi",
                "title": "Meeting",
            },
        ),
        (
            "March 30 - April 1, 2010, Panel",
            {"date": "2010-03-30", "date_end": "2010-04-01", "place": None, "title": "Panel"},
        ),
        (
            "June 2010, ACP-EU Council: Joint Declaration on Migration and Development",
            {
                "date": "2010-06",
                "place": None,
                "title": "ACP-EU Council: Joint Declaration on Migration and Development",
            },
        ),
    ],
)
def test_meetings(text: str, meeting: dict[str, str | None]) -> None:
    assert norm.parse_meeting(text) == meeting


def test_meeting_without_a_date() -> None:
    assert norm.parse_meeting("Some meeting in Geneva") is None
