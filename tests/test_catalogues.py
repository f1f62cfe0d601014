"""The catalogues: every string the code says is translated in every language, with the
language's plural forms and the same placeholders, and ``migbot.pot`` is up to date."""

from __future__ import annotations

import datetime
import string
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import migbot
from migbot.i18n.catalogues import LOCALE_DIR, po_path
from migbot.i18n.extract import extract_regions
from migbot.knowledge.loader import bundled_knowledge_dir
from migbot.languages import LANGUAGES, SOURCE

OTHERS = [code for code in LANGUAGES if code != SOURCE]
PACKAGE = Path(migbot.__file__).parent


def _code_messages() -> dict[tuple[str | None, str], str | None]:
    """(msgctxt, msgid) → msgid_plural of every string the code passes to the catalogues."""
    out: dict[tuple[str | None, str], str | None] = {}
    regions = bundled_knowledge_dir() / "regions.yaml"
    for _file, _line, message, _comments, context in [
        *extract_from_dir(PACKAGE, method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS),
        *((str(regions), *found) for found in extract_from_file(extract_regions, regions)),
    ]:
        if isinstance(message, tuple):
            out[(context, message[0])] = message[1]
        else:
            out[(context, message)] = None
    return out


CODE = _code_messages()


def _catalog(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=code)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_code_says_something_through_the_catalogues() -> None:
    assert len(CODE) > 150
    assert (None, "🏠 Home") in CODE
    assert CODE[(None, "{n} project")] == "{n} projects"


def test_the_template_is_up_to_date() -> None:
    pot = _catalog(LOCALE_DIR / "migbot.pot")
    held = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in pot if m.id}
    assert held == set(CODE), "run `make messages`"


@pytest.mark.parametrize("code", OTHERS)
def test_every_string_is_translated(code: str) -> None:
    catalog = _catalog(po_path(code), code)
    nplurals = get_plural(code).num_plurals
    missing = []
    for (context, msgid), plural in CODE.items():
        message = catalog.get(msgid if plural is None else (msgid, plural), context=context)
        if message is None or "fuzzy" in message.flags:
            missing.append(msgid)
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if plural is not None:
            assert len(forms) == nplurals, (code, msgid, forms)
        if not all(forms):
            missing.append(msgid)
            continue
        # The same placeholders, or ``.format`` would fail or drop a value.
        for form in forms:
            assert _fields(form) == _fields(msgid), (code, msgid, form)
    assert not missing, f"untranslated in {code}: {missing}"
    stale = [m.id for m in catalog if m.id and "fuzzy" not in m.flags and not m.string]
    assert not stale


@pytest.mark.parametrize("code", OTHERS)
def test_catalogue_headers_give_the_languages_plural_forms(code: str) -> None:
    catalog = _catalog(po_path(code), code)
    assert str(catalog.locale) == code
    assert catalog.plural_forms == get_plural(code).plural_forms
    header = dict(catalog.mime_headers)
    assert header["Plural-Forms"] == get_plural(code).plural_forms
    assert header["Content-Type"] == "text/plain; charset=utf-8"
    if code == "ru":  # one / few / many: 1 проект, 3 проекта, 5 проектов
        assert catalog.num_plurals == 3


@pytest.mark.parametrize("code", OTHERS)
def test_date_patterns_are_cldr_patterns(code: str) -> None:
    """The catalogues' date patterns give a date Babel can write."""
    catalog = _catalog(po_path(code), code)
    for pattern in ("d MMMM y", "MMMM y"):
        translated = catalog[pattern].string
        assert isinstance(translated, str)
        written = format_date(datetime.date(2008, 3, 1), translated, locale=code)
        assert "2008" in written and "MMMM" not in written
