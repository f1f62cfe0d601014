"""Requests go to the Bot API as JSON bodies; uploads stay multipart; errors map as PTB's."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from telegram import InputFile
from telegram.error import NetworkError
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter
from tgfake import FakeBotApi
from tgfake.driver import click, data_of, say

from migbot.telegram.jsonrequest import JsonRequest, NotSent, ResponseLost


async def test_the_bot_talks_json_and_passes_the_spec(fake: FakeBotApi, bot: Any) -> None:
    [home] = await say(fake, 4_001, "/start")
    await click(fake, home, data_of(home, "Cluster"))
    calls = [c for c in fake.calls if c.method != "getUpdates"]
    assert {"sendMessage", "editMessageText", "answerCallbackQuery"} <= {c.method for c in calls}
    assert all(c.json_body and c.ok for c in calls), [c for c in calls if not c.json_body]
    sent = fake.calls_of("sendMessage")[-1].params
    assert isinstance(sent["reply_markup"]["inline_keyboard"], list)  # an object, not a string


def transport(seen: list[httpx.Request], error: Exception | None = None) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if error is not None:
            raise error
        seen.append(request)
        return httpx.Response(200, json={"ok": True, "result": True})

    return httpx.MockTransport(handle)


def data(*params: tuple[str, Any]) -> RequestData:
    return RequestData([RequestParameter.from_input(name, value) for name, value in params])


async def test_parameters_go_as_one_json_object_with_their_types() -> None:
    seen: list[httpx.Request] = []
    request = JsonRequest(httpx_kwargs={"transport": transport(seen)})
    await request.initialize()
    try:
        body = data(("chat_id", 5), ("text", "<b>a & b</b> ü"), ("reply_markup", {"k": [1]}))
        status, _ = await request.do_request("http://api.test/botT/sendMessage", "POST", body)
    finally:
        await request.shutdown()
    assert status == 200
    [sent] = seen
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content) == {
        "chat_id": 5,
        "text": "<b>a & b</b> ü",
        "reply_markup": {"k": [1]},
    }


async def test_uploads_still_go_as_multipart() -> None:
    seen: list[httpx.Request] = []
    request = JsonRequest(httpx_kwargs={"transport": transport(seen)})
    await request.initialize()
    try:
        body = data(("chat_id", 5), ("document", InputFile(b"bytes", filename="a.txt")))
        await request.do_request("http://api.test/botT/sendDocument", "POST", body)
    finally:
        await request.shutdown()
    assert seen[0].headers["content-type"].startswith("multipart/form-data")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (httpx.PoolTimeout("full"), NotSent),
        (httpx.ConnectError("refused"), NotSent),
        (httpx.ConnectTimeout("no answer to SYN"), NotSent),
        (httpx.ReadTimeout("slow"), ResponseLost),
        (httpx.RemoteProtocolError("dropped"), ResponseLost),
    ],
)
async def test_transport_errors_say_whether_telegram_can_have_acted(
    error: Exception, expected: type[Exception]
) -> None:
    request = JsonRequest(httpx_kwargs={"transport": transport([], error)})
    await request.initialize()
    try:
        with pytest.raises(expected) as raised:
            await request.do_request("http://api.test/botT/getMe", "POST", data(("x", 1)))
    finally:
        await request.shutdown()
    assert raised.type is expected
    assert isinstance(raised.value, NetworkError)  # PTB's callers still see a network error
