"""Draw a ``MapSpec`` as a PNG with Pillow: 1280 × 720, title above, legend below.

The map is drawn at twice the size and halved (a box filter), which smooths coastlines
without an anti-aliasing rasteriser; text is drawn at the final size so it stays sharp. The
frame fits the highlighted countries (the whole world when they are spread across it), and a
highlighted country too small to see at that scale gets a round marker.
"""

from __future__ import annotations

import importlib.resources
import io
import math
import threading
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from migbot.maps.atlas import Atlas, Box, atlas
from migbot.maps.spec import ROLES, MapSpec, legend

WIDTH, HEIGHT = 1280, 720
TOP, BOTTOM = 64, 48  # title band, legend band
MAP_H = HEIGHT - TOP - BOTTOM
SUPER = 2  # the map is drawn at this multiple of its size, then reduced

SEA = (214, 228, 240)
LAND = (224, 220, 211)
BORDER = (255, 255, 255)
INK = (33, 37, 41)
FAINT = (110, 117, 125)
PAPER = (255, 255, 255)
COLOURS = {"first": (24, 100, 171), "second": (232, 140, 30)}

MARK_BELOW = 10  # px: a highlighted country with less land than this square gets a marker
MARK_RADIUS = 9  # px: still a dot when a phone shows the map 400 px wide
SPECK = 1.0  # px: rings smaller than this are not drawn
BORDERED = 4.0  # px: rings smaller than this get no border line
COLOURS_IN_PNG = 64  # a palette PNG: a third of the bytes, and quicker to compress
MIN_SPAN = 0.22  # the smallest frame, as a share of the world's width (a region, not a town)
PAD = 0.12  # margin around the highlighted countries, as a share of their extent

FONT_PACKAGE = "fontpkg_noto_sans"
FONT_FILE = "NotoSans[wdth,wght].ttf"


# A FreeType face must not be used by two threads at once (maps draw in a thread pool).
_TEXT = threading.Lock()


@cache
def font(size: int, weight: str = "Regular") -> ImageFont.FreeTypeFont:
    path = importlib.resources.files(FONT_PACKAGE) / "files" / FONT_FILE
    with importlib.resources.as_file(path) as real:
        face = ImageFont.truetype(str(real), size)
    face.set_variation_by_name(weight)
    return face


@dataclass
class Picture:
    png: bytes
    frame: Box  # the projected area shown
    fills: dict[str, str] = field(default_factory=dict)  # highlighted code → role drawn
    markers: dict[str, tuple[int, int]] = field(default_factory=dict)  # code → centre (px)
    missing: tuple[str, ...] = ()  # highlighted codes the atlas has no shape for
    scale: float = 1.0  # pixels per projected unit
    texts: tuple[str, ...] = ()  # the words written on it, as drawn (title, legend, source)

    def where(self, x: float, y: float) -> tuple[int, int]:
        """The image pixel of projected (x, y)."""
        return (
            int((x - self.frame[0]) * self.scale),
            TOP + int((self.frame[3] - y) * self.scale),
        )


def frame_for(world: Atlas, codes: set[str]) -> Box:
    """The projected box to show: the highlighted countries' main parts, with a margin, at
    the map's aspect ratio; the world when that would be most of it."""
    wx0, wy0, wx1, wy1 = world.world
    boxes = [world.countries[c].main for c in codes if c in world.countries]
    if boxes:
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    else:
        x0, y0, x1, y1 = wx0, wy0, wx1, wy1
    w = max(x1 - x0, (wx1 - wx0) * MIN_SPAN)
    h = max(y1 - y0, 0.0)
    w, h = w * (1 + 2 * PAD), h * (1 + 2 * PAD)
    aspect = WIDTH / MAP_H
    w, h = max(w, h * aspect), max(h, w / aspect)
    if w >= (wx1 - wx0) * 0.8:  # most of the world: show all of it
        x0, y0, x1, y1 = wx0, wy0, wx1, wy1
        w, h = x1 - x0, y1 - y0
        w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    # Slide the frame back between the latitudes shown where it hangs over the top or the
    # bottom; east and west it may hang over the 180th meridian (open sea: Tuvalu, Samoa
    # stay in the middle of their map rather than at its edge).
    cy = min(max(cy, wy0 + h / 2), wy1 - h / 2) if h <= wy1 - wy0 else (wy0 + wy1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def render(spec: MapSpec) -> Picture:
    world = atlas()
    roles = {
        code: layer.role
        for role in ROLES
        for layer in spec.layers
        if layer.role == role
        for code in layer.codes
    }
    frame = frame_for(world, set(roles))
    scale = WIDTH / (frame[2] - frame[0])
    picture = Picture(
        png=b"",
        frame=frame,
        scale=scale,
        missing=tuple(c for c in roles if c not in world.countries),
    )
    canvas = Image.new("RGB", (WIDTH * SUPER, MAP_H * SUPER), SEA)
    pen = ImageDraw.Draw(canvas)
    _draw_countries(pen, world, frame, scale * SUPER, roles, picture)
    _draw_markers(pen, world, scale, roles, picture)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    image.paste(canvas.reduce(SUPER), (0, TOP))
    with _TEXT:
        picture.texts = _draw_text(ImageDraw.Draw(image), spec)
    out = io.BytesIO()
    image.quantize(COLOURS_IN_PNG, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    picture.png = out.getvalue()
    return picture


def _draw_countries(
    pen: ImageDraw.ImageDraw,
    world: Atlas,
    frame: Box,
    scale: float,
    roles: dict[str, str],
    picture: Picture,
) -> None:
    x0, y0, x1, y1 = frame
    boxes = world.boxes
    visible = (boxes[:, 2] >= x0) & (boxes[:, 0] <= x1) & (boxes[:, 3] >= y0) & (boxes[:, 1] <= y1)
    # A ring under a pixel of the final image is not drawn (a highlighted state that small
    # gets a marker); one under a few pixels is filled without the border line around it.
    extent = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) * scale
    visible &= extent >= SPECK * SUPER
    bordered = extent >= BORDERED * SUPER
    # Every point to canvas pixels at once, then drop points that land on the pixel before.
    pixels = np.empty(world.points.shape, dtype=np.int32)
    pixels[:, 0] = np.rint((world.points[:, 0] - x0) * scale)
    pixels[:, 1] = np.rint((y1 - world.points[:, 1]) * scale)
    # Clamped to just outside the canvas: the fill inside is the same, the outline along the
    # clamp is off the canvas, and the stretches of a ring outside (most of Russia on a map
    # of Georgia) collapse into a few points, which the filler no longer walks on every line.
    width, height = pen.im.size
    np.clip(pixels[:, 0], -2, width + 2, out=pixels[:, 0])
    np.clip(pixels[:, 1], -2, height + 2, out=pixels[:, 1])
    keep = np.ones(len(pixels), dtype=bool)
    keep[1:] = np.any(pixels[1:] != pixels[:-1], axis=1)
    keep[world.starts[:-1]] = True
    kept = pixels[keep]
    starts = np.concatenate([[0], np.cumsum(keep)])[world.starts]
    for i in world.order[visible[world.order]]:
        ring = kept[starts[i] : starts[i + 1]]
        if len(ring) < 3:
            continue
        code = world.owner[i]
        role = roles.get(code)
        fill = COLOURS[role] if role else LAND
        if role:
            picture.fills[code] = role
        pen.polygon(ring.ravel().tolist(), fill=fill, outline=BORDER if bordered[i] else None)


def _draw_markers(
    pen: ImageDraw.ImageDraw, world: Atlas, scale: float, roles: dict[str, str], picture: Picture
) -> None:
    for code, role in roles.items():
        country = world.countries.get(code)
        if country is None:
            continue
        # By its land, not its extent: Kiribati's atolls span 4,000 km and are specks.
        if math.sqrt(country.area) * scale >= MARK_BELOW:
            continue
        x, y = picture.where(*world.anchor(code))
        y -= TOP
        if not (0 <= x < WIDTH and 0 <= y < MAP_H):
            continue
        r, s = MARK_RADIUS * SUPER, SUPER
        box = (x * s - r, y * s - r, x * s + r, y * s + r)
        pen.ellipse(box, fill=COLOURS[role], outline=BORDER, width=2 * SUPER)
        picture.markers[code] = (x, y + TOP)
        picture.fills[code] = role


def _fit(pen: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    if pen.textlength(text, font=face) <= width:
        return text
    while text and pen.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_text(pen: ImageDraw.ImageDraw, spec: MapSpec) -> tuple[str, ...]:
    """The title above the map, the legend and the borders' source below; returns them."""
    title = font(30, "SemiBold")
    heading = _fit(pen, spec.title, title, WIDTH - 48)
    pen.text((24, TOP // 2), heading, font=title, fill=INK, anchor="lm")
    drawn = [heading]
    label = font(20)
    x, y = 24, HEIGHT - BOTTOM // 2
    for layer in sorted(spec.layers, key=lambda la: ROLES.index(la.role), reverse=True):
        pen.rectangle((x, y - 9, x + 18, y + 9), fill=COLOURS[layer.role], outline=INK)
        text = legend(layer)
        pen.text((x + 28, y), text, font=label, fill=INK, anchor="lm")
        drawn.append(text)
        x += 28 + int(pen.textlength(text, font=label)) + 36
    small = font(15)
    pen.text((WIDTH - 16, y), spec.source, font=small, fill=FAINT, anchor="rm")
    return (*drawn, spec.source)
