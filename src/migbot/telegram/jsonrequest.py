"""Requests to the Bot API as one JSON body instead of a URL-encoded form.

python-telegram-bot posts parameters as ``application/x-www-form-urlencoded``, and
``urllib.parse.quote`` escapes an HTML card and its keyboard one byte at a time in Python:
about a millisecond of CPU per answer, more than composing it. The Bot API takes
``application/json`` just as well (its documented alternative for requests without
files), and ``json.dumps`` does the same work in C. Uploads still go as multipart.

Transport failures are told apart by whether Telegram can have acted on the request
(``migbot.telegram.delivery`` retries the first kind only): ``NotSent`` when no complete
request reached it (no connection, connection pool full, the body not fully written),
``ResponseLost`` when the request went out and no answer came back.
"""

from __future__ import annotations

import json

import httpx
from telegram._utils.defaultvalue import DefaultValue  # PTB's own types for these
from telegram._utils.types import ODVInput
from telegram.error import NetworkError
from telegram.request import BaseRequest, HTTPXRequest, RequestData


class NotSent(NetworkError):
    """Telegram cannot have received the request: sending it again is safe."""


class ResponseLost(NetworkError):
    """The request went out but its answer did not come back: Telegram may have acted on it."""


# Failures while connecting or writing the request: Telegram never had all of it.
_BEFORE_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.WriteError, httpx.WriteTimeout)

JSON_HEADERS = {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}


class JsonRequest(HTTPXRequest):
    """``HTTPXRequest`` that sends the parameters as JSON; errors map as PTB maps them."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        default = self._client.timeout
        timeout = httpx.Timeout(
            connect=_given(connect_timeout, default.connect),
            read=_given(read_timeout, default.read),
            write=_given(write_timeout, default.write),
            pool=_given(pool_timeout, default.pool),
        )
        body = json.dumps(request_data.parameters, ensure_ascii=False).encode("utf-8")
        try:
            response = await self._client.request(
                method=method, url=url, headers=JSON_HEADERS, timeout=timeout, content=body
            )
        except httpx.PoolTimeout as err:
            raise NotSent(
                "Pool timeout: All connections in the connection pool are occupied. "
                "Request was *not* sent to Telegram."
            ) from err
        except _BEFORE_SENT as err:  # an incomplete request is never acted on
            raise NotSent(f"httpx.{type(err).__name__}: {err}") from err
        except httpx.HTTPError as err:  # read errors and timeouts, protocol errors
            raise ResponseLost(f"httpx.{type(err).__name__}: {err}") from err
        return response.status_code, response.content


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout the caller gave, else the client's (PTB's rule in ``HTTPXRequest``)."""
    return default if isinstance(value, DefaultValue) else value
