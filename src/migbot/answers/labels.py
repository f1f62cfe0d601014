"""The visible name of each record section, of each ranking and of the fixed words of the
knowledge (statuses, coverage) in the current language (``migbot.i18n``).

Keys are the record intents of ``knowledge/intents.yaml``; a kind may name a section its
own way (a project's members are its beneficiaries). ``tests/answers/test_intent_table.py``
checks every record intent has a label. Each table is built where it is read, so the
catalogue of the language being spoken translates it (and extraction sees every string).
"""

from __future__ import annotations

from migbot.i18n import _, pgettext
from migbot.i18n.extract import REGION_CONTEXT


def section_labels() -> dict[str, str]:
    return {
        "overview": _("Overview"),
        "members": _("Members"),
        "meetings": _("Meetings"),
        "objectives": _("Objectives"),
        "themes": _("Themes"),
        "timeline": _("Timeline"),
        "budget": _("Budget"),
        "country_teams": _("Country teams"),
        "chair": _("Chair"),
        "secretariat": _("Secretariat"),
    }


def kind_labels() -> dict[tuple[str, str], str]:
    return {
        ("project", "members"): _("Beneficiaries"),
        ("project", "themes"): _("Type"),
    }


# The section names in English (the tests check every record intent has one).
SECTION_LABELS = section_labels()


def section_label(section: str, kind: str | None = None) -> str:
    """``Members`` / ``Beneficiaries``…; an unknown section shows as its label."""
    if kind is not None:
        by_kind = kind_labels()
        if (kind, section) in by_kind:
            return by_kind[(kind, section)]
    return section_labels().get(section, section.replace("_", " ").capitalize())


def rank_labels() -> dict[str, str]:
    """How a ranked list says its order (after the filters: "Dialogues by number of …")."""
    return {
        "most_members": _("by number of Member States, most first"),
        "fewest_members": _("by number of Member States, fewest first"),
        "oldest": _("by start date, oldest first"),
        "newest": _("by start date, newest first"),
        "largest_budget": _("by budget, largest first"),
        "smallest_budget": _("by budget, smallest first"),
    }


def value(word: str) -> str:
    """A fixed word of the knowledge as a record's field shows it ("Status: Completed")."""
    table = {
        "Active": _("Active"),
        "Completed": _("Completed"),
        "Dormant": _("Dormant"),
        "Discontinued": _("Discontinued"),
        "Ended": _("Ended"),
        "National": _("National"),
        "Regional": _("Regional"),
        "Global": _("Global"),
        "Multi-Regional": _("Multi-Regional"),
    }
    return table.get(word, word)


def adjective(word: str) -> str:
    """A fixed word of the knowledge describing several records ("Active projects"): the
    form an adjective takes beside a plural noun; unknown words as the knowledge has them."""
    table = {
        "Active": pgettext("several records", "Active"),
        "Completed": pgettext("several records", "Completed"),
        "Dormant": pgettext("several records", "Dormant"),
        "Discontinued": pgettext("several records", "Discontinued"),
        "Ended": pgettext("several records", "Ended"),
        "National": pgettext("several records", "National"),
        "Regional": pgettext("several records", "Regional"),
        "Global": pgettext("several records", "Global"),
        "Multi-Regional": pgettext("several records", "Multi-Regional"),
    }
    return table.get(word, word)


def region(name: str) -> str:
    """A region of ``knowledge/regions.yaml`` in the current language (its names reach the
    catalogues through ``migbot.i18n.extract``)."""
    return pgettext(REGION_CONTEXT, name)
