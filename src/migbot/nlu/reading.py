"""What understanding produces: the contract between ``nlu/`` and ``answers/``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Candidate(BaseModel):
    """One possible reading offered in a clarification."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    entity: str | None = None
    score: float = 0.0


class Reading(BaseModel):
    """The understood question.

    ``slots`` keys (DESIGN.md): ``country`` (alpha-2), ``year`` (int), ``kind``
    (``dialogue``/``project``), ``project_type``, ``region``, ``status`` — the filters of
    ``list``, ``by_country`` and aggregate ``budget`` — and ``candidates`` for ``clarify``.
    """

    model_config = ConfigDict(extra="forbid")

    intent: str
    entity: str | None = None
    slots: dict[str, Any] = {}
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    candidates: list[Candidate] = []
    # True when the entity came from the conversation context, not from the words.
    from_context: bool = False
