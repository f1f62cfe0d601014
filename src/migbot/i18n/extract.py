"""A Babel extractor for the words the knowledge declares and answers show: the region names
of ``knowledge/regions.yaml`` become ``pgettext("region", name)`` messages, so each
language's catalogue translates them like any other string (``make messages``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

REGION_CONTEXT = "region"
_KEY = re.compile(r"^\s+([^#\s][^:#]*?):")


def extract_regions(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Each region declared under ``regions:``, with its line."""
    for lineno, raw in enumerate(fileobj, start=1):
        m = _KEY.match(raw.decode("utf-8"))
        if m:
            yield (
                lineno,
                "pgettext",
                (REGION_CONTEXT, m.group(1)),
                ["Translators: a region's name, as shown in lists and overviews."],
            )
