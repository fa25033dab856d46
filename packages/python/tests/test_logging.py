"""``log_level`` / ``COZE_LOG``: what each level writes to ``logging.getLogger("coze")``."""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any, cast

import pytest

from coze import CozeAPI, CozeError
from coze.types import ChatMessageParam
from tests.http_server import LocalServer, Reply, Request
from tests.mock import MockServer

HI: list[ChatMessageParam] = [{"role": "user", "content": "你好"}]


def lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "coze"]


def run_calls(server: MockServer, level: str) -> None:
    server.fault({"status": 503, "retryAfter": "0"}, times=1, path="/chat")
    with CozeAPI(api_key=server.tokens["admin"], base_url=server.url, log_level=level, rate_limit=False) as client:  # type: ignore[arg-type]
        client.chat.create(messages=HI)
        with contextlib.suppress(CozeError):
            client.workflow.get(workflow_id="wf_missing")


def test_off_writes_nothing(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    run_calls(server, "off")
    assert lines(caplog) == []


def test_error_writes_the_failed_call(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    run_calls(server, "error")
    assert [(level, message.split(":")[0]) for level, message in lines(caplog)] == [
        ("ERROR", "GET /workflow/wf_missing failed")
    ]
    assert re.search(r"404 Not found.*attempts=1, elapsed=\d+ ms, request_id=req_", lines(caplog)[0][1])


def test_warn_adds_retries(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    run_calls(server, "warn")
    assert [level for level, _ in lines(caplog)] == ["WARNING", "ERROR"]
    assert re.fullmatch(r"POST /chat retrying in 0 ms \(Retry-After\) after 503", lines(caplog)[0][1])


def test_info_is_one_line_per_call(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    run_calls(server, "info")
    found = lines(caplog)
    assert [level for level, _ in found] == ["WARNING", "INFO", "ERROR"]
    assert re.fullmatch(r"POST /chat 200 attempts=2 elapsed=\d+ ms request_id=req_\w+", found[1][1])


def test_debug_adds_attempts_and_bodies(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    run_calls(server, "debug")
    text = "\n".join(message for _, message in lines(caplog))
    assert 'POST /chat request body: {"messages":[{"role":"user","content":"你好"}]}' in text
    assert re.search(r"POST /chat attempt 1: 503 in \d+ ms", text)
    assert re.search(r"POST /chat attempt 2: 200 in \d+ ms, request id req_", text)
    assert "POST /chat response body: {" in text and "'x-request-id': 'req_" in text


def test_debug_cuts_long_bodies(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    with CozeAPI(api_key=server.tokens["admin"], base_url=server.url, log_level="debug") as client:
        client.chat.create(messages=[{"role": "user", "content": "x" * 3000}])
    bodies = [m for _, m in lines(caplog) if "request body" in m]
    assert bodies and bodies[0].endswith(" characters)") and len(bodies[0]) < 1100


def test_coze_log_sets_the_default_and_a_bad_level_is_named(
    server: MockServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    monkeypatch.setenv("COZE_LOG", "info")
    with CozeAPI(api_key=server.tokens["admin"], base_url=server.url) as client:
        client.workflow.list()
    assert [level for level, _ in lines(caplog)] == ["INFO"]
    monkeypatch.setenv("COZE_LOG", "loud")
    with pytest.raises(CozeError, match="COZE_LOG must be one of 'off', 'error', 'warn', 'info', 'debug'; got 'loud'"):
        CozeAPI(api_key="t")


def off_schema_server() -> LocalServer:
    """Answers chat.create with JSON that is not a Chat, and chat.stream with a delta that is not one."""

    def handler(request: Request, server: LocalServer) -> Reply:
        if "text/event-stream" in request.headers.get("accept", ""):
            body = 'event: chat.message.delta\ndata: {"unexpected":1}\n\nevent: done\ndata: {}\n\n'
            return Reply(200, {"content-type": "text/event-stream"}, body.encode())
        return Reply(200, {"content-type": "application/json"}, b'{"foo":1}')

    return LocalServer(handler)


@pytest.mark.parametrize("level", ["off", "error", "warn"])
def test_data_off_its_schema_is_warned_of_only_from_warn_on(level: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="coze")
    server = off_schema_server()
    try:
        with CozeAPI(api_key="sk-test-logging", base_url=server.url, log_level=level, rate_limit=False) as client:  # type: ignore[arg-type]
            # Returned unchecked, as it came.
            assert client.chat.create(messages=HI).model_dump() == {"foo": 1}
            assert [cast(Any, event).data for event in client.chat.stream(messages=HI)] == [{"unexpected": 1}]
    finally:
        server.close()
    warned = [message for severity, message in lines(caplog) if severity == "WARNING"]
    if level == "warn":
        assert len(warned) == 2
        assert warned[0].startswith("POST /chat: the response does not match its schema")
        assert warned[1].startswith("the 'chat.message.delta' event does not match its schema")
    else:
        assert warned == []
