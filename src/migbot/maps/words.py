"""Every string a map shows, through the catalogues of ``migbot.i18n``.

``say(key, lang, **values)`` looks a string up in ``lang`` (None: the language being
spoken). Transports and the map renderer take their words from here, never from literals.
"""

from __future__ import annotations

from migbot.i18n import _, ngettext, speaking, tongue


def words() -> dict[str, str]:
    """The map's words in the language being spoken (built where read, so extraction sees
    each string and the current catalogue translates it)."""
    return {
        "button": _("🗺 Map"),
        "members": _("Member States"),
        "observers": _("Observer States"),
        "beneficiaries": _("Benefiting Member States"),
        "other_beneficiaries": _("Other beneficiaries"),
        "country": "{country}",
        "count": "{label} ({n})",
        # Translators: a country map's title ("Armenia: 5 dialogues, 3 projects").
        "country_title": _("{country}: {summary}"),
        "caption_record": "{title} — {summary}",
        "caption_country": _("{country} takes part in {summary}"),
        "and": _("{a} and {b}"),
        "source": _("Borders: Natural Earth"),
        "saved": _("Map saved to {path}"),
        "no_map": _("There is no map for this: the knowledge holds no country for it."),
    }


def say(key: str, lang: str | None = None, **values: object) -> str:
    with speaking(lang or tongue().code):
        text = words()[key]
    return text.format(**values) if values else text


def how_many(noun: str, n: int, lang: str | None = None) -> str:
    """``3 projects``, ``1 dialogue``: ``noun`` is ``dialogues`` or ``projects``."""
    with speaking(lang or tongue().code):
        said = {
            "dialogues": ngettext("{n} dialogue", "{n} dialogues", n),
            "projects": ngettext("{n} project", "{n} projects", n),
        }[noun]
    return said.format(n=n)
