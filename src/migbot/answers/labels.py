"""The visible name of each record section: one table (a later issue moves it, with every
other reply string, into per-language catalogues).

Keys are the record intents of ``knowledge/intents.yaml``; a kind may name a section its
own way (a project's members are its beneficiaries). ``tests/answers/test_intent_table.py``
checks every record intent has a label.
"""

from __future__ import annotations

SECTION_LABELS: dict[str, str] = {
    "overview": "Overview",
    "members": "Members",
    "meetings": "Meetings",
    "objectives": "Objectives",
    "themes": "Themes",
    "timeline": "Timeline",
    "budget": "Budget",
    "country_teams": "Country teams",
    "chair": "Chair",
    "secretariat": "Secretariat",
}
KIND_LABELS: dict[tuple[str, str], str] = {
    ("project", "members"): "Beneficiaries",
    ("project", "themes"): "Type",
}


def section_label(section: str, kind: str | None = None) -> str:
    """``Members`` / ``Beneficiaries``…; an unknown section shows as its label."""
    if kind is not None and (kind, section) in KIND_LABELS:
        return KIND_LABELS[(kind, section)]
    return SECTION_LABELS.get(section, section.replace("_", " ").capitalize())


# How a ranked list says its order (after the filters: "Dialogues by number of …").
RANK_LABELS: dict[str, str] = {
    "most_members": "by number of Member States, most first",
    "fewest_members": "by number of Member States, fewest first",
    "oldest": "by start date, oldest first",
    "newest": "by start date, newest first",
    "largest_budget": "by budget, largest first",
    "smallest_budget": "by budget, smallest first",
}
