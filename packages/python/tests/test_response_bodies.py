"""A success answer is read as the operation's response: an empty body where the spec promises one is an
UnexpectedResponseError (never None passed off as the data), while an operation whose spec answers without a body
still returns None."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coze import AsyncCozeAPI, CozeAPI, CozeError, UnexpectedResponseError
from coze._runtime import Operation
from tests.http_server import LocalServer, Reply, Request

MESSAGES: list = [{"role": "user", "content": "你好"}]  # type: ignore[type-arg]


@pytest.fixture
def empty() -> Iterator[LocalServer]:
    def handler(request: Request, server: LocalServer) -> Reply:
        return Reply(200, {"content-type": "application/json", "x-request-id": "req_empty"}, b"")

    local = LocalServer(handler)
    yield local
    local.close()


def test_an_empty_body_where_the_spec_promises_one_is_an_error(empty: LocalServer) -> None:
    with CozeAPI(api_key="t", base_url=empty.url) as client, pytest.raises(UnexpectedResponseError) as caught:
        client.chat.create(messages=MESSAGES)
    error = caught.value
    assert (error.status, error.request_id, error.content_type) == (200, "req_empty", "application/json")
    assert (
        str(error) == "Expected the JSON body of chat.create, but the 200 response is application/json: an empty body"
    )
    assert len(empty.requests) == 1  # an answer, not a failure to retry


async def test_the_async_client_raises_it_too(empty: LocalServer) -> None:
    async with AsyncCozeAPI(api_key="t", base_url=empty.url) as client:
        with pytest.raises(UnexpectedResponseError):
            await client.chat.create(messages=MESSAGES)


def test_an_operation_without_a_response_body_returns_none(empty: LocalServer) -> None:
    # As the generator writes an operation whose spec answers 204 with no content (codegen's tests check that).
    forget = Operation(id="thing.forget", method="DELETE", path="/thing", params=(), response=None)
    with CozeAPI(api_key="t", base_url=empty.url) as client:
        assert client._request(forget, {}) is None


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/plain; charset=utf-8", b"OK", UnexpectedResponseError),
        ("application/json", b'{"id":', CozeError),
    ],
)
def test_a_body_that_is_not_json_names_what_came(content_type: str, body: bytes, expected: type) -> None:
    # Text under a non-JSON type is not the data the operation promises (UnexpectedResponseError, quoting it, as in
    # TypeScript); broken JSON under a JSON type is a CozeError that says so.
    def handler(request: Request, server: LocalServer) -> Reply:
        return Reply(200, {"content-type": content_type}, body)

    local = LocalServer(handler)
    try:
        with CozeAPI(api_key="t", base_url=local.url) as client, pytest.raises(CozeError) as caught:
            client.chat.create(messages=MESSAGES)
    finally:
        local.close()
    assert type(caught.value) is expected
    if expected is UnexpectedResponseError:
        assert str(caught.value) == (
            'Expected the JSON body the operation promises, but the 200 response is text/plain; charset=utf-8: "OK"'
        )
    else:
        assert str(caught.value) == "The 200 response is not the JSON it claims to be."
