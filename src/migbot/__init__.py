"""migbot: answers questions about migration dialogues and IOM Development Fund projects."""

from migbot.answers.reply import Action, Button, Reply
from migbot.assistant import Assistant
from migbot.context import Context

__all__ = ["Action", "Assistant", "Button", "Context", "Reply"]
