"""The token goes into the Authorization header and nowhere else: not into an exception (message, repr, attributes,
traceback — with its locals, the way a debugger or error tracker prints them), a client's repr, or a log line."""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from coze import APIConnectionError, APIError, APITimeoutError, AsyncCozeAPI, CozeAPI, CozeError
from tests.mock import MockServer

SENTINEL = "sentinel-token-5f1e2d"


@pytest.fixture
def sentinel_server() -> Iterator[MockServer]:
    server = MockServer(rateLimit=False, tokens={SENTINEL: "admin", "r": "read", "w": "write"})
    yield server
    server.close()


def everything_about(error: BaseException) -> str:
    parts = [str(error), repr(error), repr(vars(error))]
    parts.append("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    # Each exception of the chain with its frames' locals, a suppressed context (`raise ... from None`) too: a
    # reporter may ignore the suppression, and a debugger walks the chain.
    for link in chain_of(error):
        details = traceback.TracebackException(type(link), link, link.__traceback__, capture_locals=True)
        parts.append("".join(details.format(chain=False)))
        parts.append(f"{link!s} {link!r}")
    if isinstance(error, APIError):
        parts.append(repr(error.to_dict()))
    parts.append(repr(pickle.dumps(error)) if _picklable(error) else "")
    return "\n".join(parts)


def chain_of(error: BaseException) -> list[BaseException]:
    """The error and every cause and context behind it, suppressed or not."""
    links: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        link = pending.pop()
        if link is None or any(link is seen for seen in links):
            continue
        links.append(link)
        pending += [link.__cause__, link.__context__]
    return links


def _picklable(error: BaseException) -> bool:
    try:
        pickle.dumps(error)
    except Exception:
        return False
    return True


def failures(client: CozeAPI) -> list[BaseException]:
    caught: list[BaseException] = []
    calls: list[Any] = [
        lambda: client.workflow.get(workflow_id="wf_missing"),
        lambda: client.chat.create(messages=[{"role": "user", "content": "x"}], temperature=3),
        lambda: client.chat.create(
            messages=[{"role": "user", "content": "x"}], extra_headers={"x-mock-fault": "reset"}
        ),
        lambda: client.chat.create(
            messages=[{"role": "user", "content": "x"}], extra_headers={"x-mock-fault": "status=503"}
        ),
        lambda: client.chat.create(
            messages=[{"role": "user", "content": "x"}], timeout=0.2, extra_headers={"x-mock-fault": "hang"}
        ),
        lambda: list(
            client.chat.stream(
                messages=[{"role": "user", "content": "x"}], extra_headers={"x-mock-fault": "stream-error=1"}
            )
        ),
    ]
    for call in calls:
        try:
            call()
        except CozeError as error:
            caught.append(error)
    return caught


def test_no_exception_carries_the_token(sentinel_server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    with CozeAPI(api_key=SENTINEL, base_url=sentinel_server.url, max_retries=1, log_level="debug") as client:
        assert SENTINEL not in repr(client) and SENTINEL not in repr(client._core)
        errors = failures(client)
        raw = client.workflow.with_raw_response.list()
        assert SENTINEL not in repr(raw) and SENTINEL not in repr(raw.http_response.request)
    assert len(errors) == 6
    for error in errors:
        assert SENTINEL not in everything_about(error), type(error).__name__
    # Every level of the log, debug included, with headers: redacted.
    assert len(caplog.records) > 10
    assert SENTINEL not in caplog.text and "[REDACTED]" not in caplog.text.replace("Bearer [REDACTED]", "")
    # The server did get it, in the Authorization header (it records the header redacted, so count the successes).
    assert any(r["operationId"] == "workflow.list" for r in sentinel_server.requests())


@pytest.mark.parametrize(
    ("fault", "error_class", "cause_class"),
    [("reset", APIConnectionError, httpx.TransportError), ("hang", APITimeoutError, httpx.TimeoutException)],
)
def test_a_connection_error_has_httpx_s_error_as_its_cause_without_the_request(
    sentinel_server: MockServer, fault: str, error_class: type[CozeError], cause_class: type[Exception]
) -> None:
    with (
        CozeAPI(api_key=SENTINEL, base_url=sentinel_server.url, max_retries=0, timeout=0.3) as client,
        pytest.raises(error_class) as caught,
    ):
        client.workflow.list(extra_headers={"x-mock-fault": fault})
    assert_detached_cause(caught.value, cause_class)
    if fault == "reset":
        assert str(caught.value.__cause__) in str(caught.value)


def test_a_broken_stream_has_httpx_s_error_as_its_cause_without_the_request(sentinel_server: MockServer) -> None:
    messages: Any = [{"role": "user", "content": "x"}]
    with (
        CozeAPI(api_key=SENTINEL, base_url=sentinel_server.url) as client,
        pytest.raises(APIConnectionError, match="broke off") as caught,
    ):
        list(client.chat.stream(messages=messages, extra_headers={"x-mock-fault": "drop-stream=1"}))
    assert_detached_cause(caught.value, httpx.TransportError)


def assert_detached_cause(error: CozeError, cause_class: type[Exception]) -> None:
    cause = error.__cause__
    assert isinstance(cause, cause_class)
    assert str(cause)
    assert "The above exception was the direct cause" in "".join(
        traceback.format_exception(type(error), error, error.__traceback__)
    )
    # Not httpx's error itself: it holds the request, whose headers hold the token.
    with pytest.raises(RuntimeError, match="request"):
        _ = cause.request  # type: ignore[attr-defined]
    assert cause.__traceback__ is None and cause.__cause__ is None and cause.__context__ is None
    assert SENTINEL not in everything_about(error)


async def test_a_callers_transport_that_raises_shows_no_token_a_key_function_gave() -> None:
    # Not httpx's error, so the SDK lets it go as it is: its traceback passes through the drivers' frames, whose
    # last answer was the token.
    def refuse(request: httpx.Request) -> httpx.Response:
        raise ValueError("the caller's transport failed")

    async def arefuse(request: httpx.Request) -> httpx.Response:
        return refuse(request)

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    with CozeAPI(api_key=lambda: SENTINEL, http_client=http) as client, pytest.raises(ValueError) as caught:
        client.workflow.list()
    assert SENTINEL not in everything_about(caught.value)
    transport = httpx.MockTransport(arefuse)
    async with AsyncCozeAPI(api_key=lambda: SENTINEL, http_client=httpx.AsyncClient(transport=transport)) as aclient:
        with pytest.raises(ValueError) as caught:
            await aclient.workflow.list()
    assert SENTINEL not in everything_about(caught.value)
