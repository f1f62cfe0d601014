"""Moved to ``migbot.settings`` (every command reads the same settings); kept for old imports."""

from migbot.settings import TOKEN_SHAPE, Settings, SettingsError

__all__ = ["TOKEN_SHAPE", "Settings", "SettingsError"]
