"""The words the Telegram layer shows itself (bot commands, notices, inline buttons), from
the catalogues of ``migbot.i18n``; ``lang`` None speaks the current language (English
outside any ``speaking``). Replies come from the assistant, already in their language."""

from __future__ import annotations

from migbot.i18n import _, speaking, tongue

# The buttons of /language: each language named in itself, so anyone finds their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский"}


def private_commands(lang: str | None = None) -> list[tuple[str, str]]:
    """The command menu of private chats: (command, description)."""
    with speaking(lang or tongue().code):
        return [
            ("start", _("main menu")),
            ("menu", _("main menu")),
            ("dialogues", _("list migration dialogues")),
            ("projects", _("list IDF projects")),
            ("ask", _("ask a question, e.g. /ask budget of LM.0024")),
            ("language", _("choose the language of answers")),
            ("help", _("how to use the bot")),
        ]


def group_commands(lang: str | None = None) -> list[tuple[str, str]]:
    """The command menu of groups (only /ask: the bot answers there when asked)."""
    with speaking(lang or tongue().code):
        return [
            ("ask", _("ask a question, e.g. /ask budget of LM.0024")),
            ("language", _("choose the language of answers")),
        ]


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


def choose_language(lang: str | None = None) -> str:
    """The question above the /language buttons."""
    with speaking(lang or tongue().code):
        return _("Choose the language of my answers:")


def language_chosen(lang: str) -> str:
    """The confirmation of a /language button, in the language chosen."""
    with speaking(lang):
        return _(
            "From now on I answer in English, unless a question is clearly in another language."
        )
