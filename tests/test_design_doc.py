"""docs/design.md names every intent, slot, setting and decision rule the code declares: the
contract document cannot fall behind the code without a failing test."""

from __future__ import annotations

from pathlib import Path

import pytest

from migbot.knowledge import load_knowledge
from migbot.nlu.decide import RULES
from migbot.settings import Settings, env_name
from migbot.slots import Slots

DESIGN = (Path(__file__).resolve().parents[1] / "docs" / "design.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("label", [i.label for i in load_knowledge().intents])
def test_every_intent_is_in_the_table(label: str) -> None:
    assert f"| `{label}` |" in DESIGN


@pytest.mark.parametrize("field", list(Slots.model_fields))
def test_every_slot_is_described(field: str) -> None:
    assert f"`{field}`" in DESIGN


@pytest.mark.parametrize("field", list(Settings.model_fields))
def test_every_setting_is_named(field: str) -> None:
    assert f"`{env_name(field)}`" in DESIGN


@pytest.mark.parametrize("rule", [r.__name__ for r in RULES])
def test_every_decision_rule_is_named(rule: str) -> None:
    assert f"`{rule}`" in DESIGN
