"""The token goes into the Authorization header and nowhere else: not into an exception (message, repr, attributes,
traceback — with its locals, the way a debugger or error tracker prints them), a client's repr, or a log line."""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

from coze import APIError, CozeAPI, CozeError
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
    details = traceback.TracebackException(type(error), error, error.__traceback__, capture_locals=True)
    parts.append("".join(details.format()))
    if isinstance(error, APIError):
        parts.append(repr(error.to_dict()))
    parts.append(repr(pickle.dumps(error)) if _picklable(error) else "")
    return "\n".join(parts)


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
