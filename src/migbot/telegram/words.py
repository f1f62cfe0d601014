"""The words the Telegram layer shows itself (bot commands, notices, inline buttons), from
the catalogues of ``migbot.i18n``; ``lang`` None speaks the current language (English
outside any ``speaking``). Replies come from the assistant, already in their language."""

from __future__ import annotations

from migbot.i18n import _, speaking, tongue


def private_commands(lang: str | None = None) -> list[tuple[str, str]]:
    """The command menu of private chats: (command, description)."""
    with speaking(lang or tongue().code):
        return [
            ("start", _("main menu")),
            ("menu", _("main menu")),
            ("dialogues", _("list migration dialogues")),
            ("projects", _("list IDF projects")),
            ("ask", _("ask a question, e.g. /ask budget of LM.0024")),
            ("help", _("how to use the bot")),
        ]


def group_commands(lang: str | None = None) -> list[tuple[str, str]]:
    """The command menu of groups (only /ask: the bot answers there when asked)."""
    with speaking(lang or tongue().code):
        return [("ask", _("ask a question, e.g. /ask budget of LM.0024"))]


def stale_notice(lang: str | None = None) -> str:
    with speaking(lang or tongue().code):
        return _("This button has expired. Here is the main menu.")


def sorry(lang: str | None = None) -> str:
    with speaking(lang or tongue().code):
        return _("Sorry, something went wrong on my side. Please try again, or send /help.")


def open_in_chat(lang: str | None = None) -> str:
    """The button under an inline result."""
    with speaking(lang or tongue().code):
        return _("Open in a chat with the bot")
