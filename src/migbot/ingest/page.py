"""Read a page text file: its source URL and its content lines without the site navigation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from migbot.knowledge.countries import fold


class PageError(Exception):
    """A page that cannot be read or understood; the message names the page."""


# Menu items of IOM's sites (English, French, Spanish). Navigation is never knowledge.
NAV_ITEMS = {
    fold(item)
    for item in (
        "Who we are",
        "Our Work",
        "What We Do",
        "Partnerships",
        "Highlights",
        "Where we work",
        "Take Action",
        "Work with us",
        "Get involved",
        "Data and Research",
        "2030 Agenda",
        "About",
        "Support",
        "Guidelines and Application",
        "Eligibility Criteria",
        "How to Apply",
        "Project Review and Selection",
        "Project Templates",
        "News",
        "Contact Us",
        "Donate Now",
        "Qui sommes nous",
        "Notre travail",
        "Ce que nous faisons",
        "Partenariats",
        "Où travaillons-nous",
        "Agir",
        "Données et recherche",
        "Quiénes somos",
        "Nuestro trabajo",
        "Qué hacemos",
        "Alianzas",
        "Dónde trabajamos",
        "Actúe",
        "Tome acción",
        "Datos e investigación",
        "Menu",
        "Home",
        "Search",
    )
}


def _nav_line(line: str) -> bool:
    """A menu item ("- Where we work"), a lone "-", or a menu blurb ("WHO WE AREThe …")."""
    text = line.strip()
    if text in ("", "-"):
        return True
    bare = fold(text[2:] if text.startswith("- ") else text)
    if bare in NAV_ITEMS:
        return True
    # Blurbs glue the menu item to its text with no space: "Our WorkAs the leading …".
    for item in NAV_ITEMS:
        if bare.startswith(item) and len(text) > len(item) + 20:
            glued = text[len(item) : len(item) + 1]
            if glued.isalpha() and glued.isupper() and fold(text[: len(item)]) == item:
                return True
    return False


@dataclass(frozen=True)
class Page:
    path: Path
    url: str | None
    lines: list[str]  # content after the navigation, right-stripped, blank lines kept


_URL_RE = re.compile(r"^\s*url:\s*(\S+)\s*$", re.IGNORECASE)


def read_page(path: Path) -> Page:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PageError(f"{path}: cannot read the page ({exc})") from exc
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    url = None
    if lines and _URL_RE.match(lines[0]):
        url = _URL_RE.match(lines[0]).group(1)  # type: ignore[union-attr]
        lines = lines[1:]
    # Skip the navigation block: the longest run of menu lines at the top.
    start = 0
    last_nav = -1
    for i, line in enumerate(lines):
        if _nav_line(line):
            if line.strip() not in ("", "-"):
                last_nav = i
            continue
        start = i
        break
    else:
        start = len(lines)
    # A lone "-" just before content belongs to the content (dash layout), keep it.
    content = lines[last_nav + 1 :] if last_nav >= 0 else lines[start:]
    while content and not content[0].strip():
        content = content[1:]
    if not any(line.strip() for line in content):
        raise PageError(f"{path}: no content after the site navigation")
    return Page(path=path, url=url, lines=content)
