"""Settings of every migbot command: the environment, or a ``.env`` file in the working folder.

Only ``MIGBOT_*``, ``TELEGRAM_BOT_TOKEN`` / ``BOT_TOKEN`` and ``TELEGRAM_API_BASE_URL`` are
read: each field names its variables once (``validation_alias``), and fields are not matched
by their own names, so another program's ``TOKEN`` or ``KNOWLEDGE`` is never picked up.
Code builds settings from field names with ``Settings.of(...)``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# "<bot id>:<secret>" as BotFather hands it out; checked before any request is made.
TOKEN_SHAPE = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{1,200}")


class SettingsError(Exception):
    """A setting that stops the bot from starting; its message is one line, token-free."""


def env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    # populate_by_name stays off: with it, pydantic-settings also reads each field's own
    # name from the environment (TOKEN, KNOWLEDGE, WEBHOOK_URL...).
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    token: SecretStr | None = Field(
        default=None,
        validation_alias=env("TELEGRAM_BOT_TOKEN", "BOT_TOKEN"),
        description="the bot's token from @BotFather",
    )
    api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias=env("TELEGRAM_API_BASE_URL"),
        description="Bot API address (a self-hosted Bot API server or a proxy)",
    )
    knowledge: str | None = Field(
        default=None,
        validation_alias=env("MIGBOT_KNOWLEDGE"),
        description="knowledge folder (default: the bundled one)",
    )
    admins: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        validation_alias=env("MIGBOT_ADMINS"),
        description="user ids allowed /reload, /stats, /inbox, e.g. 1234,5678",
    )
    inbox: str | None = Field(
        default=None,
        validation_alias=env("MIGBOT_INBOX"),
        description="unanswered-question inbox: a SQLite file, or off "
        "(default inbox.sqlite3 in the state directory)",
    )
    # Several replicas: chat state, handled updates and the flood budget in Redis, the
    # inbox in PostgreSQL. Unset: in memory and in the state dir (one process).
    redis_url: SecretStr | None = Field(
        default=None,
        validation_alias=env("MIGBOT_REDIS_URL"),
        description="Redis shared by replicas (chat state, handled updates, flood budget)",
    )
    database_url: SecretStr | None = Field(
        default=None,
        validation_alias=env("MIGBOT_DATABASE_URL"),
        description="PostgreSQL for the inbox (postgresql://...); unset: SQLite",
    )
    state_dir: str | None = Field(
        default=None,
        validation_alias=env("MIGBOT_STATE_DIR"),
        description="where the inbox, the delivery journal and the inbox key live "
        "(default $XDG_STATE_HOME/migbot)",
    )
    inbox_key: SecretStr | None = Field(
        default=None,
        validation_alias=env("MIGBOT_INBOX_KEY"),
        description="key of the inbox's chat hashes (default: a 0600 key file in the state dir)",
    )
    inbox_retention_days: float = Field(
        default=90,
        gt=0,
        validation_alias=env("MIGBOT_INBOX_RETENTION_DAYS"),
        description="days an unanswered question is kept",
    )
    webhook_url: str | None = Field(
        default=None,
        validation_alias=env("MIGBOT_WEBHOOK_URL"),
        description="public HTTPS address of the webhook; unset: long polling",
    )
    webhook_listen: str = Field(
        default="127.0.0.1",
        validation_alias=env("MIGBOT_WEBHOOK_LISTEN"),
        description="address the webhook server binds (behind a reverse proxy)",
    )
    webhook_port: int = Field(
        default=8080, validation_alias=env("MIGBOT_WEBHOOK_PORT"), description="webhook port"
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        validation_alias=env("MIGBOT_WEBHOOK_SECRET"),
        description="secret Telegram sends with each update (required for several replicas)",
    )
    # Updates Telegram POSTs at once (setWebhook max_connections), and in hand at most.
    webhook_connections: int = Field(
        default=40,
        ge=1,
        le=100,
        validation_alias=env("MIGBOT_WEBHOOK_CONNECTIONS"),
        description="updates in hand at once in webhook mode (setWebhook max_connections)",
    )
    metrics_listen: str = Field(
        default="127.0.0.1",
        validation_alias=env("MIGBOT_METRICS_LISTEN"),
        description="address of the /metrics server when MIGBOT_METRICS_PORT is set",
    )
    metrics_port: int | None = Field(
        default=None,
        validation_alias=env("MIGBOT_METRICS_PORT"),
        description="serve /metrics on a server of its own at this port "
        "(unset: on the webhook server)",
    )
    # AIORateLimiter: Telegram's documented flood limits by default; 0 turns a limit off
    # (the test suite and the benchmark do that so the fake server is not throttled).
    rate_overall_per_second: float = Field(
        default=30, validation_alias=env("MIGBOT_RATE_OVERALL"), description="messages/s overall"
    )
    rate_group_per_minute: float = Field(
        default=20, validation_alias=env("MIGBOT_RATE_GROUP"), description="messages/min a group"
    )
    rate_chat_per_second: float = Field(
        default=1,
        validation_alias=env("MIGBOT_RATE_CHAT"),
        description="messages/s to one chat (kept across replicas with MIGBOT_REDIS_URL)",
    )
    # How long one request to Telegram is retried (429s waited out, outages ridden through)
    # before its update is left unconfirmed for Telegram to deliver again.
    send_deadline: float = Field(
        default=300,
        gt=0,
        validation_alias=env("MIGBOT_SEND_DEADLINE"),
        description="seconds a message keeps being retried (429s waited out, outages)",
    )
    fetch_ahead: int = Field(
        default=100,
        ge=1,
        le=100,
        validation_alias=env("MIGBOT_FETCH_AHEAD"),
        description="polling: updates fetched ahead of those handled",
    )
    stop_seconds: float = Field(
        default=10,
        ge=0,
        validation_alias=env("MIGBOT_STOP_SECONDS"),
        description="SIGTERM: seconds the updates in hand get to finish",
    )
    # Updates handled at once (different chats only: each chat's updates keep their order).
    # While one reply travels to Telegram and back, the next chat's answer is computed.
    concurrent_updates: int = Field(
        default=4,
        ge=1,
        validation_alias=env("MIGBOT_CONCURRENT_UPDATES"),
        description="updates handled at once",
    )
    # Per-chat state (the follow-up context) kept in memory: the most recent chats, each for
    # this many seconds after its last message.
    chats_in_memory: int = Field(
        default=10_000,
        ge=1,
        validation_alias=env("MIGBOT_CHATS_IN_MEMORY"),
        description="chats whose follow-up context is kept in memory",
    )
    chat_ttl: float = Field(
        default=24 * 3600,
        gt=0,
        validation_alias=env("MIGBOT_CHAT_TTL"),
        description="seconds a chat's context is kept after its last message",
    )
    # `migbot run --watch`: the ops hook (admin.register) reloads knowledge on file changes.
    watch: bool = Field(
        default=False,
        validation_alias=env("MIGBOT_WATCH"),
        description="reload knowledge when its files change",
    )
    # A reload that loses more than this share of the records served is refused unless
    # forced (a folder that vanished, a half-finished checkout).
    reload_max_drop: float = Field(
        default=0.2,
        ge=0,
        le=1,
        validation_alias=env("MIGBOT_RELOAD_MAX_DROP"),
        description="largest share of records a reload may drop without /reload force",
    )
    startup_timeout: float = Field(
        default=30,
        gt=0,
        validation_alias=env("MIGBOT_STARTUP_TIMEOUT"),
        description="seconds `migbot run` keeps trying to reach the Bot API at start-up",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO",
        validation_alias=env("MIGBOT_LOG_LEVEL"),
        description="DEBUG, INFO, WARNING or ERROR",
    )

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @classmethod
    def of(cls, **values: Any) -> Settings:
        """Settings from field names (code and tests), validated like the environment's."""
        return cls.model_validate({env_name(name): value for name, value in values.items()})

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


def env_name(field: str) -> str:
    """The (first) environment variable of a settings field: ``knowledge`` → MIGBOT_KNOWLEDGE."""
    alias = Settings.model_fields[field].validation_alias
    assert isinstance(alias, AliasChoices), field
    first = alias.choices[0]
    assert isinstance(first, str)
    return first


def load() -> Settings:
    """The settings of this process; ``SettingsError`` names bad ones, never their values."""
    try:
        return Settings()
    except ValidationError as exc:
        names = ", ".join(str(err["loc"][0]) for err in exc.errors() if err["loc"])
        raise SettingsError(f"invalid settings: {names}") from None
