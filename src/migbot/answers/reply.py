"""Transport-neutral replies: text (plain and Telegram HTML) and rows of buttons.

A button carries an ``Action``; transports encode it (Telegram callback data, a numbered
choice in the terminal) and hand it back to ``Assistant.press``. Every action is
self-contained (it names its record, section and page), so navigation needs no server-side
state and survives restarts and replicas.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from migbot.context import Context
from migbot.i18n import tongue

# Joins the values of a filter that holds several ("Dormant|Discontinued"): never inside a
# value the knowledge or the NLU writes, and never sent as is (callback data has one part
# per value).
MULTI_SEP = "|"

ActionKind = Literal[
    "home",  # the main menu
    "help",  # how to use the bot
    "open",  # a record's section (``section``: a record intent, default overview), ``page``
    "list",  # a list of records filtered by ``filters``, page ``page``
    "country",  # what ``country`` (alpha-2) takes part in, page ``page``
    "choose",  # a clarification candidate: ``intent`` about ``entity``
    "none",  # "None of these" after a clarification
    "map",  # the map of record ``entity`` or of ``country``: transports send it as a picture
]


class Action(BaseModel):
    """What a button does. Small on purpose: it must fit in 64 bytes of callback data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ActionKind
    entity: str | None = None
    section: str | None = None
    page: int = Field(default=0, ge=0, le=999)
    country: str | None = None
    intent: str | None = None
    # Filters of a list (``migbot.answers.query.FILTER_KEYS``, all strings); a key may
    # repeat when it holds several values (two statuses, two name words).
    filters: tuple[tuple[str, str], ...] = ()
    # The language the press answers in (the reply's that showed the button); None: the
    # one the transport passes (a button made before languages existed).
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2}$")

    def filter_dict(self) -> dict[str, str]:
        """The filters as one string per key, several values joined by ``MULTI_SEP``."""
        out: dict[str, str] = {}
        for key, value in self.filters:
            out[key] = f"{out[key]}{MULTI_SEP}{value}" if key in out else value
        return out


class Button(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    action: Action | None = None
    url: str | None = None  # a link button (the source page), no action


class Reply(BaseModel):
    """What the assistant answers; the same for every transport."""

    # Frozen: a reply may be handed out again from the assistant's memo.
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    entity: str | None = None
    slots: dict[str, Any] = {}
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    text: str
    html: str
    buttons: list[list[Button]] = []
    # The conversation state after this reply; a transport stores it per chat.
    context: Context = Context()
    # The language it is written in: the one being spoken when it was composed.
    lang: str = Field(default_factory=lambda: tongue().code)

    def actions(self) -> list[Action]:
        """Every action of the keyboard, row by row."""
        return [b.action for row in self.buttons for b in row if b.action is not None]

    def public(self) -> dict[str, Any]:
        """The JSON shape of ``migbot ask --json`` (DESIGN.md)."""
        return {
            "intent": self.intent,
            "entity": self.entity,
            "slots": self.slots,
            "confidence": round(self.confidence, 4),
            "text": self.text,
            "html": self.html,
            "buttons": [
                [b.model_dump(exclude_none=True, mode="json") for b in row] for row in self.buttons
            ],
            "lang": self.lang,
        }
