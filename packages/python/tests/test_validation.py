"""Input is checked against the contract before anything is sent: the error names the field and the rule."""

from __future__ import annotations

from typing import Any

import pytest

from coze import AsyncCozeAPI, BadRequestError, CozeAPI, RequestValidationError
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
