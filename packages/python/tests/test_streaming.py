"""Streamed chats against the embedded server (and, for raw edge cases, a local server): typed events, the two
helpers, error events, dropped and malformed streams, timeouts between events, and closing the connection."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from coze import (
    APIConnectionError,
    APITimeoutError,
    AsyncCozeAPI,
    ChatStream,
    CozeAPI,
    CozeError,
    InternalServerError,
    StreamParseError,
    UnexpectedResponseError,
)
from coze._gen.operations import CHAT_CREATE
from coze._runtime.streaming import EventReader
from coze.types import ChatCompletedEvent, ChatCreatedEvent, ChatMessageDeltaEvent
from tests.http_server import LocalServer, Reply, Request
from tests.mock import MockServer

MESSAGES: Any = [{"role": "user", "content": "你好"}]
ANSWER = "你好！You said: 你好"


def test_typed_events(coze: CozeAPI, server: MockServer) -> None:
    with coze.chat.stream(messages=MESSAGES) as stream:
        assert isinstance(stream, ChatStream)
        assert stream.response.status_code == 200 and stream.request_id
        events = list(stream)
    assert isinstance(events[0], ChatCreatedEvent)
    assert all(isinstance(e, ChatMessageDeltaEvent) for e in events[1:-1])
    assert isinstance(events[-1], ChatCompletedEvent) and events[-1].data.content == ANSWER
    assert "".join(e.data.delta for e in events if isinstance(e, ChatMessageDeltaEvent)) == ANSWER
    request = server.requests()[0]
    assert request["body"]["stream"] is True and request["headers"]["accept"] == "text/event-stream"


def test_text_deltas_and_final_chat(coze: CozeAPI) -> None:
    assert "".join(coze.chat.stream(messages=MESSAGES).text_deltas()) == ANSWER
    chat = coze.chat.stream(messages=MESSAGES, model="gpt-4").final_chat()
    assert chat.content == ANSWER and chat.model == "gpt-4"


def test_create_with_stream_true_streams_too(coze: CozeAPI) -> None:
    events = list(coze.chat.create(messages=MESSAGES, stream=True))
    assert events[-1].event == "chat.completed"


def test_a_stream_is_read_once(coze: CozeAPI) -> None:
    stream = coze.chat.stream(messages=MESSAGES)
    list(stream)
    with pytest.raises(CozeError, match="read once"):
        list(stream)


def test_an_error_event_raises_its_api_error(coze: CozeAPI) -> None:
    stream = coze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "stream-error=2"})
    seen = []
    with pytest.raises(InternalServerError) as caught:
        for event in stream:
            seen.append(event)
    assert len(seen) == 2 and caught.value.status == 500
    assert caught.value.request_id == stream.request_id


def test_a_dropped_stream_is_a_connection_error(coze: CozeAPI) -> None:
    with pytest.raises(APIConnectionError, match="after 2 event"):
        list(coze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "drop-stream=2"}))


def test_a_malformed_frame_is_a_parse_error(coze: CozeAPI) -> None:
    with pytest.raises(StreamParseError) as caught:
        list(coze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "malformed-stream=1"}))
    assert "is not JSON" in str(caught.value)


def test_retries_happen_before_the_stream_opens(coze: CozeAPI, server: MockServer) -> None:
    server.fault({"status": 503, "retryAfter": "0"}, times=1, path="/chat")
    assert "".join(coze.chat.stream(messages=MESSAGES).text_deltas()) == ANSWER
    keys = {r["headers"]["idempotency-key"] for r in server.requests()}
    assert len(server.requests()) == 2 and len(keys) == 1


def test_a_drop_after_events_is_not_retried(coze: CozeAPI, server: MockServer) -> None:
    with pytest.raises(APIConnectionError):
        list(coze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "drop-stream=1"}))
    assert len(server.requests()) == 1


@pytest.fixture
def slow_stream() -> Iterator[LocalServer]:
    """One event, then nothing until the client goes away."""

    def handler(request: Request, server: LocalServer) -> Reply:
        def body() -> Iterator[bytes]:
            yield b'event: chat.created\ndata: {"id": "chat_1", "created": 1, "model": "m"}\n\n'
            server.disconnected.wait(10)

        return Reply(200, {"content-type": "text/event-stream"}, body())

    local = LocalServer(handler)
    yield local
    local.disconnected.set()
    local.close()


def test_the_wait_between_events_times_out(slow_stream: LocalServer) -> None:
    with CozeAPI(api_key="t", base_url=slow_stream.url, timeout=0.3) as client:
        stream = client.chat.stream(messages=MESSAGES)
        seen = []
        with pytest.raises(APITimeoutError, match="after 1 event"):
            for event in stream:
                seen.append(event)
        assert len(seen) == 1


def test_closing_the_stream_closes_the_connection() -> None:
    closed = threading.Event()

    def handler(request: Request, server: LocalServer) -> Reply:
        def body() -> Iterator[bytes]:
            yield b'event: chat.created\ndata: {"id": "chat_1", "created": 1, "model": "m"}\n\n'
            # Keep writing until the client's side is gone: a write then fails.
            for _ in range(200):
                time.sleep(0.05)
                yield b": ping\n\n"
            closed.set()  # never reached when the client closed: the loop ends by the broken pipe

        return Reply(200, {"content-type": "text/event-stream"}, body())

    local = LocalServer(handler)
    try:
        with CozeAPI(api_key="t", base_url=local.url) as client:
            with client.chat.stream(messages=MESSAGES) as stream:
                first = next(iter(stream))
                assert first.event == "chat.created"
            assert stream.response.is_closed
            assert local.disconnected.wait(10), "the server never saw the connection close"
            assert not closed.is_set()
    finally:
        local.close()


def test_breaking_out_of_the_loop_closes_the_connection(coze: CozeAPI) -> None:
    stream = coze.chat.stream(messages=MESSAGES)
    for _ in stream:
        break
    assert stream.response.is_closed


async def test_async_stream_events_and_helpers(acoze: AsyncCozeAPI) -> None:
    events = [event async for event in acoze.chat.stream(messages=MESSAGES)]
    assert events[0].event == "chat.created" and events[-1].event == "chat.completed"
    assert "".join([t async for t in acoze.chat.stream(messages=MESSAGES).text_deltas()]) == ANSWER
    assert (await acoze.chat.stream(messages=MESSAGES).final_chat()).content == ANSWER
    streamed = await acoze.chat.create(messages=MESSAGES, stream=True)
    assert [e.event async for e in streamed][-1] == "chat.completed"


async def test_async_stream_opens_on_await_and_closes_on_exit(acoze: AsyncCozeAPI) -> None:
    async with acoze.chat.stream(messages=MESSAGES) as stream:
        assert stream.response.status_code == 200
        async for event in stream:
            assert event.event == "chat.created"
            break
    assert stream.response.is_closed


async def test_async_stream_errors(acoze: AsyncCozeAPI) -> None:
    with pytest.raises(InternalServerError):
        async for _ in acoze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "stream-error=1"}):
            pass
    with pytest.raises(APIConnectionError):
        async for _ in acoze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "drop-stream=1"}):
            pass
    with pytest.raises(StreamParseError):
        async for _ in acoze.chat.stream(messages=MESSAGES, extra_headers={"x-mock-fault": "malformed-stream=0"}):
            pass


def test_a_stream_that_ends_without_its_done_marker_was_cut_off() -> None:
    def handler(request: Request, server: LocalServer) -> Reply:
        frames = [
            b'event: chat.created\ndata: {"id": "chat_1", "created": 1, "model": "m"}\n\n',
            b'event: chat.message.delta\ndata: {"id": "chat_1", "delta": "hi"}\n\n',
        ]
        return Reply(200, {"content-type": "text/event-stream"}, iter(frames))

    local = LocalServer(handler)
    try:
        with CozeAPI(api_key="t", base_url=local.url) as client:
            seen = []
            with pytest.raises(APIConnectionError, match="ended after 2 event\\(s\\) without its 'done' marker"):
                for event in client.chat.stream(messages=MESSAGES):
                    seen.append(event.event)
            assert seen == ["chat.created", "chat.message.delta"]
    finally:
        local.close()


CREATED = b'event: chat.created\ndata: {"id": "chat_1", "created": 1, "model": "m"}\n\n'
DELTA = b'event: chat.message.delta\ndata: {"id": "chat_1", "delta": "hi"}\n\n'
DONE = b"event: done\ndata: [DONE]\n\n"


@pytest.fixture(
    params=[
        (b'event: error\ndata: {"code": 500, "message": "boom"}\n\n', InternalServerError),
        (b"event: chat.message.delta\ndata: {not json\n\n", StreamParseError),
        (b"event: chat.someday\ndata: {not json\n\n", StreamParseError),
    ],
    ids=["error-event", "malformed-frame", "malformed-unknown-event"],
)
def one_write(request: pytest.FixtureRequest) -> Iterator[tuple[LocalServer, type[Exception]]]:
    """A stream whose events all arrive in one write (one chunk): two events, a failure, the end marker."""
    failure, expected = request.param

    def handler(request: Request, server: LocalServer) -> Reply:
        return Reply(200, {"content-type": "text/event-stream"}, CREATED + DELTA + failure + DONE)

    local = LocalServer(handler)
    yield local, expected
    local.close()


def test_events_before_a_failure_in_the_same_chunk_are_yielded_first(
    one_write: tuple[LocalServer, type[Exception]],
) -> None:
    local, expected = one_write
    seen = []
    with CozeAPI(api_key="t", base_url=local.url) as client, pytest.raises(expected):
        for event in client.chat.stream(messages=MESSAGES):
            seen.append(event.event)
    assert seen == ["chat.created", "chat.message.delta"]


async def test_async_events_before_a_failure_in_the_same_chunk_are_yielded_first(
    one_write: tuple[LocalServer, type[Exception]],
) -> None:
    local, expected = one_write
    seen = []
    async with AsyncCozeAPI(api_key="t", base_url=local.url) as client:
        with pytest.raises(expected):
            async for event in client.chat.stream(messages=MESSAGES):
                seen.append(event.event)
    assert seen == ["chat.created", "chat.message.delta"]


NOT_STREAMS = [
    (
        "text/html; charset=utf-8",
        b"<html><body>Sign in</body></html>",
        "Expected a text/event-stream response, but the 200 response is text/html; charset=utf-8: "
        '"<html><body>Sign in</body></html>"',
    ),
    (
        "application/json",
        b'{"id": "chat_1"}',
        'Expected a text/event-stream response, but the 200 response is application/json: "{\\"id\\": \\"chat_1\\"}"',
    ),
    (
        "application/json",
        b"",
        "Expected a text/event-stream response, but the 200 response is application/json: an empty body",
    ),
]


@pytest.fixture(params=NOT_STREAMS, ids=["html", "json", "empty"])
def not_a_stream(request: pytest.FixtureRequest) -> Iterator[tuple[LocalServer, str]]:
    """A 200 to a stream request that is not an event stream (a proxy's login page, JSON, nothing)."""
    content_type, body, message = request.param

    def handler(request: Request, server: LocalServer) -> Reply:
        return Reply(200, {"content-type": content_type, "x-request-id": "req_page"}, body)

    local = LocalServer(handler)
    yield local, message
    local.close()


def test_a_success_that_is_not_an_event_stream_is_an_unexpected_response(not_a_stream: tuple[LocalServer, str]) -> None:
    # Not a connection that was cut off: nothing a retry would change.
    local, message = not_a_stream
    with CozeAPI(api_key="t", base_url=local.url) as client, pytest.raises(UnexpectedResponseError) as caught:
        list(client.chat.stream(messages=MESSAGES))
    assert str(caught.value) == message
    assert (caught.value.status, caught.value.request_id) == (200, "req_page")
    assert len(local.requests) == 1


async def test_async_a_success_that_is_not_an_event_stream_is_an_unexpected_response(
    not_a_stream: tuple[LocalServer, str],
) -> None:
    local, message = not_a_stream
    async with AsyncCozeAPI(api_key="t", base_url=local.url) as client:
        with pytest.raises(UnexpectedResponseError) as caught:
            async for _ in client.chat.stream(messages=MESSAGES):
                pass
    assert str(caught.value) == message


def test_an_event_stream_under_another_type_is_still_read() -> None:
    def handler(request: Request, server: LocalServer) -> Reply:
        return Reply(200, {"content-type": "text/plain"}, CREATED + DELTA + DONE)

    local = LocalServer(handler)
    try:
        with CozeAPI(api_key="t", base_url=local.url) as client:
            assert [event.event for event in client.chat.stream(messages=MESSAGES)] == [
                "chat.created",
                "chat.message.delta",
            ]
    finally:
        local.close()


def test_the_events_of_a_chunk_are_made_as_the_caller_takes_them() -> None:
    # A list of a chunk's hundreds of typed events, alive at once, made the garbage collector promote them: reading
    # ran at half a plain parser's speed. One at a time, each is gone before the next is made.
    frames = "".join(f'event: chat.message.delta\ndata: {{"id":"c","delta":"{n}"}}\n\n' for n in range(3))
    response = httpx.Response(200, headers={"content-type": "text/event-stream"})
    assert CHAT_CREATE.stream is not None
    reader = EventReader(CHAT_CREATE.stream, response)
    events = reader.feed(frames.encode())
    assert next(events).data.delta == "0" and reader.count == 1
    assert [event.data.delta for event in events] == ["1", "2"] and reader.count == 3
