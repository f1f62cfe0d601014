"""Settings of ``migbot run``: the environment, or a ``.env`` file in the working directory."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# "<bot id>:<secret>" as BotFather hands it out; checked before any request is made.
TOKEN_SHAPE = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{1,200}")


class SettingsError(Exception):
    """A setting that stops the bot from starting; its message is one line, token-free."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "BOT_TOKEN", "token")
    )
    api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias=AliasChoices("TELEGRAM_API_BASE_URL", "api_base_url"),
    )
    knowledge: str | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_KNOWLEDGE", "knowledge")
    )
    admins: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("MIGBOT_ADMINS", "admins")
    )
    # The unanswered-question inbox: a path, or off; default inbox.sqlite3 in the state dir.
    inbox: str | None = Field(default=None, validation_alias=AliasChoices("MIGBOT_INBOX", "inbox"))
    # Several replicas: chat state, handled updates and the flood budget in Redis, the
    # inbox in PostgreSQL. Unset: in memory and in the state dir (one process).
    redis_url: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_REDIS_URL", "redis_url")
    )
    database_url: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_DATABASE_URL", "database_url")
    )
    # Where the inbox, the delivery journal and the inbox key live (default
    # $XDG_STATE_HOME/migbot, see migbot.ops.statedir).
    state_dir: str | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_STATE_DIR", "state_dir")
    )
    # The key of the inbox's chat hashes; default a key file made once in the state dir.
    inbox_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_INBOX_KEY", "inbox_key")
    )
    inbox_retention_days: float = Field(
        default=90,
        gt=0,
        validation_alias=AliasChoices("MIGBOT_INBOX_RETENTION_DAYS", "inbox_retention_days"),
    )
    webhook_url: str | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_WEBHOOK_URL", "webhook_url")
    )
    webhook_listen: str = Field(
        default="0.0.0.0", validation_alias=AliasChoices("MIGBOT_WEBHOOK_LISTEN", "webhook_listen")
    )
    webhook_port: int = Field(
        default=8080, validation_alias=AliasChoices("MIGBOT_WEBHOOK_PORT", "webhook_port")
    )
    # Updates Telegram POSTs at once (setWebhook max_connections), and in hand at most.
    webhook_connections: int = Field(
        default=40,
        ge=1,
        le=100,
        validation_alias=AliasChoices("MIGBOT_WEBHOOK_CONNECTIONS", "webhook_connections"),
    )
    webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MIGBOT_WEBHOOK_SECRET", "webhook_secret")
    )
    # AIORateLimiter: Telegram's documented flood limits by default; 0 turns a limit off
    # (the test suite and the benchmark do that so the fake server is not throttled).
    rate_overall_per_second: float = Field(
        default=30, validation_alias=AliasChoices("MIGBOT_RATE_OVERALL", "rate_overall_per_second")
    )
    rate_group_per_minute: float = Field(
        default=20, validation_alias=AliasChoices("MIGBOT_RATE_GROUP", "rate_group_per_minute")
    )
    # How long one request to Telegram is retried (429s waited out, outages ridden through)
    # before its update is left unconfirmed for Telegram to deliver again.
    send_deadline: float = Field(
        default=300, gt=0, validation_alias=AliasChoices("MIGBOT_SEND_DEADLINE", "send_deadline")
    )
    # Polling: updates fetched ahead of those handled (Telegram's maximum is 100).
    fetch_ahead: int = Field(
        default=100,
        ge=1,
        le=100,
        validation_alias=AliasChoices("MIGBOT_FETCH_AHEAD", "fetch_ahead"),
    )
    # SIGTERM: seconds the updates in hand get to finish (systemd's TimeoutStopSec is 90 s).
    stop_seconds: float = Field(
        default=10, ge=0, validation_alias=AliasChoices("MIGBOT_STOP_SECONDS", "stop_seconds")
    )
    # Messages a second to one chat (kept across replicas with MIGBOT_REDIS_URL).
    rate_chat_per_second: float = Field(
        default=1, validation_alias=AliasChoices("MIGBOT_RATE_CHAT", "rate_chat_per_second")
    )
    # Updates handled at once (different chats only: each chat's updates keep their order).
    # While one reply travels to Telegram and back, the next chat's answer is computed.
    concurrent_updates: int = Field(
        default=4,
        ge=1,
        validation_alias=AliasChoices("MIGBOT_CONCURRENT_UPDATES", "concurrent_updates"),
    )
    # Per-chat state (the follow-up context) kept in memory: the most recent chats, each for
    # this many seconds after its last message.
    chats_in_memory: int = Field(
        default=10_000,
        ge=1,
        validation_alias=AliasChoices("MIGBOT_CHATS_IN_MEMORY", "chats_in_memory"),
    )
    chat_ttl: float = Field(
        default=24 * 3600, gt=0, validation_alias=AliasChoices("MIGBOT_CHAT_TTL", "chat_ttl")
    )
    # `migbot run --watch`: the ops hook (admin.register) reloads knowledge on file changes.
    watch: bool = Field(default=False, validation_alias=AliasChoices("MIGBOT_WATCH", "watch"))

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    def bot_token(self) -> str:
        """The token, checked for shape; ``SettingsError`` (never echoing it) otherwise."""
        if self.token is None or not self.token.get_secret_value().strip():
            raise SettingsError(
                "no bot token: set TELEGRAM_BOT_TOKEN (or BOT_TOKEN) in the environment or .env"
            )
        token = self.token.get_secret_value().strip()
        if not TOKEN_SHAPE.fullmatch(token):
            raise SettingsError(
                "malformed bot token in TELEGRAM_BOT_TOKEN/BOT_TOKEN: expected '<digits>:<secret>'"
            )
        return token
