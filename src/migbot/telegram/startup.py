"""Before ``migbot run`` starts: is the Bot API reachable, and does it accept the token?

Tried for ``MIGBOT_STARTUP_TIMEOUT`` seconds with backoff (a network that comes up a little
after the bot does is fine); then one line naming the host tried and the setting to check,
never the token. A refused token is not retried: no wait makes it valid.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlparse

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from migbot.settings import Settings, env_name
from migbot.telegram.logsafe import scrub

log = logging.getLogger(__name__)

EXIT_UNREACHABLE = 1
EXIT_REFUSED = 2


class StartupError(Exception):
    """Why the bot cannot start; ``str()`` is one line for the user, ``code`` the exit code."""

    def __init__(self, line: str, code: int) -> None:
        super().__init__(line)
        self.code = code


def host_of(settings: Settings) -> str:
    """The host (and port) of the Bot API address, without any credentials or path."""
    url = urlparse(settings.api_base_url)
    host = url.hostname or settings.api_base_url
    return f"{host}:{url.port}" if url.port else host


def refused(settings: Settings) -> StartupError:
    return StartupError(
        f"the Bot API at {host_of(settings)} refused the bot token: check "
        f"{env_name('token')} (BotFather's /token shows the current one)",
        EXIT_REFUSED,
    )


def unreachable(settings: Settings, seconds: float | None = None) -> StartupError:
    tried = f" (tried for {seconds:g} s)" if seconds is not None else ""
    return StartupError(
        f"cannot reach the Bot API at {host_of(settings)}{tried}: check "
        f"{env_name('api_base_url')} and the network; {env_name('startup_timeout')} sets how "
        "long to try",
        EXIT_UNREACHABLE,
    )


async def reach(settings: Settings) -> None:
    """Return once ``getMe`` succeeds; ``StartupError`` when refused or out of time."""
    timeout = settings.startup_timeout
    deadline = time.monotonic() + timeout
    request = HTTPXRequest(connect_timeout=min(5.0, timeout), read_timeout=min(10.0, timeout))
    bot = Bot(settings.bot_token(), base_url=settings.api_base_url, request=request)
    delay = 0.25
    try:
        while True:
            try:
                await bot.get_me()
                return
            except InvalidToken:
                raise refused(settings) from None
            except TelegramError as exc:  # unreachable, timed out, 5xx, not JSON: try again
                log.debug("Bot API not reachable yet: %s", scrub(str(exc)))
            left = deadline - time.monotonic()
            if left <= 0:
                raise unreachable(settings, timeout)
            await asyncio.sleep(min(delay, left))
            delay = min(delay * 2, 5.0)
    finally:
        await request.shutdown()
