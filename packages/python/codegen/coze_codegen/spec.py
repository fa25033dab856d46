"""Reads a bundled OpenAPI 3.1 document (every $ref internal) into what the templates print: models, request
TypedDicts, operations and resources. Named component schemas stay named (they become classes); parameters,
request bodies and responses are dereferenced here. Nothing here knows a Coze path or field."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any, Optional

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
RESERVED = frozenset({"timeout", "max_retries", "extra_headers", "self"})
"""Keyword arguments every method has besides the spec's parameters."""

Json = dict[str, Any]


class SpecError(Exception):
    """The spec has something the generator cannot turn into Python: the message says what and where."""


def pascal(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def snake(text: str) -> str:
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    name = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not name:
        raise SpecError(f"{text!r} gives no Python name")
    if name[0].isdigit():
        name = "_" + name
    return name + "_" if keyword.iskeyword(name) else name


@dataclass
class Prop:
    """A field of a model or of a request TypedDict."""

    name: str
    wire: str
    model_type: str
    param_type: str
    required: bool
    description: str


@dataclass
class Model:
    name: str
    description: str
    props: list[Prop]
    param_name: Optional[str] = None
    closed: bool = False
    """additionalProperties: false (request TypedDicts forbid unknown keys)."""
    used_in_requests: bool = False


@dataclass
class Alias:
    name: str
    description: str
    expr: str


@dataclass
class Param:
    name: str
    wire: str
    location: str
    required: bool
    param_type: str
    description: str


@dataclass
class Stream:
    events: dict[str, str]
    end_event: Optional[str]
    error_event: Optional[str]
    yielded: str
    """The name of the union of the events a loop sees (the end and error events end the loop instead)."""
    yielded_members: list[str]


@dataclass
class Operation:
    id: str
    resource: str
    method: str
    http_method: str
    path: str
    summary: str
    description: str
    params: list[Param]
    has_body: bool
    body_min_properties: Optional[int]
    body_max_properties: Optional[int]
    response: Optional[str]
    auth: bool
    page_item: Optional[str] = None
    stream: Optional[Stream] = None

    @property
    def pascal(self) -> str:
        return pascal(self.resource) + pascal(self.method)

    @property
    def const(self) -> str:
        return snake(self.resource).upper() + "_" + snake(self.method).rstrip("_").upper()


@dataclass
class Resource:
    name: str
    attribute: str
    operations: list[Operation] = field(default_factory=list)

    @property
    def class_name(self) -> str:
        return pascal(self.name) + "Resource"


@dataclass
class Api:
    title: str
    version: str
    server: str
    models: list[Model]
    aliases: list[Alias]
    resources: list[Resource]

    @property
    def operations(self) -> list[Operation]:
        return [operation for resource in self.resources for operation in resource.operations]


class Reader:
    def __init__(self, doc: Json) -> None:
        self.doc = doc
        self.schemas: Json = doc.get("components", {}).get("schemas", {})
        self.models: dict[str, Model] = {}
        self.aliases: dict[str, Alias] = {}
        self._building: set[str] = set()

    # --- references -----------------------------------------------------------------------------------------

    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise SpecError(f"only internal references are supported (bundle the spec first): {ref!r}")
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            seen += 1
            if seen > 32:
                raise SpecError(f"reference loop at {ref}")
        return node

    @staticmethod
    def schema_name(node: Any) -> Optional[str]:
        ref = node.get("$ref") if isinstance(node, dict) else None
        prefix = "#/components/schemas/"
        return ref[len(prefix) :] if isinstance(ref, str) and ref.startswith(prefix) else None

    # --- types ----------------------------------------------------------------------------------------------

    def is_named_kind(self, schema: Json) -> bool:
        """Schemas that become a class or an alias of their own: objects with fields, enums, unions."""
        return bool(
            (schema.get("type") == "object" and schema.get("properties"))
            or "enum" in schema
            or "oneOf" in schema
            or "anyOf" in schema
        )

    def model_type(self, schema: Any, hint: str) -> str:
        """The type of a value in a response: no constraints (the server is trusted), models by name."""
        name = self.schema_name(schema)
        if name is not None:
            target = self.deref(schema)
            if self.is_named_kind(target):
                self.named(name)
                return name
            return self.model_type(target, name)
        return self._type(schema, hint, request=False)

    def param_type(self, schema: Any, hint: str) -> str:
        """The type of a value a caller sends, with the contract's constraints for pydantic to check."""
        name = self.schema_name(schema)
        if name is not None:
            target = self.deref(schema)
            if self.is_named_kind(target):
                self.named(name)
                model = self.models.get(name)
                if model is not None:
                    self.use_in_requests(model)
                    return model.param_name or name
                return name
            return self.param_type(target, name)
        return self._type(schema, hint, request=True)

    def use_in_requests(self, model: Model) -> None:
        if model.used_in_requests:
            return
        model.used_in_requests = True
        model.param_name = model.name + "Param"
        schema = self.schemas.get(model.name) or {}
        for prop in model.props:
            prop.param_type = self.param_type(
                schema.get("properties", {}).get(prop.wire, {}), model.name + pascal(prop.wire)
            )

    def _type(self, schema: Json, hint: str, request: bool) -> str:
        recurse = self.param_type if request else self.model_type
        types = schema.get("type")
        if isinstance(types, list):
            others = [t for t in types if t != "null"]
            inner = (
                self._type({**schema, "type": others[0] if len(others) == 1 else others}, hint, request)
                if others
                else "None"
            )
            return f"Optional[{inner}]" if "null" in types and others else inner
        if "const" in schema:
            return f"Literal[{schema['const']!r}]"
        if "enum" in schema:
            values = [value for value in schema["enum"] if value is not None]
            literal = f"Literal[{', '.join(repr(v) for v in values)}]"
            return f"Optional[{literal}]" if None in schema["enum"] else literal
        for key in ("oneOf", "anyOf"):
            if key in schema:
                members = [recurse(member, f"{hint}{index}") for index, member in enumerate(schema[key])]
                union = members[0] if len(members) == 1 else f"Union[{', '.join(members)}]"
                discriminator = schema.get("discriminator", {}).get("propertyName")
                if discriminator and not request:
                    return f"Annotated[{union}, pydantic.Field(discriminator={discriminator!r})]"
                return union
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return recurse(schema["allOf"][0], hint)
        kind = types
        if kind == "object" or (kind is None and "properties" in schema):
            if schema.get("properties"):
                model = self.inline_model(hint, schema)
                if request:
                    self.use_in_requests(model)
                    return model.param_name or model.name
                return model.name
            extra = schema.get("additionalProperties", True)
            value = "Any" if extra in (True, {}) or not isinstance(extra, dict) else recurse(extra, hint + "Value")
            return self._constrained(f"dict[str, {value}]", schema, request)
        if kind == "array":
            item = recurse(schema.get("items", {}), hint + "Item")
            return self._constrained(f"list[{item}]", schema, request)
        scalar = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
        if kind in scalar:
            return self._constrained(scalar[kind], schema, request)
        return "Any"

    @staticmethod
    def _constrained(expr: str, schema: Json, request: bool) -> str:
        if not request:
            return expr
        args: list[str] = []
        for keyword_, argument in (
            ("minLength", "min_length"),
            ("maxLength", "max_length"),
            ("minItems", "min_length"),
            ("maxItems", "max_length"),
            ("minProperties", "min_length"),
            ("maxProperties", "max_length"),
            ("minimum", "ge"),
            ("maximum", "le"),
            ("exclusiveMinimum", "gt"),
            ("exclusiveMaximum", "lt"),
        ):
            value = schema.get(keyword_)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                args.append(f"{argument}={value!r}")
        if isinstance(schema.get("pattern"), str):
            args.append(f"pattern={schema['pattern']!r}")
        metadata = [f"pydantic.Field({', '.join(args)})"] if args else []
        if schema.get("uniqueItems") is True:
            metadata.append("pydantic.AfterValidator(unique_items)")
        return f"Annotated[{expr}, {', '.join(metadata)}]" if metadata else expr

    # --- named schemas --------------------------------------------------------------------------------------

    def named(self, name: str) -> None:
        if name in self.models or name in self.aliases or name in self._building:
            return
        schema = self.schemas[name]
        self._building.add(name)
        if schema.get("type") == "object" and schema.get("properties"):
            self.build_model(name, schema)
        else:
            self.aliases[name] = Alias(name, schema.get("description", ""), self._type(schema, name, request=False))

    def inline_model(self, name: str, schema: Json) -> Model:
        if name in self.schemas and self.schemas[name] is not schema:
            name += "Object"
        if name not in self.models:
            self.build_model(name, schema)
        return self.models[name]

    def build_model(self, name: str, schema: Json) -> Model:
        model = Model(name, schema.get("description", ""), [], closed=schema.get("additionalProperties") is False)
        self.models[name] = model
        required = set(schema.get("required", []))
        for wire, prop_schema in schema.get("properties", {}).items():
            if not wire.isidentifier() or keyword.iskeyword(wire):
                raise SpecError(f"{name}.{wire}: a field name must be a Python identifier")
            described = self.deref(prop_schema)
            model.props.append(
                Prop(
                    name=wire,
                    wire=wire,
                    model_type=self.model_type(prop_schema, name + pascal(wire)),
                    param_type="",
                    required=wire in required,
                    description=prop_schema.get("description") or described.get("description", ""),
                )
            )
        return model

    # --- operations -----------------------------------------------------------------------------------------

    def operation(self, path: str, method: str, item: Json, op: Json) -> Operation:
        where = f"{method.upper()} {path}"
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*", op_id):
            raise SpecError(
                f"{where}: the operationId must read 'resource.verb' (it names coze.resource.verb), got {op_id!r}"
            )
        resource, verb = op_id.split(".")
        params: list[Param] = []
        declared = [self.deref(p) for p in [*item.get("parameters", []), *op.get("parameters", [])]]
        by_key: dict[tuple[str, str], Json] = {}
        for parameter in declared:
            by_key[(parameter["in"], parameter["name"])] = parameter
        for (location, wire), parameter in by_key.items():
            if location == "cookie":
                raise SpecError(f"{op_id}: cookie parameters are not supported ({wire})")
            params.append(
                Param(
                    name=snake(wire),
                    wire=wire,
                    location=location,
                    required=bool(parameter.get("required")) or location == "path",
                    param_type=self.param_type(parameter.get("schema", {}), pascal(op_id) + pascal(wire)),
                    description=parameter.get("description", ""),
                )
            )
        body = self.deref(op.get("requestBody")) or {}
        body_schema_ref = body.get("content", {}).get("application/json", {}).get("schema")
        body_min = body_max = None
        if body_schema_ref is not None:
            body_schema = self.deref(body_schema_ref)
            if body_schema.get("type") != "object":
                raise SpecError(
                    f"{op_id}: the JSON request body must be an object; its fields become keyword arguments"
                )
            required = set(body_schema.get("required", []))
            for wire, prop_schema in body_schema.get("properties", {}).items():
                described = self.deref(prop_schema)
                params.append(
                    Param(
                        name=snake(wire),
                        wire=wire,
                        location="body",
                        required=wire in required,
                        param_type=self.param_type(prop_schema, pascal(op_id) + pascal(wire)),
                        description=prop_schema.get("description") or described.get("description", ""),
                    )
                )
            body_min = body_schema.get("minProperties")
            body_max = body_schema.get("maxProperties")
        names = [param.name for param in params]
        for name in names:
            if name in RESERVED:
                raise SpecError(f"{op_id}: the parameter {name!r} clashes with a keyword argument every method has")
            if names.count(name) > 1:
                raise SpecError(f"{op_id}: two parameters are both called {name!r} in Python")
        # Required keyword arguments first reads better; the order within each group is the spec's.
        params.sort(key=lambda param: not param.required)

        response_type: Optional[str] = None
        page_item: Optional[str] = None
        stream: Optional[Stream] = None
        success = next(
            (self.deref(r) for status, r in op.get("responses", {}).items() if str(status).startswith("2")), None
        )
        content = (success or {}).get("content", {})
        json_schema = content.get("application/json", {}).get("schema")
        if json_schema is not None:
            response_type = self.model_type(json_schema, pascal(op_id) + "Response")
            shape = self.deref(json_schema)
            props = shape.get("properties", {})
            if (
                any(p.location == "query" and p.wire == "cursor" for p in params)
                and self.deref(props.get("data", {})).get("type") == "array"
                and "has_more" in props
                and "next_cursor" in props
            ):
                page_item = self.model_type(self.deref(props["data"]).get("items", {}), pascal(op_id) + "Item")
        sse = content.get("text/event-stream", {}).get("schema")
        if sse is not None and any(p.location == "body" and p.wire == "stream" for p in params):
            stream = self.stream(op_id, sse)
        security = op.get("security", self.doc.get("security")) or []
        return Operation(
            id=op_id,
            resource=resource,
            method=verb + "_" if keyword.iskeyword(verb) else verb,
            http_method=method.upper(),
            path=path,
            summary=op.get("summary", ""),
            description=op.get("description", ""),
            params=params,
            has_body=body_schema_ref is not None,
            body_min_properties=body_min,
            body_max_properties=body_max,
            response=response_type,
            auth=bool(security) and any(requirement for requirement in security),
            page_item=page_item,
            stream=stream,
        )

    def stream(self, op_id: str, schema_ref: Json) -> Stream:
        schema = self.deref(schema_ref)
        mapping = schema.get("discriminator", {}).get("mapping")
        if schema.get("discriminator", {}).get("propertyName") != "event" or not mapping:
            raise SpecError(
                f"{op_id}: a text/event-stream schema must be a oneOf with a discriminator on 'event' and a mapping"
            )
        events: dict[str, str] = {}
        for event, ref in mapping.items():
            name = self.schema_name({"$ref": ref})
            if name is None:
                raise SpecError(f"{op_id}: the event {event!r} must map to a component schema")
            self.named(name)
            events[event] = name
        self.model_type(schema_ref, pascal(op_id) + "StreamEvent")
        end = "done" if "done" in events else None
        error = "error" if "error" in events else None
        members = [name for event, name in events.items() if event not in (end, error)]
        return Stream(events, end, error, pascal(op_id) + "Event", members)


def read(doc: Json) -> Api:
    """The whole API, in the spec's order."""
    reader = Reader(doc)
    resources: dict[str, Resource] = {}
    for path, item in doc.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                operation = reader.operation(path, method, item, item[method])
                resource = resources.setdefault(
                    operation.resource, Resource(operation.resource, snake(operation.resource))
                )
                resource.operations.append(operation)
    info = doc.get("info", {})
    servers = doc.get("servers") or [{}]
    return Api(
        title=info.get("title", ""),
        version=str(info.get("version", "")),
        server=str(servers[0].get("url", "")),
        models=list(reader.models.values()),
        aliases=list(reader.aliases.values()),
        resources=list(resources.values()),
    )
