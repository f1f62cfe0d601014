"""Maps: every record with countries draws, and what is coloured is exactly the record's
countries (checked in the renderer's own account and in the pixels of the PNG)."""

from __future__ import annotations

import io
import math
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from migbot.answers.reply import Action
from migbot.assistant import Assistant
from migbot.knowledge.models import Dialogue, Project
from migbot.maps import draw
from migbot.maps.atlas import atlas
from migbot.maps.spec import MapSpec, has_map, map_for, record_codes
from migbot.telegram import callback

PALETTE = {"sea": draw.SEA, "land": draw.LAND, "border": draw.BORDER, **draw.COLOURS}


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


def nearest(rgb: tuple[int, ...]) -> str:
    return min(PALETTE, key=lambda name: math.dist(PALETTE[name], rgb[:3]))


def check_picture(spec: MapSpec) -> None:
    """The drawn map of ``spec``: size, weight, and the colour at each country's anchor."""
    picture = draw.render(spec)
    image = Image.open(io.BytesIO(picture.png)).convert("RGB")  # a palette PNG
    assert image.size == (1280, 720) and len(picture.png) < 200 * 1024
    roles = {c: layer.role for layer in spec.layers for c in layer.codes}
    assert picture.missing == ()
    # The renderer's account: every highlighted country was coloured (shape or marker),
    # in its own role, and nothing else was.
    assert picture.fills == roles
    world = atlas()
    marks = list(picture.markers.values())
    for code, country in world.countries.items():
        x, y = picture.where(*world.anchor(code))
        if not (0 <= x < draw.WIDTH and draw.TOP <= y < draw.HEIGHT - draw.BOTTOM):
            continue
        seen = nearest(image.getpixel((x, y)))  # type: ignore[arg-type]
        # Where another country's marker overlaps this anchor (the Lesser Antilles, El
        # Salvador next to Guatemala), the renderer's account above is what counts.
        own = picture.markers.get(code)
        reach = draw.MARK_RADIUS * (2 if own else 1) + 2
        if any(m != own and math.dist((x, y), m) <= reach for m in marks):
            continue
        if code in roles:
            assert seen == roles[code], (spec.key, code, seen)
        elif math.sqrt(country.area) * picture.scale >= 12:  # visible, and not highlighted
            assert seen not in draw.COLOURS, (spec.key, code, seen)


def test_every_record_with_countries_draws_exactly_its_countries(assistant: Assistant) -> None:
    drawn = 0
    for record in assistant.kb.records.values():
        spec = map_for(assistant.kb, entity=record.id)
        assert (spec is not None) == has_map(record)
        if spec is not None:
            check_picture(spec)
            drawn += 1
    assert drawn >= 80


@pytest.mark.parametrize("code", ["AM", "SG", "MT", "VA", "US", "FR", "XK", "TV"])
def test_country_maps(assistant: Assistant, code: str) -> None:
    spec = map_for(assistant.kb, country=code)
    assert spec is not None and spec.codes() == {code} and spec.key == f"country:{code}"
    check_picture(spec)


def test_small_states_get_a_marker(assistant: Assistant) -> None:
    picture = draw.render(map_for(assistant.kb, entity="bali-process"))  # type: ignore[arg-type]
    assert {"SG", "NR", "BN"} <= set(picture.markers)
    assert "AU" not in picture.markers and "CN" not in picture.markers


def test_layers_are_the_records_countries(assistant: Assistant) -> None:
    bali = assistant.kb.records["bali-process"]
    assert isinstance(bali, Dialogue)
    spec = map_for(assistant.kb, entity="bali-process")
    assert spec is not None
    assert spec.codes("first") == set(bali.member_codes())
    assert spec.codes("second") == set(bali.observers) - set(bali.member_codes())
    assert [la.label for la in spec.layers] == ["Member States", "Observer States"]
    project = next(
        r for r in assistant.kb.records.values() if isinstance(r, Project) and r.other_beneficiaries
    )
    first, second = record_codes(project)
    assert set(first) == set(project.beneficiaries) and second  # "Chile", "Uruguay" are countries


# A character the font lacks is drawn as its .notdef box: the glyph of a private-use one.
def _has_glyph(face: ImageFont.FreeTypeFont, char: str) -> bool:
    mask, box = face.getmask(char), face.getmask("\ue000")
    return (mask.size, bytes(mask)) != (box.size, bytes(box))


@pytest.mark.parametrize(
    ("where", "title", "legend", "source"),
    [
        ({"entity": "rabat-process"}, "Рабатский процесс", "Государства-члены (15)", "Границы"),
        ({"country": "AM"}, "Армения: 1 диалог, 2 проекта", "Армения", "Границы"),
    ],
)
def test_a_russian_map_is_written_in_russian(
    assistant: Assistant, where: dict[str, str], title: str, legend: str, source: str
) -> None:
    spec = map_for(assistant.kb, lang="ru", **where)
    assert spec is not None and spec.lang == "ru" and spec.name.endswith("-ru")
    picture = draw.render(spec)
    heading, *legends, corner = picture.texts
    assert heading.startswith(title) and legends == [legend] and corner.startswith(source)
    assert spec.caption.startswith(title.split(":")[0])
    # Noto Sans has every letter written: none falls back to the font's empty box.
    for face, text in ((draw.font(30, "SemiBold"), heading), (draw.font(20), legend)):
        assert all(_has_glyph(face, c) for c in set(text) - {" "}), text
    assert not _has_glyph(draw.font(20), "中")  # the check tells a missing glyph


def test_a_map_names_the_record_as_the_readers_answers_do(assistant: Assistant) -> None:
    for lang in ("en", "fr", "es", "ru"):
        spec = map_for(assistant.kb, entity="bali-process", lang=lang)
        card = assistant.press(Action(kind="open", entity="bali-process"), lang=lang)
        assert spec is not None and spec.title == card.text.splitlines()[0], lang
        assert spec.caption.startswith(spec.title)
    assert map_for(assistant.kb, entity="bali-process") == map_for(
        assistant.kb, entity="bali-process", lang="en"
    )


def test_unknown_things_have_no_map(assistant: Assistant) -> None:
    assert map_for(assistant.kb, entity="no-such-record") is None
    assert map_for(assistant.kb, country="ZZ") is None
    assert map_for(assistant.kb) is None


def map_buttons(reply_buttons: list[list[object]]) -> list[Action]:
    return [
        b.action  # type: ignore[attr-defined]
        for row in reply_buttons
        for b in row
        if getattr(b, "action", None) is not None and b.action.kind == "map"  # type: ignore[attr-defined]
    ]


def test_map_button_only_where_there_are_countries(assistant: Assistant) -> None:
    for record in assistant.kb.records.values():
        reply = assistant.press(Action(kind="open", entity=record.id, section="members"))
        expected = [Action(kind="map", entity=record.id)] if has_map(record) else []
        assert map_buttons(reply.buttons) == expected, record.id
        # Other sections do not offer it.
        assert not map_buttons(assistant.press(Action(kind="open", entity=record.id)).buttons)
    armenia = assistant.press(Action(kind="country", country="AM"))
    assert map_buttons(armenia.buttons) == [Action(kind="map", country="AM")]
    nowhere = assistant.press(Action(kind="country", country="IS"))  # Iceland: in no record
    assert "no dialogue or project" in nowhere.text and not map_buttons(nowhere.buttons)


def test_map_actions_travel_in_callback_data(assistant: Assistant) -> None:
    kb = assistant.kb
    for action in (Action(kind="map", entity="bali-process"), Action(kind="map", country="AM")):
        data = callback.encode(action, kb)
        assert data is not None and len(data.encode()) <= 64
        assert callback.decode(data, kb) == action
    assert callback.decode("1|m", kb) is None  # a map of nothing
    # Existing buttons encode exactly as before.
    assert callback.encode(Action(kind="home"), kb) == "1|h"
    assert callback.encode(Action(kind="country", country="AM", page=1), kb) == "1|c|p1|cAM"


def test_pressing_map_in_the_core_answers_with_the_list(assistant: Assistant) -> None:
    reply = assistant.press(Action(kind="map", entity="bali-process"))
    assert reply.intent == "members" and reply.entity == "bali-process"
    assert assistant.press(Action(kind="map", country="AM")).intent == "by_country"


def migbot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migbot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_map(tmp_path: Path) -> None:
    out = tmp_path / "maps" / "bali.png"
    done = migbot("map", "bali-process", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (1280, 720) and str(out) in done.stdout
    country = migbot("map", "--country", "am", "--out", str(tmp_path / "am.png"))
    assert country.returncode == 0 and (tmp_path / "am.png").read_bytes()[:4] == b"\x89PNG"

    for args, code in (
        (["map", "bali-proces", "--out", str(tmp_path / "x.png")], 1),
        (["map", "--country", "Atlantis", "--out", str(tmp_path / "x.png")], 1),
        (["map", "--out", str(tmp_path / "x.png")], 2),
        (["map", "bali-process", "--country", "AM", "--out", str(tmp_path / "x.png")], 2),
    ):
        failed = migbot(*args)
        assert failed.returncode == code and not failed.stdout
        assert len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    assert "did you mean 'bali-process'" in migbot(*["map", "bali-proces", "--out", "x"]).stderr
    assert not (tmp_path / "x.png").exists()


def test_chat_map_button_writes_the_png(tmp_path: Path) -> None:
    done = migbot("chat", stdin="what does Armenia take part in?\n4\nq\n")
    assert done.returncode == 0
    line = next(x for x in done.stdout.splitlines() if x.startswith("Map saved to "))
    path = Path(line.removeprefix("Map saved to "))
    assert path.name == "country-AM-en.png" and Image.open(path).size == (1280, 720)


def test_chat_in_russian_saves_a_russian_map(tmp_path: Path) -> None:
    done = migbot("chat", "--lang", "ru", stdin="в чём участвует Армения?\n4\nq\n")
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("Карта сохранена в "))
    assert Path(line.removeprefix("Карта сохранена в ")).name == "country-AM-ru.png"


def test_cli_map_in_a_language(tmp_path: Path) -> None:
    out = tmp_path / "rabat-ru.png"
    done = migbot("map", "rabat-process", "--lang", "ru", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Карта сохранена в {out}\n" and Image.open(out).size == (1280, 720)
    failed = migbot("map", "bali-proces", "--lang", "fr", "--out", str(tmp_path / "x.png"))
    assert failed.returncode == 1 and not failed.stdout
    assert failed.stderr == (
        "migbot map: fiche inconnue 'bali-proces' — vouliez-vous dire 'bali-process'\u00a0?\n"
    )
