"""Sending and editing HTML messages, without reading back what Telegram echoes.

``Bot.send_message`` turns Telegram's answer into a ``Message`` (keyboard and all) that
the bot never looks at; for a card with a keyboard that costs about as much as composing
the answer. ``Bot.do_api_request`` returns the raw result instead, still through the rate
limiter, and takes the keyboard already serialised (``render.Keyboard.wire``).
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot, ReplyParameters
from telegram.constants import ParseMode
from telegram.warnings import PTBUserWarning

from migbot.telegram.render import Keyboard

# PTB suggests its typed methods whenever ``do_api_request`` names one; here that is the point.
warnings.filterwarnings(
    "ignore",
    message=r"Please use 'Bot\.(sendMessage|editMessageText)' instead",
    category=PTBUserWarning,
)

NO_PREVIEW = {"is_disabled": True}  # LinkPreviewOptions(is_disabled=True), serialised


def _body(text: str, keyboard: Keyboard | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "text": text,
        "parse_mode": ParseMode.HTML.value,
        "link_preview_options": NO_PREVIEW,
    }
    if keyboard is not None:
        body["reply_markup"] = keyboard.wire
    return body


async def send_html(
    bot: Bot, chat_id: int, text: str, keyboard: Keyboard | None, reply_to: int | None = None
) -> None:
    body = {"chat_id": chat_id, **_body(text, keyboard)}
    if reply_to is not None:
        body["reply_parameters"] = ReplyParameters(reply_to, allow_sending_without_reply=True)
    await bot.do_api_request("sendMessage", api_kwargs=body)


async def edit_html(
    bot: Bot, chat_id: int, message_id: int, text: str, keyboard: Keyboard | None
) -> None:
    body = {"chat_id": chat_id, "message_id": message_id, **_body(text, keyboard)}
    await bot.do_api_request("editMessageText", api_kwargs=body)
