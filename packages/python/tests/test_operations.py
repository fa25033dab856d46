"""Every operation of the spec (the list is read from the spec the embedded server serves, not from the generated
code), called through its generated method, sync and async, with the spec's own examples as arguments."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import coze as sdk
from coze import APIError, AsyncCozeAPI, CozeAPI, NotFoundError, SyncPage
from coze._gen import operations as generated
from tests.mock import MockServer

METHODS = ("get", "put", "post", "delete", "patch")


def spec_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                parameters = [*item.get("parameters", []), *op.get("parameters", [])]
                found.append({"path": path, "method": method.upper(), "op": op, "parameters": parameters})
    return found


def first_example(node: dict[str, Any]) -> Any:
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict) and examples:
        return next(iter(examples.values()))["value"]
    schema = node.get("schema", {})
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    return None


def arguments(entry: dict[str, Any]) -> dict[str, Any]:
    """The call the docs show: path parameters and required query parameters from their examples, the first request
    example as the body fields (a streamed example is left for the streaming tests)."""
    kwargs: dict[str, Any] = {}
    for parameter in entry["parameters"]:
        if parameter["in"] == "path" or (parameter["in"] == "query" and parameter.get("required")):
            kwargs[parameter["name"]] = first_example(parameter)
    content = entry["op"].get("requestBody", {}).get("content", {}).get("application/json")
    if content is not None:
        body = dict(first_example(content) or {})
        body.pop("stream", None)
        kwargs.update(body)
    return kwargs


@pytest.fixture(scope="module")
def spec(server_session: MockServer) -> dict[str, Any]:
    return server_session.spec()


def test_every_operation_of_the_spec_has_a_generated_method(spec: dict[str, Any]) -> None:
    ids = sorted(entry["op"]["operationId"] for entry in spec_operations(spec))
    assert len(ids) >= 7
    bound = sorted(op.id for op in vars(generated).values() if isinstance(op, sdk._runtime.Operation))
    assert bound == ids
    client = CozeAPI(api_key="x", base_url="http://127.0.0.1:9/v1")
    for op_id in ids:
        resource, verb = op_id.split(".")
        assert callable(getattr(getattr(client, resource), verb)), op_id
        assert callable(getattr(getattr(client, resource).with_raw_response, verb)), op_id


def check_call(server: MockServer, entry: dict[str, Any], kwargs: dict[str, Any], result: Any) -> None:
    op = entry["op"]
    recorded = server.requests()
    assert [r["operationId"] for r in recorded] == [op["operationId"]]
    request = recorded[0]
    assert request["method"] == entry["method"]
    body_fields = {k: v for k, v in kwargs.items() if k not in {p["name"] for p in entry["parameters"]}}
    if "requestBody" in op:
        assert request["body"] == body_fields
    if isinstance(result, APIError):
        # An example id the server does not hold: the declared status, as its typed error.
        assert str(result.status) in op["responses"], result
        return
    success = next(r for status, r in op["responses"].items() if status.startswith("2"))
    schema = success.get("content", {}).get("application/json", {}).get("schema")
    if isinstance(result, (SyncPage, sdk.AsyncPage)):
        assert isinstance(result.model, pydantic.BaseModel)
        return
    assert isinstance(result, pydantic.BaseModel), result
    assert set(schema.get("required", [])) <= set(type(result).model_fields), "the model lacks a required field"
    assert getattr(result, "request_id", None) == request["requestId"]


def test_every_operation_sync(spec: dict[str, Any], coze: CozeAPI, server: MockServer) -> None:
    for entry in spec_operations(spec):
        server.reset()
        kwargs = arguments(entry)
        resource, verb = entry["op"]["operationId"].split(".")
        method = getattr(getattr(coze, resource), verb)
        try:
            result: Any = method(**kwargs)
        except APIError as error:
            result = error
        check_call(server, entry, kwargs, result)


async def test_every_operation_async(spec: dict[str, Any], acoze: AsyncCozeAPI, server: MockServer) -> None:
    for entry in spec_operations(spec):
        server.reset()
        kwargs = arguments(entry)
        resource, verb = entry["op"]["operationId"].split(".")
        method = getattr(getattr(acoze, resource), verb)
        try:
            result: Any = await method(**kwargs)
        except APIError as error:
            result = error
        check_call(server, entry, kwargs, result)


def test_workflow_lifecycle_sync(coze: CozeAPI, server: MockServer) -> None:
    created = coze.workflow.create(
        name="translate",
        description="Translates the input to English.",
        nodes=[{"id": "start", "type": "start", "next": ["end"]}, {"id": "end", "type": "end"}],
    )
    assert created.version == 1 and created.nodes[0].next == ["end"]
    assert coze.workflow.get(workflow_id=created.id).name == "translate"
    updated = coze.workflow.update(workflow_id=created.id, name="translate v2")
    assert (updated.name, updated.version) == ("translate v2", 2)
    run = coze.workflow.run(workflow_id=created.id, inputs={"input": "你好"})
    assert run.status == "succeeded" and run.outputs == {"input": "你好"}
    deleted = coze.workflow.delete(workflow_id=created.id)
    assert deleted.deleted is True and deleted.id == created.id
    with pytest.raises(NotFoundError):
        coze.workflow.get(workflow_id=created.id)


async def test_workflow_lifecycle_async(acoze: AsyncCozeAPI) -> None:
    created = await acoze.workflow.create(name="async", nodes=[])
    updated = await acoze.workflow.update(workflow_id=created.id, description="changed")
    assert updated.description == "changed" and updated.version == 2
    assert (await acoze.workflow.run(workflow_id=created.id, inputs={})).workflow_id == created.id
    assert (await acoze.workflow.delete(workflow_id=created.id)).deleted is True
