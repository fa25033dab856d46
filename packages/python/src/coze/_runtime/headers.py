"""Header names and values the transport can send, checked before anything is: the rule of @coze/runtime's
checkHeaders (RFC 9110 token names; tab, visible ASCII, space and Latin-1 in values), plus what httpx adds to it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Optional, Union

from .errors import RequestValidationError, ValidationIssue

HeaderValue = Union[str, bytes]
"""A value as httpx takes it: ``str`` when ASCII, Latin-1 ``bytes`` otherwise (httpx encodes ``str`` as ASCII)."""

_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
_EDGES = " \t"


def header_value(field: str, value: object) -> HeaderValue:
    """One value ready for httpx, or a RequestValidationError naming ``field``. A bad value is never quoted: it may
    be a secret."""
    problem = _problem(value)
    if problem is None and isinstance(value, str):
        return _sendable(value)
    raise RequestValidationError([ValidationIssue(field, "header-value", f"{field} {problem}")])


def check_headers(headers: Mapping[str, object], field: str) -> dict[str, HeaderValue]:
    """The headers with lower-case names and values ready for httpx; a RequestValidationError naming every one no
    transport could send (a CRLF that would inject a header, a NUL, a character beyond Latin-1)."""
    checked: dict[str, HeaderValue] = {}
    issues: list[ValidationIssue] = []
    for name, value in headers.items():
        if not (isinstance(name, str) and _NAME.fullmatch(name)):
            text = str(name)
            shown = f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'
            issues.append(
                ValidationIssue(
                    f"{field}[{shown}]",
                    "header-name",
                    f"{field}: {shown} is not a valid header name (letters, digits and !#$%&'*+.^_`|~- only)",
                )
            )
            continue
        problem = _problem(value)
        if problem is None and isinstance(value, str):
            checked[name.lower()] = _sendable(value)
        else:
            issues.append(ValidationIssue(f"{field}.{name}", "header-value", f"{field}.{name} {problem}"))
    if issues:
        raise RequestValidationError(issues)
    return checked


def _problem(value: object) -> Optional[str]:
    if not isinstance(value, str):
        return f"must be a string to go into a header; got a {type(value).__name__}"
    if not (value.isascii() and value.isprintable()) and not _VALUE.fullmatch(value):
        return (
            "has a character not allowed in a header (a control character such as a line break, or one beyond "
            "Latin-1); the value is not shown"
        )
    # h11, under httpx, refuses to write a value with whitespace around it (RFC 9110 has none there).
    if value != value.strip(_EDGES):
        return "starts or ends with a space or tab, which a header value cannot; the value is not shown"
    return None


def _sendable(value: str) -> HeaderValue:
    return value if value.isascii() else value.encode("latin-1")
