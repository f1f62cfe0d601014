"""Conversation context: a small value passed into the assistant and returned with a reply.

A transport keeps it per chat (Telegram ``chat_data``, the terminal's loop), so a follow-up
such as "and its budget?" refers to the record of the previous answer.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Context(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: str | None = None  # the record the last answer was about
    intent: str | None = None  # the last answered intent
    country: str | None = None  # the last country asked about (alpha-2)
    # The clarification on offer: "intent:entity" readings, so "the first one" can pick.
    candidates: tuple[str, ...] = ()
    question: str | None = None  # the question that led to a clarification (for the inbox)
