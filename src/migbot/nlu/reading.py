"""What understanding produces: the contract between ``nlu/`` and ``answers/``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from migbot.slots import Slots


class Candidate(BaseModel):
    """One possible reading offered in a clarification."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    entity: str | None = None
    score: float = 0.0


class Reading(BaseModel):
    """The understood question (``slots``: ``migbot.slots.Slots``, docs/design.md)."""

    model_config = ConfigDict(extra="forbid")

    intent: str
    entity: str | None = None
    slots: Slots = Slots()
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    candidates: list[Candidate] = []
    # True when the entity came from the conversation context, not from the words.
    from_context: bool = False
    # The language the question is written in, when its words make that clear.
    lang: str | None = None
    # The decision rule that produced this reading (``nlu/decide.py``), for tests and logs.
    rule: str = ""
