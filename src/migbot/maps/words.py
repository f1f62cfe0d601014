"""Every string a map shows, in one table, so a language can be added in one place.

``say(key, lang, **values)`` looks a string up for ``lang`` and falls back to English.
Transports and the map renderer take their words from here, never from literals.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "button": "🗺 Map",
        "members": "Member States",
        "observers": "Observer States",
        "beneficiaries": "Benefiting Member States",
        "other_beneficiaries": "Other beneficiaries",
        "country": "{country}",
        "count": "{label} ({n})",
        "country_title": "{country}: {summary}",
        "caption_record": "{title} — {summary}",
        "caption_country": "{country} takes part in {summary}",
        "and": "{a} and {b}",
        "dialogues_1": "{n} dialogue",
        "dialogues_n": "{n} dialogues",
        "projects_1": "{n} project",
        "projects_n": "{n} projects",
        "source": "Borders: Natural Earth",
        "saved": "Map saved to {path}",
        "no_map": "There is no map for this: the knowledge holds no country for it.",
    },
}


def say(key: str, lang: str = "en", **values: object) -> str:
    table = WORDS.get(lang, WORDS["en"])
    text = table.get(key, WORDS["en"][key])
    return text.format(**values) if values else text


def how_many(noun: str, n: int, lang: str = "en") -> str:
    """``3 projects``, ``1 dialogue``: ``noun`` is a plural key of the table."""
    return say(f"{noun}_{'1' if n == 1 else 'n'}", lang, n=n)
