"""Bodies read whole are capped at ``max_response_bytes`` (32 MiB by default), as TypeScript caps them at
``maxResponseBytes``: a larger success is a ResponseTooLargeError, not retried; a larger error body keeps its error's
class with a note in its place, so a huge error page never becomes a huge message."""

from __future__ import annotations

import datetime
import gzip
import json
from collections.abc import Iterator
from typing import Any, Callable, Union

import httpx
import pytest

from coze import (
    AsyncCozeAPI,
    BadRequestError,
    CozeAPI,
    CozeError,
    InternalServerError,
    RequestValidationError,
    ResponseTooLargeError,
)
from tests.http_server import LocalServer, Reply, json_reply

BIG = 40 * 1024 * 1024  # beyond the 32 MiB default
Client = Union[CozeAPI, AsyncCozeAPI]
Serve = Callable[[Reply], LocalServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Starts a local server that gives every request one reply; each is closed after the test."""
    started: list[LocalServer] = []

    def start(reply: Reply) -> LocalServer:
        started.append(LocalServer(lambda _request, _server: reply))
        return started[-1]

    yield start
    for local in started:
        local.close()


async def outcome(flavour: str, call: Callable[[Client], Any], **options: Any) -> Any:
    """What ``call`` gives on a client of the flavour ("sync" or "async") made with ``options`` and closed after it:
    what it returned (awaited on the async client), or the exception it raised."""
    try:
        if flavour == "sync":
            with CozeAPI(**options) as client:
                return call(client)
        async with AsyncCozeAPI(**options) as aclient:
            return await call(aclient)
    except Exception as error:
        return error


def without_date(headers: httpx.Headers) -> list[tuple[str, str]]:
    """The headers in order, but for Date (two answers a second apart differ there)."""
    return [(name, value) for name, value in headers.multi_items() if name != "date"]


def chunked(size: int) -> Iterator[bytes]:
    """A body of ``size`` bytes without a Content-Length (the server closes the connection at its end)."""
    piece = b"x" * 65536
    for _ in range(size // len(piece)):
        yield piece


def test_an_error_body_beyond_the_default_limit_is_a_note(serve: Serve) -> None:
    local = serve(Reply(400, {"content-type": "text/html"}, b"<html>" + b"x" * BIG))
    with (
        CozeAPI(api_key="t", base_url=local.url, max_retries=0) as client,
        pytest.raises(BadRequestError) as caught,
    ):
        client.workflow.list()
    note = "(the response body is larger than max_response_bytes, 33554432 bytes)"
    assert str(caught.value) == f"400 {note}" and caught.value.body == note
    # Why the body is a note, as in TypeScript: the error's cause.
    cause = caught.value.__cause__
    assert isinstance(cause, ResponseTooLargeError) and (cause.status, cause.limit) == (400, 33554432)


async def test_an_async_error_body_without_a_length_is_cut_at_the_limit_too(serve: Serve) -> None:
    local = serve(Reply(500, {"content-type": "text/plain"}, chunked(1024 * 1024)))
    async with AsyncCozeAPI(api_key="t", base_url=local.url, max_retries=0, max_response_bytes=1000) as client:
        with pytest.raises(
            InternalServerError, match=r"^500 \(the response body is larger than max_response"
        ) as caught:
            await client.workflow.list()
    assert isinstance(caught.value.__cause__, ResponseTooLargeError) and caught.value.__cause__.limit == 1000


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_an_error_body_cut_off_is_a_note_with_the_reading_error_as_its_cause(flavour: str, serve: Serve) -> None:
    # 1000 bytes promised, 10 sent, then the connection closes.
    local = serve(Reply(502, {"content-type": "text/plain", "content-length": "1000"}, iter([b"x" * 10])))
    error = await outcome(
        flavour, lambda client: client.workflow.list(), api_key="secret-token-1", base_url=local.url, max_retries=0
    )
    assert isinstance(error, CozeError)
    assert str(error) == "502 (the response body was cut off)"
    assert isinstance(error.__cause__, httpx.RemoteProtocolError) and "secret-token-1" not in repr(error.__cause__)
    # httpx's own error holds the request and its headers; the cause is a copy without them.
    with pytest.raises(RuntimeError):
        error.__cause__.request  # noqa: B018


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_a_success_beyond_the_limit_is_refused_and_not_retried(flavour: str, serve: Serve) -> None:
    local = serve(json_reply({"data": [], "has_more": False, "next_cursor": "x" * 5000}))
    error = await outcome(
        flavour, lambda client: client.workflow.list(), api_key="t", base_url=local.url, max_response_bytes=4096
    )
    assert isinstance(error, ResponseTooLargeError)
    assert str(error) == (
        "The 200 response body is larger than max_response_bytes (4096 bytes, counted after decompression); "
        "reading stopped there. Raise max_response_bytes if such a body is expected."
    )
    assert (error.status, error.limit) == (200, 4096)
    assert len(local.requests) == 1


PAGE = {"data": [], "has_more": False, "next_cursor": "über"}
PAGE_JSON = json.dumps(PAGE).encode()
PLAIN = Reply(200, {"content-type": "application/json; charset=utf-8", "x-request-id": "r1"}, PAGE_JSON)
GZIPPED = PLAIN._replace(headers={**PLAIN.headers, "content-encoding": "gzip"}, body=gzip.compress(PAGE_JSON))


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("reply", [PLAIN, GZIPPED], ids=["plain", "gzip"])
async def test_a_body_within_the_limit_is_kept_on_the_raw_response_as_httpx_reads_it(
    flavour: str, reply: Reply, serve: Serve
) -> None:
    # The raw response of a capped read answers as httpx's own response.read() leaves one: decoded once.
    local = serve(reply)
    raw = await outcome(
        flavour, lambda client: client.workflow.with_raw_response.list(), api_key="t", base_url=local.url
    )
    assert raw.parse().next_cursor == "über"
    ours = raw.http_response
    theirs = httpx.get(ours.request.url)
    read = (PAGE_JSON, PAGE_JSON.decode(), PAGE)
    assert (ours.content, ours.text, ours.json()) == (theirs.content, theirs.text, theirs.json()) == read
    assert without_date(ours.headers) == without_date(theirs.headers)
    assert (ours.status_code, ours.reason_phrase, ours.http_version, ours.encoding) == (200, "OK", "HTTP/1.1", "utf-8")
    assert (ours.is_closed, ours.is_stream_consumed, ours.history) == (True, True, [])
    assert ours.url == ours.request.url == theirs.url and ours.request.method == "GET"
    assert isinstance(ours.elapsed, datetime.timedelta)
    assert [chunk for chunk in ours.iter_bytes()] == [theirs.content]


def test_a_long_message_in_a_json_error_is_cut_as_in_typescript(serve: Serve) -> None:
    body = json.dumps({"code": 400, "message": "m" * 1_000_000, "details": "d" * 1_000_000}).encode()
    local = serve(Reply(400, {"content-type": "application/json"}, body))
    with CozeAPI(api_key="t", base_url=local.url) as client, pytest.raises(BadRequestError) as caught:
        client.workflow.list()
    assert str(caught.value) == f"400 {'m' * 500}…: {'d' * 500}…"
    assert len(caught.value.details) == 1_000_000  # the body's fields stay whole


@pytest.mark.parametrize("value", [0, -1, 1.5, "1000", True])
def test_max_response_bytes_is_checked(value: object) -> None:
    with pytest.raises(CozeError, match=r"^max_response_bytes must be a whole number of bytes above 0; got "):
        CozeAPI(api_key="t", max_response_bytes=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_a_call_sets_its_own_limit_above_or_below_the_clients(flavour: str, serve: Serve) -> None:
    local = serve(json_reply({"data": [], "has_more": False, "next_cursor": "x" * 5000}))
    options = {"api_key": "t", "base_url": local.url, "max_response_bytes": 4096}
    # Above the client's: this call's body is read; below it, refused.
    above = await outcome(flavour, lambda client: client.workflow.list(max_response_bytes=10_000), **options)
    below = await outcome(
        flavour, lambda client: client.workflow.with_raw_response.list(max_response_bytes=100), **options
    )
    assert above.has_more is False
    assert isinstance(below, ResponseTooLargeError) and below.limit == 100
    assert len(local.requests) == 2


@pytest.mark.parametrize("value", [0, 2.5, "1000"])
def test_a_calls_limit_is_checked_before_anything_is_sent(value: object, serve: Serve) -> None:
    local = serve(json_reply({}))
    with CozeAPI(api_key="t", base_url=local.url) as client, pytest.raises(RequestValidationError) as caught:
        client.chat.create(messages=[{"role": "user", "content": "hi"}], max_response_bytes=value)  # type: ignore[call-overload]
    assert [(issue.field, issue.rule) for issue in caught.value.issues] == [("max_response_bytes", "option")]
    assert local.requests == []
