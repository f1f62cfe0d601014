"""Maps of who takes part: a record's countries (or one country) on a world map, as a PNG.

``spec`` says what a map shows (light: the composer uses it), ``atlas`` holds the country
shapes, ``draw`` renders with Pillow, ``words`` holds every string a map shows. The core
never imports Telegram: transports call ``render_map`` and send the bytes.
"""

from __future__ import annotations

from migbot.maps.spec import MapSpec, has_map, map_for

__all__ = ["MapSpec", "has_map", "map_for", "render_map"]


def render_map(spec: MapSpec) -> bytes:
    """The PNG of ``spec`` (about 80 ms; the first call also reads the atlas, ~1 s)."""
    from migbot.maps.draw import render  # numpy and Pillow load only when a map is drawn

    return render(spec).png
