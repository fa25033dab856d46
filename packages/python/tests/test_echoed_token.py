"""A server or proxy that echoes the request in its error body (its Authorization header, or the token in a message)
must not put the token into the exception the caller logs (its message, its body, its every rendering) nor into the
SDK's own log lines. A success that quotes the token is the caller's data, returned as it came. As @coze/runtime's
test/echoed-token.test.ts, for the sync and the async client."""

from __future__ import annotations

import collections
import json
import logging
from collections.abc import AsyncIterator, Awaitable
from typing import Any, Callable, Union

import pytest

from coze import (
    APIConnectionError,
    APIError,
    AsyncCozeAPI,
    CozeAPI,
    CozeError,
    StreamParseError,
    UnexpectedResponseError,
)
from coze._runtime import Operation
from coze.types import ChatMessageParam
from tests.http_server import LocalServer, Reply, Request
from tests.test_secrets import everything_about

TOKEN = "sk-SECRET-TOKEN-123456"
ROTATED = "sk-ROTATED-TOKEN-654321"
HI: list[ChatMessageParam] = [{"role": "user", "content": "你好"}]
Client = Union[CozeAPI, AsyncCozeAPI]
Body = Callable[[str], str]

ECHOES: list[tuple[int, str, Body]] = [
    (401, "application/json", lambda auth: json.dumps({"code": "unauthorized", "message": f"bad token {auth}"})),
    (
        400,
        "application/json",
        lambda auth: json.dumps({"code": "bad_request", "message": "no", "details": f"you sent {auth}"}),
    ),
    (502, "text/plain", lambda auth: f"upstream refused {auth}"),
]


class Echo:
    """Local servers that answer every request with one status and a body quoting its Authorization header (and a
    Retry-After of 0, so a retry does not wait), and the clients (of the test's flavour) pointed at them."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.servers: list[LocalServer] = []
        self.clients: list[Client] = []

    def server(self, status: int, content_type: str, body: Body) -> LocalServer:
        def handler(request: Request, server: LocalServer) -> Reply:
            text = body(request.headers.get("authorization", ""))
            headers = {"content-type": content_type, "x-request-id": "req_echo", "retry-after": "0"}
            return Reply(status, headers, text.encode())

        local = LocalServer(handler)
        self.servers.append(local)
        return local

    def client(self, server: LocalServer, api_key: Any = TOKEN, **options: Any) -> Client:
        cls = CozeAPI if self.flavour == "sync" else AsyncCozeAPI
        client = cls(api_key=api_key, base_url=server.url, **{"max_retries": 0, "rate_limit": False, **options})
        self.clients.append(client)
        return client


@pytest.fixture(params=["sync", "async"])
async def echo(request: pytest.FixtureRequest) -> AsyncIterator[Echo]:
    made = Echo(request.param)
    yield made
    for client in made.clients:
        await call(client.close())
    for server in made.servers:
        server.close()


async def call(result: Union[Any, Awaitable[Any]]) -> Any:
    return await result if isinstance(result, Awaitable) else result


async def failure(calling: Callable[[], Union[Any, Awaitable[Any]]]) -> APIError:
    with pytest.raises(APIError) as caught:
        await call(calling())
    return caught.value


async def streamed(client: Client) -> list[Any]:
    if isinstance(client, AsyncCozeAPI):
        return [event async for event in client.chat.stream(messages=HI)]
    return list(client.chat.stream(messages=HI))


async def drained(client: Client) -> None:
    """Reads a chat stream to its end keeping no event, so that no frame of the test holds one either."""
    if isinstance(client, CozeAPI):
        collections.deque(client.chat.stream(messages=HI), maxlen=0)
        return
    events = client.chat.stream(messages=HI).__aiter__()
    try:
        while True:
            await events.__anext__()
    except StopAsyncIteration:
        return


def assert_redacted(error: APIError, caplog: pytest.LogCaptureFixture, token: str = TOKEN) -> None:
    """The token in no rendering of the error (str, repr, traceback with its locals, pickle), in none of its
    attributes and in no log line; what the server said is kept, with the token replaced."""
    assert token not in everything_about(error)
    for name, value in vars(error).items():
        assert token not in repr(value), name
    assert token not in json.dumps(error.body)
    assert caplog.records and token not in caplog.text
    assert "Bearer [REDACTED]" in error.message


@pytest.mark.parametrize(("status", "content_type", "body"), ECHOES)
async def test_an_error_body_that_quotes_the_token_is_redacted(
    echo: Echo, caplog: pytest.LogCaptureFixture, status: int, content_type: str, body: Body
) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    server = echo.server(status, content_type, body)
    error = await failure(lambda: echo.client(server, log_level="debug").chat.create(messages=HI))
    assert error.status == status and error.request_id == "req_echo"
    assert_redacted(error, caplog)
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_the_details_keep_what_the_server_said(echo: Echo) -> None:
    server = echo.server(*ECHOES[1])
    error = await failure(lambda: echo.client(server).chat.create(messages=HI))
    assert error.details == "you sent Bearer [REDACTED]"
    assert error.body == {"code": "bad_request", "message": "no", "details": "you sent Bearer [REDACTED]"}
    assert str(error) == "400 no: you sent Bearer [REDACTED]"


async def test_a_plain_text_body_is_redacted_too(echo: Echo) -> None:
    server = echo.server(*ECHOES[2])
    error = await failure(lambda: echo.client(server).chat.create(messages=HI))
    assert (error.body, str(error)) == ("upstream refused Bearer [REDACTED]", "502 upstream refused Bearer [REDACTED]")


async def test_a_stream_whose_opening_answer_is_an_error(echo: Echo, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    server = echo.server(*ECHOES[0])
    error = await failure(lambda: streamed(echo.client(server, log_level="debug")))
    assert error.status == 401
    assert_redacted(error, caplog)


async def test_the_token_a_key_function_gave_that_call_is_redacted(
    echo: Echo, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    server = echo.server(*ECHOES[0])
    error = await failure(
        lambda: echo.client(server, api_key=lambda: ROTATED, log_level="debug").chat.create(messages=HI)
    )
    assert_redacted(error, caplog, ROTATED)
    assert str(error) == "401 bad token Bearer [REDACTED]"


async def test_each_attempt_redacts_its_own_token(echo: Echo) -> None:
    # A key function that rotates: the body of the last attempt quotes the token of that attempt.
    tokens = iter([TOKEN, ROTATED])
    server = echo.server(*ECHOES[2])
    client = echo.client(server, api_key=lambda: next(tokens), max_retries=1)
    error = await failure(lambda: client.chat.create(messages=HI))
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {TOKEN}", f"Bearer {ROTATED}"]
    assert str(error) == "502 upstream refused Bearer [REDACTED]"


async def test_a_token_of_six_characters_is_redacted_and_a_shorter_one_is_not(echo: Echo) -> None:
    # A token of a few characters would blank every such run of letters in the body; no real key is that short.
    server = echo.server(
        400, "application/json", lambda auth: json.dumps({"code": "bad_request", "message": f"got {auth}"})
    )
    six = await failure(lambda: echo.client(server, api_key="abcdef").chat.create(messages=HI))
    five = await failure(lambda: echo.client(server, api_key="abcde").chat.create(messages=HI))
    assert (str(six), str(five)) == ("400 got Bearer [REDACTED]", "400 got Bearer abcde")


async def test_error_headers_that_quote_the_token_are_redacted(echo: Echo, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")

    def handler(request: Request, server: LocalServer) -> Reply:
        auth = request.headers.get("authorization", "")
        headers = {
            "content-type": "application/json",
            "x-request-id": "req_echo",
            "x-echo": auth,
            "www-authenticate": f'Bearer error="invalid_token", token="{auth[len("Bearer ") :]}"',
        }
        return Reply(401, headers, json.dumps({"code": "unauthorized", "message": "no"}).encode())

    server = LocalServer(handler)
    echo.servers.append(server)
    error = await failure(lambda: echo.client(server, log_level="debug").chat.create(messages=HI))
    assert error.headers["x-echo"] == "Bearer [REDACTED]"
    assert error.headers["www-authenticate"] == 'Bearer error="invalid_token", token="[REDACTED]"'
    assert error.request_id == "req_echo"
    assert TOKEN not in everything_about(error)
    for name, value in vars(error).items():
        assert TOKEN not in repr(value), name
    assert caplog.records and TOKEN not in caplog.text


async def test_a_success_whose_headers_quote_the_token_keeps_them(echo: Echo) -> None:
    def handler(request: Request, server: LocalServer) -> Reply:
        headers = {"content-type": "application/json", "x-echo": request.headers.get("authorization", "")}
        body = {"id": "chat_1", "content": "hi", "created": 1, "model": "m"}
        return Reply(200, headers, json.dumps(body).encode())

    server = LocalServer(handler)
    echo.servers.append(server)
    raw = await call(echo.client(server).chat.with_raw_response.create(messages=HI))
    assert raw.headers["x-echo"] == f"Bearer {TOKEN}"


async def test_a_success_that_quotes_the_token_is_returned_as_it_came(echo: Echo) -> None:
    server = echo.server(200, "application/json", lambda auth: json.dumps({"echoed": auth}))
    op = Operation(id="thing.echo", method="GET", path="/thing", params=(), response=dict[str, str])
    assert await call(echo.client(server)._request(op, {})) == {"echoed": f"Bearer {TOKEN}"}


def stream_answer(event: str, data: str) -> Body:
    """A 200 event stream whose one event quotes the Authorization header (after a delta, so it opens fine)."""
    opening = 'event: chat.message.delta\ndata: {"id":"chat_1","delta":"hi"}\n\n'
    return lambda auth: f"{opening}event: {event}\ndata: {data.replace('AUTH', auth)}\n\n"


@pytest.mark.parametrize("api_key", [TOKEN, lambda: ROTATED], ids=["string", "function"])
async def test_a_stream_error_event_that_quotes_the_token_is_redacted(
    echo: Echo, caplog: pytest.LogCaptureFixture, api_key: Any
) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    token = TOKEN if isinstance(api_key, str) else ROTATED
    body = stream_answer("error", '{"code":500,"message":"upstream refused AUTH"}')
    server = echo.server(200, "text/event-stream", body)
    error = await failure(lambda: streamed(echo.client(server, api_key=api_key, log_level="debug")))
    assert error.status == 500
    assert str(error) == "500 upstream refused Bearer [REDACTED]"
    assert token not in everything_about(error)
    assert token not in caplog.text


async def test_a_malformed_stream_event_that_quotes_the_token_is_redacted(echo: Echo) -> None:
    server = echo.server(200, "text/event-stream", stream_answer("chat.message.delta", "{not json AUTH"))
    client = echo.client(server)
    with pytest.raises(StreamParseError) as caught:
        await streamed(client)
    assert TOKEN not in everything_about(caught.value)
    assert "Bearer [REDACTED]" in str(caught.value)


async def test_a_success_that_quotes_the_token_is_redacted_in_the_debug_log(
    echo: Echo, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    chat = {"id": "chat_1", "created": 1, "model": "m"}
    server = echo.server(200, "application/json", lambda auth: json.dumps({**chat, "content": f"you are {auth}"}))
    reply = await call(echo.client(server, log_level="debug").chat.create(messages=HI))
    # The data is the caller's, as it came; the log line about it is not.
    assert reply.content == f"you are Bearer {TOKEN}"
    assert "response body" in caplog.text and "you are Bearer [REDACTED]" in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("content_type", "body", "error_class"),
    [
        ("text/plain", lambda auth: f"welcome {auth}", UnexpectedResponseError),
        ("application/json", lambda auth: json.dumps({"data": None, "note": auth}), UnexpectedResponseError),
        ("application/json", lambda auth: f"{{not json {auth}", CozeError),
    ],
    ids=["not-json", "page-off-schema", "json-that-is-not"],
)
async def test_a_success_off_its_schema_that_quotes_the_token_is_in_no_rendering_of_the_error(
    echo: Echo, content_type: str, body: Body, error_class: type[CozeError]
) -> None:
    server = echo.server(200, content_type, body)
    with pytest.raises(CozeError) as caught:
        await call(echo.client(server).workflow.list())
    error = caught.value
    assert type(error) is error_class
    # The traceback with its locals too: the frames that read the body hold it (and what was made of it).
    assert TOKEN not in everything_about(error)
    assert TOKEN not in f"{vars(error)!r}"
    if isinstance(error, UnexpectedResponseError):
        assert "Bearer [REDACTED]" in error.snippet


async def test_a_stream_cut_off_after_an_event_that_quotes_the_token_keeps_it_out_of_the_traceback(
    echo: Echo,
) -> None:
    # The event is the caller's, as it came; the error raised after it does not show it in its frames' locals.
    server = echo.server(200, "text/event-stream", stream_answer("chat.message.delta", '{"id":"c","delta":"AUTH"}'))
    with pytest.raises(APIConnectionError, match="without its 'done' marker") as caught:
        await drained(echo.client(server))
    assert TOKEN not in everything_about(caught.value)
