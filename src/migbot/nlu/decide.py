"""Decision helpers: intent priorities, clarifications and picking an offered reading."""

from __future__ import annotations

from typing import Any

from migbot.context import Context
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.reading import Candidate, Reading

# Intents about one record, most specific first: when a question cues several ("what did
# the country teams achieve"), the more specific one wins; overview is the fallback.
RECORD_INTENTS = (
    "country_teams",
    "secretariat",
    "chair",
    "budget",
    "meetings",
    "objectives",
    "members",
    "themes",
    "timeline",
    "overview",
)
CROSS_INTENTS = ("by_country", "list")
CHAT_INTENTS = ("help", "greeting")


def best_record_intent(labels: set[str]) -> str | None:
    return next((label for label in RECORD_INTENTS if label in labels), None)


def clarify(intent: str, entities: list[tuple[str, float]], slots: dict[str, Any]) -> Reading:
    """Up to three readings as buttons; ``slots.candidates`` lists them."""
    cands = [Candidate(intent=intent, entity=e, score=round(s, 3)) for e, s in entities[:3]]
    out = dict(slots)
    out["candidates"] = [{"intent": c.intent, "entity": c.entity} for c in cands]
    top = cands[0].score if cands else 0.0
    return Reading(
        intent="clarify",
        entity=None,
        slots=out,
        confidence=max(0.0, min(1.0, top * 0.6)),
        candidates=cands,
    )


def pick_offered(tokens: tuple[str, ...], context: Context | None, lex: Lexicon) -> Reading | None:
    """After a clarification, "the first one", "2" or "second" picks an offered reading."""
    if context is None or not context.candidates:
        return None
    words = [t for t in tokens if t not in lex.choice_filler]
    if len(words) != 1 or words[0] not in lex.ordinals:
        return None
    index = lex.ordinals[words[0]]
    try:
        chosen = context.candidates[index]
    except IndexError:
        return None
    intent, _, entity = chosen.partition(":")
    return Reading(
        intent=intent or "overview", entity=entity or None, confidence=0.95, from_context=True
    )
