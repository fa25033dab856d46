"""How the generated code describes an operation to the runtime, and the checks on its input before anything is
sent. The runtime knows no Coze path: the generated bindings hand it one ``Operation`` per operation of the spec."""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, Union
from urllib.parse import quote

import pydantic
from pydantic_core import PydanticCustomError
from typing_extensions import Literal

from .errors import RequestValidationError, ValidationIssue
from .headers import HeaderValue, header_value
from .models import NotGiven

Location = Literal["path", "query", "header", "body"]
QueryValue = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Param:
    """One keyword argument of a generated method: its Python name, its name on the wire, and where it goes."""

    name: str
    wire: str
    location: Location


@dataclass(frozen=True)
class StreamSpec:
    """How an operation's ``text/event-stream`` answer reads: the typed model of each event name, the event that ends
    the stream (a stream that stops before it was cut off) and the event whose data is an error body."""

    events: Mapping[str, type[pydantic.BaseModel]]
    end_event: Optional[str] = "done"
    """None: the stream simply ends when the connection does."""
    error_event: Optional[str] = "error"
    data_validators: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The validator of each event's data, made on first use and shared by every stream of the operation."""


@dataclass
class Operation:
    """One operation of the spec, as the generated bindings describe it."""

    id: str
    method: str
    path: str
    params: Sequence[Param]
    """Every keyword argument, in signature order."""
    params_type: Any = None
    """The TypedDict of the keyword arguments, with the contract's constraints: pydantic checks input against it."""
    response: Any = None
    """The type of the JSON success response (a model), or None when it has no body."""
    has_body: bool = False
    body_min_properties: Optional[int] = None
    body_max_properties: Optional[int] = None
    auth: bool = True
    paginated: bool = False
    """The response is a cursor page (``data``, ``has_more``, ``next_cursor``) and ``cursor`` is a query parameter."""
    stream: Optional[StreamSpec] = None
    _validator: Optional[pydantic.TypeAdapter[Any]] = field(default=None, init=False, repr=False)
    _response_adapter: Optional[pydantic.TypeAdapter[Any]] = field(default=None, init=False, repr=False)

    def validator(self) -> pydantic.TypeAdapter[Any]:
        if self._validator is None:
            self._validator = pydantic.TypeAdapter(self.params_type)
        return self._validator

    def response_adapter(self) -> pydantic.TypeAdapter[Any]:
        if self._response_adapter is None:
            self._response_adapter = pydantic.TypeAdapter(self.response)
        return self._response_adapter


@dataclass
class RequestParts:
    path: str
    query: list[tuple[str, QueryValue]]
    headers: dict[str, HeaderValue]
    body: Optional[dict[str, Any]]


def given(params: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments the caller gave (NOT_GIVEN left out)."""
    return {name: value for name, value in params.items() if not isinstance(value, NotGiven)}


def validate(operation: Operation, params: Mapping[str, Any]) -> None:
    """Checks the arguments against the contract; raises RequestValidationError naming each field and rule."""
    issues: list[ValidationIssue] = []
    if operation.params_type is not None:
        try:
            operation.validator().validate_python(params, strict=True)
        except pydantic.ValidationError as error:
            issues.extend(describe(issue) for issue in error.errors())
    if operation.has_body and (operation.body_min_properties or operation.body_max_properties is not None):
        count = sum(1 for param in operation.params if param.location == "body" and param.name in params)
        if operation.body_min_properties and count < operation.body_min_properties:
            names = ", ".join(p.name for p in operation.params if p.location == "body")
            issues.append(
                ValidationIssue(
                    "the request body",
                    "minProperties",
                    f"the request body must have at least {operation.body_min_properties} field(s) (minProperties): "
                    f"pass one of {names}",
                )
            )
        if operation.body_max_properties is not None and count > operation.body_max_properties:
            issues.append(
                ValidationIssue(
                    "the request body",
                    "maxProperties",
                    f"the request body must have at most {operation.body_max_properties} field(s) (maxProperties)",
                )
            )
    if issues:
        raise RequestValidationError(issues)


def split(operation: Operation, params: Mapping[str, Any]) -> RequestParts:
    """Puts each given argument where the operation says: the path, the query, a header or the JSON body."""
    path = operation.path
    query: list[tuple[str, QueryValue]] = []
    headers: dict[str, HeaderValue] = {}
    body: Optional[dict[str, Any]] = {} if operation.has_body else None
    for param in operation.params:
        if param.name not in params:
            continue
        value = params[param.name]
        if param.location == "body":
            assert body is not None
            body[param.wire] = value
        elif param.location == "path":
            if value is None or value == "":
                raise RequestValidationError(
                    [ValidationIssue(param.name, "required", f"{param.name} is required (a path parameter)")]
                )
            path = path.replace("{" + param.wire + "}", quote(_text(value), safe=""))
        elif param.location == "query":
            if value is None:
                continue
            values = value if isinstance(value, (list, tuple)) else [value]
            query.extend((param.wire, _text(item)) for item in values)
        elif value is not None:
            headers[param.wire.lower()] = header_value(param.name, _text(value))
    return RequestParts(path, query, headers, body)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def unique_items(items: list[Any]) -> list[Any]:
    """The check behind ``uniqueItems`` (pydantic has no keyword for it)."""
    seen: list[Any] = []
    hashable: set[Any] = set()
    for index, item in enumerate(items):
        if isinstance(item, Hashable):
            if item in hashable:
                raise PydanticCustomError("unique_items", "must not repeat items (item {index})", {"index": index})
            hashable.add(item)
        elif item in seen:
            raise PydanticCustomError("unique_items", "must not repeat items (item {index})", {"index": index})
        else:
            seen.append(item)
    return items


_TYPES = {
    "string_type": "string",
    "int_type": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "finite_number": "number",
    "bool_type": "boolean",
    "list_type": "array",
    "dict_type": "object",
    "typed_dict_type": "object",
    "model_type": "object",
    "none_required": "null",
}


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rule(kind: str, ctx: Mapping[str, Any], value: Any) -> tuple[str, str]:
    """The JSON Schema keyword and the sentence for one pydantic error."""
    if kind == "missing":
        return "required", "is required"
    if kind == "extra_forbidden":
        return "additionalProperties", "is not a field of this operation"
    bounds = {
        "less_than_equal": ("maximum", "<=", "le"),
        "greater_than_equal": ("minimum", ">=", "ge"),
        "less_than": ("exclusiveMaximum", "<", "lt"),
        "greater_than": ("exclusiveMinimum", ">", "gt"),
    }
    if kind in bounds:
        keyword, comparison, key = bounds[kind]
        return keyword, f"must be {comparison} {_number(ctx[key])} ({keyword})"
    if kind == "string_too_short":
        return "minLength", f"must be at least {ctx['min_length']} character(s) long (minLength)"
    if kind == "string_too_long":
        return "maxLength", f"must be at most {ctx['max_length']} characters long (maxLength)"
    if kind in ("too_short", "too_long"):
        noun, unit = ("Properties", "field(s)") if isinstance(value, dict) else ("Items", "item(s)")
        if kind == "too_short":
            return f"min{noun}", f"must have at least {ctx['min_length']} {unit} (min{noun})"
        return f"max{noun}", f"must have at most {ctx['max_length']} {unit} (max{noun})"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        keyword = "const" if " or " not in expected and "," not in expected else "enum"
        return keyword, f"must be {'one of ' if keyword == 'enum' else ''}{expected} ({keyword})"
    if kind == "string_pattern_mismatch":
        return "pattern", f"must match the pattern {ctx['pattern']} (pattern)"
    if kind == "unique_items":
        return "uniqueItems", f"must not repeat items (uniqueItems: item {ctx['index']} repeats an earlier one)"
    if kind in _TYPES:
        return "type", f"must be of type {_TYPES[kind]} (type)"
    return kind, f"breaks the rule '{kind}'"


def describe(error: Any) -> ValidationIssue:
    """A pydantic error as an issue: ``messages[0].role must be one of 'system', 'user' or 'assistant' (enum)``."""
    field_name = ""
    for part in error["loc"]:
        if isinstance(part, int):
            field_name += f"[{part}]"
        else:
            field_name += f".{part}" if field_name else str(part)
    field_name = field_name or "the request"
    kind = error["type"]
    keyword, sentence = _rule(kind, error.get("ctx") or {}, error.get("input"))
    got = "" if kind in ("missing", "extra_forbidden") else f"; got {_preview(error.get('input'))}"
    return ValidationIssue(field_name, keyword, f"{field_name} {sentence}{got}")


def _preview(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"
