"""Regions as a hierarchy, from ``knowledge/regions.yaml``: West Africa is in Africa.

The file maps each region the records use (a dialogue's ``regions``, a project's
``idf_region``) to the region(s) that contain it. A region may sit in several (Central
America is in Latin America and in North and Central America). Filters use it so that
"dialogues in Africa" includes the ones whose region is inside Africa.
"""

from __future__ import annotations

from collections.abc import Mapping

from migbot.knowledge.models import Strict, TextList


class RegionsFile(Strict):
    # region → the regions that directly contain it ([] for a top-level region). That each
    # parent is declared, and no region is inside itself, the loader checks (with lines).
    regions: dict[str, TextList]


class Regions:
    """Which regions contain which: ``within(child, parent)``, ``inside(parent)``."""

    def __init__(self, parents: Mapping[str, list[str]] | None = None) -> None:
        self.parents: dict[str, tuple[str, ...]] = {
            r: tuple(ps) for r, ps in (parents or {}).items()
        }
        # Each region with every region above it (itself included), cycles cut.
        self._up: dict[str, frozenset[str]] = {r: self._ancestors(r) for r in self.parents}
        self._folded = {r.casefold(): r for r in self.parents}

    def _ancestors(self, region: str) -> frozenset[str]:
        seen = {region}
        stack = list(self.parents.get(region, ()))
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(self.parents.get(parent, ()))
        return frozenset(seen)

    def __contains__(self, region: object) -> bool:
        return isinstance(region, str) and region.casefold() in self._folded

    def cycle(self, region: str) -> bool:
        """True when ``region`` is (through its parents) inside itself."""
        return any(region in self._up.get(p, ()) for p in self.parents.get(region, ()))

    def within(self, region: str, outer: str) -> bool:
        """``region`` is ``outer`` or inside it (case-insensitive; unknown: equality only)."""
        name = self._folded.get(region.casefold())
        wanted = self._folded.get(outer.casefold())
        if name is None or wanted is None:
            return region.casefold() == outer.casefold()
        return wanted in self._up[name]

    def inside(self, outer: str) -> list[str]:
        """The declared regions inside ``outer`` (itself excluded), in file order."""
        wanted = self._folded.get(outer.casefold(), outer)
        return [r for r, up in self._up.items() if r != wanted and wanted in up]
