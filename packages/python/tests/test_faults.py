"""The runtime's fault matrix against the embedded server's fault injection, for the sync and the async client:
what is retried, how often, after what wait, with which Idempotency-Key, and which typed error is left."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Any, Callable, Optional, Union

import pytest

from coze import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncCozeAPI,
    AuthenticationError,
    BadRequestError,
    CozeAPI,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from tests.mock import MockServer

MESSAGES = [{"role": "user", "content": "你好"}]
Client = Union[CozeAPI, AsyncCozeAPI]


@pytest.fixture(params=["sync", "async"])
async def make(request: pytest.FixtureRequest, server: MockServer) -> AsyncIterator[Callable[..., Client]]:
    """Makes clients of one flavour per test run (each test runs twice: sync, then async) and closes them."""
    made: list[Client] = []

    def factory(token: str = "admin", **options: Any) -> Client:
        cls = CozeAPI if request.param == "sync" else AsyncCozeAPI
        client = cls(api_key=server.tokens.get(token, token), base_url=server.url, **options)
        made.append(client)
        return client

    yield factory
    for client in made:
        await call(client.close())


async def call(result: Union[Any, Awaitable[Any]]) -> Any:
    return await result if isinstance(result, Awaitable) else result


async def chat(client: Client, **kwargs: Any) -> Any:
    return await call(client.chat.create(messages=MESSAGES, **kwargs))  # type: ignore[arg-type]


def gaps(server: MockServer, operation_id: Optional[str] = None) -> list[float]:
    """Seconds between consecutive attempts, as the server saw them."""
    times = [r["receivedAt"] / 1000 for r in server.requests(operation_id)]
    return [b - a for a, b in zip(times, times[1:])]


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 409])
async def test_retryable_statuses_are_retried_then_raised(
    make: Callable[..., Client], server: MockServer, status: int
) -> None:
    client = make()
    with pytest.raises(APIError) as caught:
        await chat(client, extra_headers={"x-mock-fault": f"status={status}; retry-after=0"})
    assert caught.value.status == status
    assert isinstance(caught.value, InternalServerError) == (status >= 500)
    assert len(server.requests()) == 3  # the first attempt and max_retries=2 retries


@pytest.mark.parametrize(
    ("status", "error_class", "token"),
    [
        (400, BadRequestError, "admin"),
        (401, AuthenticationError, "nobody"),
        (403, PermissionDeniedError, "read"),
        (404, NotFoundError, "admin"),
    ],
)
async def test_client_errors_are_not_retried(
    make: Callable[..., Client], server: MockServer, status: int, error_class: type[APIError], token: str
) -> None:
    client = make(token)
    with pytest.raises(error_class) as caught:
        if status == 404:
            await call(client.workflow.get(workflow_id="wf_missing"))
        elif status == 400:
            # The server's own check, past the client's (validation off): the 400 names the field and the rule.
            client_unchecked = make(token, validate_requests=False)
            await chat(client_unchecked, temperature=5)
        else:
            await chat(client)
    assert caught.value.status == status and caught.value.code == status
    assert caught.value.request_id is not None and caught.value.request_id.startswith("req_")
    assert len(server.requests()) == 1
    if status == 400:
        assert "temperature" in str(caught.value.details)


async def test_a_recovered_failure_returns_the_data(make: Callable[..., Client], server: MockServer) -> None:
    server.fault({"status": 503, "retryAfter": "0"}, times=2, path="/chat")
    result = await chat(make())
    assert result.content == "你好！You said: 你好"
    keys = [r["headers"]["idempotency-key"] for r in server.requests()]
    assert len(keys) == 3 and len(set(keys)) == 1 and keys[0].startswith("coze-")


async def test_each_logical_call_has_its_own_idempotency_key(make: Callable[..., Client], server: MockServer) -> None:
    client = make()
    await chat(client)
    await chat(client)
    await call(client.workflow.list())
    first, second, listing = server.requests()
    assert first["headers"]["idempotency-key"] != second["headers"]["idempotency-key"]
    assert "idempotency-key" not in listing["headers"]


async def test_the_callers_idempotency_key_wins(make: Callable[..., Client], server: MockServer) -> None:
    server.fault({"status": 500}, times=1, path="/chat")
    await chat(make(), idempotency_key="my-key-1")
    assert [r["headers"]["idempotency-key"] for r in server.requests()] == ["my-key-1", "my-key-1"]


async def test_429_with_retry_after_waits_that_long(make: Callable[..., Client], server: MockServer) -> None:
    server.fault({"status": 429, "retryAfter": "1"}, times=1, path="/chat")
    await chat(make(rate_limit=False))
    assert len(server.requests()) == 2
    # Lower bounds only, with room for the first attempt's new connection reaching the server later than the second.
    assert gaps(server)[0] >= 0.9


async def test_retry_after_ms_wins_over_retry_after(make: Callable[..., Client], server: MockServer) -> None:
    server.fault({"status": 429, "retryAfter": "30", "retryAfterMs": 150}, times=1, path="/chat")
    await chat(make(rate_limit=False))
    assert len(server.requests()) == 2
    assert gaps(server)[0] >= 0.1


async def test_429_without_retry_after_backs_off(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(RateLimitError) as caught:
        await chat(make(rate_limit=False), extra_headers={"x-mock-fault": "status=429"})
    assert caught.value.retry_after is None
    assert len(server.requests()) == 3
    first, second = gaps(server)
    assert first >= 0.3 and second >= 0.65  # 0.5 s, then 1 s, each less at most 25% jitter


async def test_a_wait_beyond_60_seconds_is_raised_at_once(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(RateLimitError) as caught:
        await chat(make(), extra_headers={"x-mock-fault": "status=429; retry-after=120"})
    assert caught.value.retry_after == 120
    assert len(server.requests()) == 1


async def test_a_reset_connection_is_retried_then_raised(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(APIConnectionError) as caught:
        await chat(make(), extra_headers={"x-mock-fault": "reset"})
    assert not isinstance(caught.value, APITimeoutError)
    assert len(server.requests()) == 3


async def test_a_hanging_server_times_out(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(APITimeoutError) as caught:
        await chat(make(timeout=0.3, max_retries=1), extra_headers={"x-mock-fault": "hang"})
    assert "0.3 s" in str(caught.value)
    assert len(server.requests()) == 2


async def test_a_per_call_timeout_and_max_retries(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(APITimeoutError):
        await chat(make(), timeout=0.2, max_retries=0, extra_headers={"x-mock-fault": "hang"})
    assert len(server.requests()) == 1


async def test_an_html_error_page_keeps_its_class(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(InternalServerError) as caught:
        await chat(make(max_retries=0), extra_headers={"x-mock-fault": "html=502"})
    assert caught.value.status == 502
    assert str(caught.value).startswith("502 ") and "<" not in str(caught.value)


async def test_a_truncated_error_body_keeps_its_class(make: Callable[..., Client], server: MockServer) -> None:
    with pytest.raises(InternalServerError) as caught:
        await chat(make(max_retries=0), extra_headers={"x-mock-fault": "truncate=500"})
    assert caught.value.status == 500
    assert len(server.requests()) == 1


async def test_a_truncated_success_is_retried_without_acting_twice(
    make: Callable[..., Client], server: MockServer
) -> None:
    server.fault({"kind": "truncate"}, times=1, path="/workflow", method="POST")
    client = make()
    created = await call(client.workflow.create(name="once"))
    assert created.name == "once"
    page = await call(client.workflow.list())
    assert [w.id for w in page.data] == [created.id]  # the retry was replayed, not acted on again
    creates = server.requests("workflow.create")
    assert len(creates) == 2 and creates[0]["headers"]["idempotency-key"] == creates[1]["headers"]["idempotency-key"]


async def test_a_truncated_success_on_every_attempt_is_a_connection_error(
    make: Callable[..., Client], server: MockServer
) -> None:
    with pytest.raises(APIConnectionError):
        await call(make().workflow.list(extra_headers={"x-mock-fault": "truncate"}))
    assert len(server.requests()) == 3


def test_the_rate_limit_of_the_server_is_met_by_the_clients_bucket() -> None:
    limited = MockServer(rateLimit={"requestsPerSecond": 10, "burst": 10})
    try:
        with CozeAPI(api_key=limited.tokens["admin"], base_url=limited.url) as client:
            for _ in range(25):
                client.workflow.list(limit=1)
        statuses = [r for r in limited.requests()]
        assert len(statuses) >= 25
        assert len(statuses) <= 27  # at most a 429 or two, each retried after its Retry-After
    finally:
        limited.close()
