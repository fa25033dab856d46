"""Input is checked against the contract before anything is sent: the error names the field and the rule."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import httpx
import pytest

from coze import APIConnectionError, AsyncCozeAPI, BadRequestError, CozeAPI, CozeError, RequestValidationError
from tests.mock import MockServer

HI: Any = [{"role": "user", "content": "你好"}]


def issues(call: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(RequestValidationError) as caught:
        call()
    return [(i.field, i.rule, i.message) for i in caught.value.issues]


def test_temperature_two_names_the_field_and_the_bound_and_sends_nothing(coze: CozeAPI, server: MockServer) -> None:
    found = issues(lambda: coze.chat.create(messages=HI, temperature=2))
    assert found == [("temperature", "maximum", "temperature must be <= 1 (maximum); got 2")]
    assert server.requests() == []


async def test_the_async_client_checks_too(acoze: AsyncCozeAPI, server: MockServer) -> None:
    with pytest.raises(RequestValidationError, match=r"temperature must be >= 0 \(minimum\); got -0.5"):
        await acoze.chat.create(messages=HI, temperature=-0.5)
    assert server.requests() == []


def test_nested_fields_are_named_with_their_path(coze: CozeAPI) -> None:
    bad: Any = [{"role": "user", "content": "hi"}, {"role": "robot", "content": "", "name": "x"}]
    found = issues(lambda: coze.chat.create(messages=bad))
    assert (
        "messages[1].role",
        "enum",
        "messages[1].role must be one of 'system', 'user' or 'assistant' (enum); got \"robot\"",
    ) in found
    assert (
        "messages[1].content",
        "minLength",
        'messages[1].content must be at least 1 character(s) long (minLength); got ""',
    ) in found
    assert ("messages[1].name", "additionalProperties", "messages[1].name is not a field of this operation") in found


def test_required_fields_and_types(coze: CozeAPI) -> None:
    assert issues(lambda: coze.chat.create(messages=[]))[0][:2] == ("messages", "minItems")
    assert issues(lambda: coze.chat.create(messages=HI, temperature="hot"))[0][:2] == ("temperature", "type")  # type: ignore[call-overload]
    assert issues(lambda: coze.workflow.list(limit=0))[0][:2] == ("limit", "minimum")
    assert issues(lambda: coze.workflow.list(limit=True))[0][:2] == ("limit", "type")


def test_patterns_unique_items_and_sizes(coze: CozeAPI) -> None:
    assert issues(lambda: coze.workflow.get(workflow_id="not-a-workflow"))[0][:2] == ("workflow_id", "pattern")
    node: Any = {"id": "a", "type": "start", "next": ["b", "b"]}
    assert issues(lambda: coze.workflow.create(name="x", nodes=[node]))[0][:2] == ("nodes[0].next", "uniqueItems")
    config: Any = {"id": "a", "type": "llm", "config": {str(n): n for n in range(65)}}
    assert issues(lambda: coze.workflow.create(name="x", nodes=[config]))[0][:2] == ("nodes[0].config", "maxProperties")


def test_an_update_needs_at_least_one_field(coze: CozeAPI, server: MockServer) -> None:
    found = issues(lambda: coze.workflow.update(workflow_id="wf_abc"))
    assert found[0][:2] == ("the request body", "minProperties")
    assert "pass one of name, description, nodes" in found[0][2]
    assert server.requests() == []


def test_an_unknown_keyword_is_a_type_error(coze: CozeAPI) -> None:
    with pytest.raises(TypeError, match="temprature"):
        coze.chat.create(messages=HI, temprature=0.5)  # type: ignore[call-overload]


def test_validation_can_be_turned_off(server: MockServer) -> None:
    with (
        CozeAPI(api_key=server.tokens["admin"], base_url=server.url, validate_requests=False) as client,
        pytest.raises(BadRequestError, match="temperature"),
    ):
        client.chat.create(messages=HI, temperature=2)
    assert len(server.requests()) == 1  # the server's own check answered 400


HEADER_SECRET = "hdr-SECRET"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"idempotency_key": HEADER_SECRET + "\nb"}, "idempotency_key"),
        ({"idempotency_key": HEADER_SECRET + "\x00"}, "idempotency_key"),
        ({"idempotency_key": "键" + HEADER_SECRET}, "idempotency_key"),
        ({"idempotency_key": HEADER_SECRET + " "}, "idempotency_key"),
        ({"extra_headers": {"x-a": HEADER_SECRET + "\r\nx-evil: 1"}}, "extra_headers.x-a"),
        ({"extra_headers": {"x a": "1"}}, 'extra_headers["x a"]'),
        ({"extra_headers": {"x-键": "1"}}, 'extra_headers["x-键"]'),
    ],
)
async def test_a_header_that_cannot_be_sent_is_refused_before_sending(
    arguments: dict[str, Any], field: str, coze: CozeAPI, acoze: AsyncCozeAPI, server: MockServer
) -> None:
    for client in (coze, acoze):
        with pytest.raises(RequestValidationError) as caught:
            result = client.workflow.create(name="x", **arguments)
            if isinstance(result, Awaitable):
                await result
        [issue] = caught.value.issues
        assert issue.field == field and issue.rule in ("header-name", "header-value")
        assert "header" in issue.message and HEADER_SECRET not in repr(caught.value.args)
    assert server.requests() == []


def test_default_headers_are_checked_when_the_client_is_made() -> None:
    with pytest.raises(RequestValidationError) as caught:
        CozeAPI(api_key="t", base_url="http://127.0.0.1:9/v1", default_headers={"x-team": "a\nb"})
    assert caught.value.issues[0].field == "default_headers.x-team"


def test_a_latin1_header_value_is_sent(coze: CozeAPI, server: MockServer) -> None:
    coze.workflow.list(extra_headers={"x-note": "café\tau lait"})
    assert server.requests()[0]["headers"]["x-note"] == "café\tau lait"


def test_a_request_httpx_cannot_build_is_not_retried(server: MockServer) -> None:
    sent: list[httpx.Request] = []
    # The caller's own httpx client is not the SDK's to check: its header with a trailing space reaches h11, which
    # refuses to write it. That is no network failure, and trying again cannot help.
    http = httpx.Client(headers={"x-note": "trailing "}, event_hooks={"request": [sent.append]})
    with (
        CozeAPI(api_key=server.tokens["admin"], base_url=server.url, http_client=http) as client,
        pytest.raises(CozeError, match="could not be sent as built") as caught,
    ):
        client.workflow.list()
    http.close()
    assert not isinstance(caught.value, APIConnectionError)
    assert len(sent) == 1 and server.requests() == []
    assert server.tokens["admin"] not in repr(caught.value.args)


@pytest.mark.parametrize(
    ("inputs", "field", "got"),
    [
        ({"x": float("nan")}, "inputs.x", "NaN"),
        ({"a": [1, {"b": float("-inf")}]}, "inputs.a[1].b", "-Infinity"),
    ],
)
def test_a_number_json_cannot_hold_names_its_field(
    inputs: dict[str, Any], field: str, got: str, server: MockServer
) -> None:
    for validate_requests in (True, False):
        client = CozeAPI(api_key=server.tokens["admin"], base_url=server.url, validate_requests=validate_requests)
        with client, pytest.raises(RequestValidationError) as caught:
            client.workflow.run(workflow_id="wf_a", inputs=inputs)
        [issue] = caught.value.issues
        assert issue.field == field
        assert issue.message == f"{field} must be a finite number (JSON has no NaN or Infinity); got {got}"
    assert server.requests() == []
