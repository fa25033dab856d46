"""The JSON request body, and what JSON cannot hold (NaN, Infinity, objects it has no form for, a container that
holds itself) as a RequestValidationError naming the field: the error ``json.dumps`` raises names none."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Optional

from .errors import RequestValidationError, ValidationIssue
from .operation import Param


def json_body(body: Mapping[str, Any], params: Sequence[Param]) -> bytes:
    """``body`` as compact UTF-8 JSON; an issue names the keyword argument (of ``params``) a field came from."""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as error:
        # Only on failure: the walk costs nothing on the way to a sendable body.
        names = {param.wire: param.name for param in params if param.location == "body"}
        issue = _first_issue(body, "", names, set()) or ValidationIssue(
            "the request body", "json", f"the request body cannot be written as JSON ({error})"
        )
    raise RequestValidationError([issue])


def _first_issue(value: Any, path: str, names: Mapping[str, str], within: set[int]) -> Optional[ValidationIssue]:
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        got = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        return ValidationIssue(path, "type", f"{path} must be a finite number (JSON has no NaN or Infinity); got {got}")
    if value is None or isinstance(value, (str, int)):
        return None
    if not isinstance(value, (dict, list, tuple)):
        return ValidationIssue(path, "type", f"{path} is a {type(value).__name__}, which JSON has no form for")
    if id(value) in within:
        return ValidationIssue(path, "json", f"{path} contains itself, which JSON cannot hold")
    within.add(id(value))
    if isinstance(value, dict):
        fields = ((f"{path}.{key}" if path else names.get(key, str(key)), item) for key, item in value.items())
    else:
        fields = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    for field, item in fields:
        issue = _first_issue(item, field, names, within)
        if issue is not None:
            return issue
    within.discard(id(value))
    return None
