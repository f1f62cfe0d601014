"""Every slot understanding can set changes the answer: a slot the answers ignore fails here.

For each field of ``Slots`` one reading is answered with and without it; the texts must
differ. A new field without an entry fails ``test_every_slot_has_a_case``.
"""

from __future__ import annotations

from typing import Any

import pytest

from migbot.answers.compose import Composer
from migbot.nlu.reading import Reading
from migbot.slots import Candidate, Slots

# field → (intent, entity, the slots both readings share, the field's value)
CASES: dict[str, tuple[str, str | None, dict[str, Any], Any]] = {
    "country": ("list", None, {"kind": "project"}, "GE"),
    "countries": ("by_country", None, {"country": "GE"}, ("GE", "AM")),
    "kind": ("list", None, {}, "project"),
    "year": ("list", None, {"kind": "project"}, 2019),
    "year_op": ("list", None, {"kind": "project", "year": 2019}, "before"),
    "year_of": ("list", None, {"kind": "project", "year": 2019}, "start"),
    "project_type": ("list", None, {"kind": "project"}, "Labour Migration"),
    "region": ("list", None, {"kind": "dialogue"}, "Africa"),
    "statuses": ("list", None, {"kind": "project"}, ("Completed", "Active")),
    "coverage": ("list", None, {"kind": "project"}, "National"),
    "dialogue_type": ("list", None, {}, "Inter-regional forum on migration"),
    "keywords": ("list", None, {"kind": "project"}, ("diaspora",)),
    "count": ("list", None, {"kind": "project"}, True),
    "detail": ("members", "bali-process", {}, "observers"),
    "rank": ("list", None, {"kind": "dialogue"}, "oldest"),
    "unknown_id": ("out_of_scope", None, {}, "CT.0700"),
    "candidates": (
        "out_of_scope",
        None,
        {"unknown_id": "CT.0700"},
        (Candidate(intent="overview", entity="ct-0690"),),
    ),
}


def test_every_slot_has_a_case() -> None:
    assert set(CASES) == set(Slots.model_fields)


@pytest.mark.parametrize("field", sorted(CASES))
def test_the_slot_changes_the_answer(composer: Composer, field: str) -> None:
    intent, entity, shared, value = CASES[field]
    without = composer.compose(Reading(intent=intent, entity=entity, slots=Slots(**shared)), None)
    with_it = composer.compose(
        Reading(intent=intent, entity=entity, slots=Slots(**shared, **{field: value})), None
    )
    assert with_it.text != without.text
