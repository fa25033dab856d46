"""The generator on small fixture specs, each made for one rule: what becomes a model, a request TypedDict, a
keyword argument, a page, a stream; and the specs it refuses, with a message that says what to change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from coze_codegen.render import _strip_annotated, render
from coze_codegen.spec import SpecError, read

OK = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}


def fixture(**paths: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Fixture", "version": "9.9.9"},
        "servers": [{"url": "https://api.example.test/v9"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": "A thing.",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "description": "Its id."},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "maxItems": 3},
                        "parent": {"type": ["string", "null"]},
                    },
                },
                "Kind": {"type": "string", "enum": ["a", "b"], "description": "The kind."},
                "Name": {"type": "string", "minLength": 1, "maxLength": 10},
                "Things": {
                    "type": "object",
                    "required": ["data", "has_more", "next_cursor"],
                    "properties": {
                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                        "has_more": {"type": "boolean"},
                        "next_cursor": {"type": ["string", "null"]},
                    },
                },
            },
            "parameters": {"Id": {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}},
        },
    }


CREATE = {
    "post": {
        "operationId": "thing.create",
        "summary": "Create a thing",
        "parameters": [{"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}}],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["name"],
                        "properties": {
                            "name": {"$ref": "#/components/schemas/Name"},
                            "weight": {"type": "number", "minimum": 0, "exclusiveMaximum": 5},
                            "labels": {
                                "type": "object",
                                "properties": {"color": {"type": "string"}},
                                "additionalProperties": False,
                            },
                        },
                    }
                }
            },
        },
        "responses": {"201": OK},
    },
    "get": {
        "operationId": "thing.list",
        "summary": "List things",
        "parameters": [
            {"name": "cursor", "in": "query", "schema": {"type": "string"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
        ],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Things"}}},
            }
        },
    },
}


def test_named_object_schemas_become_models_and_enums_become_literals() -> None:
    api = read(fixture(**{"/things": CREATE}))
    thing = next(m for m in api.models if m.name == "Thing")
    fields = {p.name: (p.model_type, p.required) for p in thing.props}
    assert fields == {
        "id": ("str", True),
        "kind": ("Kind", False),
        "tags": ("list[str]", False),
        "parent": ("Optional[str]", False),
    }
    assert [(a.name, a.expr) for a in api.aliases] == [("Kind", "Literal['a', 'b']")]


def test_body_fields_header_and_query_become_keyword_arguments() -> None:
    api = read(fixture(**{"/things": CREATE}))
    listing, create = api.resources[0].operations
    assert [(p.name, p.wire, p.location, p.required) for p in create.params] == [
        ("name", "name", "body", True),
        ("x_trace_id", "X-Trace-Id", "header", False),
        ("weight", "weight", "body", False),
        ("labels", "labels", "body", False),
    ]
    types = {p.name: p.param_type for p in create.params}
    assert types["name"] == "Annotated[str, pydantic.Field(min_length=1, max_length=10)]"
    assert types["weight"] == "Annotated[float, pydantic.Field(ge=0, lt=5)]"
    assert types["labels"] == "ThingCreateLabelsParam"
    assert listing.page_item == "Thing" and create.page_item is None


def test_the_rendered_files_compile_and_carry_the_header() -> None:
    files = render(read(fixture(**{"/things": CREATE})), "spec/fixture.yaml")
    assert sorted(files) == ["__init__.py", "client.py", "operations.py", "resources.py", "types.py"]
    for name, text in files.items():
        assert text.startswith("# Generated by `pnpm generate` from spec/fixture.yaml. Do not edit by hand")
        compile(text, name, "exec")
    assert "API_VERSION = '9.9.9'" in files["__init__.py"]
    assert "def create(" in files["resources.py"] and "async def create(" in files["resources.py"]
    assert "-> SyncPage[Thing]:" in files["resources.py"] and "-> AsyncPaginator[Thing]:" in files["resources.py"]
    assert (
        '@pydantic.with_config(pydantic.ConfigDict(extra="forbid"))\nclass ThingCreateLabelsParam' in files["types.py"]
    )
    assert "pydantic.AfterValidator(unique_items)" not in files["types.py"]  # Thing is never sent: no TypedDict for it


def test_a_streaming_operation_gets_overloads_and_typed_events() -> None:
    spec = fixture(
        **{
            "/talk": {
                "post": {
                    "operationId": "thing.talk",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"stream": {"type": "boolean"}}}
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                                "text/event-stream": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/Said"},
                                            {"$ref": "#/components/schemas/Done"},
                                        ],
                                        "discriminator": {
                                            "propertyName": "event",
                                            "mapping": {
                                                "said": "#/components/schemas/Said",
                                                "done": "#/components/schemas/Done",
                                            },
                                        },
                                    }
                                },
                            },
                        }
                    },
                }
            }
        }
    )
    spec["components"]["schemas"]["Said"] = {
        "type": "object",
        "properties": {"event": {"const": "said"}, "data": {"type": "string"}},
    }
    spec["components"]["schemas"]["Done"] = {
        "type": "object",
        "properties": {"event": {"const": "done"}, "data": {"type": "string"}},
    }
    (talk,) = read(spec).resources[0].operations
    assert talk.stream is not None
    assert (talk.stream.events, talk.stream.end_event, talk.stream.error_event) == (
        {"said": "Said", "done": "Done"},
        "done",
        None,
    )
    assert talk.stream.yielded == "ThingTalkEvent" and talk.stream.yielded_members == ["Said"]
    resources = render(read(spec), "s.yaml")["resources.py"]
    assert resources.count("@overload") == 6  # three per flavour
    assert "stream: Literal[True]," in resources and "-> Stream[ThingTalkEvent]: ..." in resources


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["paths"]["/things"]["post"].update(operationId="createThing"), "must read 'resource.verb'"),
        (lambda s: s["paths"]["/things"]["post"].pop("operationId"), "POST /things: the operationId"),
        (
            lambda s: s["paths"]["/things"]["get"]["parameters"].append(
                {"name": "timeout", "in": "query", "schema": {}}
            ),
            "'timeout' clashes with a keyword argument every method has",
        ),
        (
            lambda s: s["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"].update(
                schema={"type": "array"}
            ),
            "the JSON request body must be an object",
        ),
        (
            lambda s: s["paths"]["/things"]["get"]["parameters"].append({"name": "sid", "in": "cookie"}),
            "cookie parameters",
        ),
    ],
)
def test_specs_it_cannot_turn_into_python_are_refused_clearly(change: Any, message: str) -> None:
    spec = copy.deepcopy(fixture(**{"/things": copy.deepcopy(CREATE)}))
    change(spec)
    with pytest.raises(SpecError, match=message):
        read(spec)


def test_path_level_parameters_and_refs() -> None:
    spec = fixture(
        **{
            "/things/{thing_id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "delete": {"operationId": "thing.delete", "responses": {"204": {"description": "gone"}}},
            }
        }
    )
    (delete,) = read(spec).resources[0].operations
    assert [(p.name, p.location, p.required) for p in delete.params] == [("thing_id", "path", True)]
    assert delete.response is None and delete.http_method == "DELETE"


def test_signatures_show_plain_types() -> None:
    assert (
        _strip_annotated("Annotated[list[Annotated[str, pydantic.Field(max_length=3)]], pydantic.Field(max_length=2)]")
        == "list[str]"
    )
