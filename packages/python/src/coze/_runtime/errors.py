"""The exceptions the SDK raises: the same names and hierarchy as @coze/runtime's.

``CozeError`` ⊃ ``APIError`` (``BadRequestError``, ``AuthenticationError``, ``PermissionDeniedError``,
``NotFoundError``, ``RateLimitError``, ``InternalServerError``), ``APIConnectionError`` ⊃ ``APITimeoutError``,
``RequestValidationError`` (raised before anything is sent), ``UnexpectedResponseError`` and ``StreamParseError``.
None of them ever holds the API token: they are made from the response and the request's method and URL only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, Optional

import httpx


class CozeError(Exception):
    """The base of every error this SDK raises: ``except coze.CozeError``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class APIError(CozeError):
    """The server answered with an error status. Subclasses name the status.

    Attributes:
        status: the HTTP status.
        code: the body's ``code`` (the HTTP status in the Coze API), or the status when the body has none.
        details: the body's ``details``: what exactly went wrong.
        request_id: the ``X-Request-Id`` response header: quote it when you contact support.
        headers: the response headers (the request's Authorization never appears here).
        body: the parsed error body, or the raw text when it was not JSON.
    """

    def __init__(self, status: int, body: Any, message: str, headers: Mapping[str, str]) -> None:
        super().__init__(message)
        self.status = status
        parsed = body if isinstance(body, dict) else None
        code = parsed.get("code") if parsed else None
        self.code: int = code if isinstance(code, int) and not isinstance(code, bool) else status
        self.details: Any = parsed.get("details") if parsed else None
        self.headers: dict[str, str] = {name.lower(): value for name, value in headers.items()}
        self.request_id: Optional[str] = self.headers.get("x-request-id")
        self.body: Any = body

    def to_dict(self) -> dict[str, Any]:
        """The error's fields as plain data (for logs and JSON)."""
        return {
            "name": type(self).__name__,
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "details": self.details,
            "request_id": self.request_id,
        }


class BadRequestError(APIError):
    """400: the request's parameters are invalid; ``details`` names the field and the rule."""


class AuthenticationError(APIError):
    """401: the token is missing or unknown."""


class PermissionDeniedError(APIError):
    """403: the token's permission level is too low for the operation."""


class NotFoundError(APIError):
    """404: the addressed resource does not exist."""


class InternalServerError(APIError):
    """5xx: the server failed (after the retries, if any)."""


class RateLimitError(APIError):
    """429: the rate limit was exceeded and the retries (if any) did not get through.

    Attributes:
        retry_after: seconds the server asked to wait (``Retry-After`` / ``retry-after-ms``), when it said.
    """

    def __init__(
        self, status: int, body: Any, message: str, headers: Mapping[str, str], retry_after: Optional[float]
    ) -> None:
        super().__init__(status, body, message, headers)
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "retry_after": self.retry_after}


class APIConnectionError(CozeError):
    """The request never got an answer: DNS, a refused or reset connection, a body cut off mid-way."""


class APITimeoutError(APIConnectionError):
    """An attempt (or, for streams, the wait for the next bytes) took longer than the timeout."""


class ResponseTooLargeError(CozeError):
    """A success whose body was larger than ``max_response_bytes`` (counted after decompression). Reading stopped
    there and the connection was closed; the call is not retried, since the next answer would be as large. An error
    status with such a body is still its ``APIError``, with a note for its body.

    Attributes:
        status: the status of the response whose body was too large.
        limit: the limit that was exceeded, in bytes.
    """

    def __init__(self, status: int, limit: int) -> None:
        super().__init__(
            f"The {status} response body is larger than max_response_bytes ({limit} bytes, counted after "
            "decompression); reading stopped there. Raise max_response_bytes if such a body is expected."
        )
        self.status = status
        self.limit = limit


@dataclass(frozen=True)
class ValidationIssue:
    """One way the input breaks the contract: the field (a dotted path) and the rule it breaks."""

    field: str
    """Where, e.g. ``temperature`` or ``messages[0].role``."""
    rule: str
    """The JSON Schema keyword that failed, e.g. ``maximum``, ``required``, ``enum``."""
    message: str
    """A readable sentence naming the field and the rule."""


class RequestValidationError(CozeError):
    """The input breaks the API contract; nothing was sent."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        super().__init__("Invalid request: " + "; ".join(issue.message for issue in issues))
        self.issues = issues


class UnexpectedResponseError(CozeError):
    """A success status whose body is not what the operation answers with, such as an empty body where the spec
    promises JSON. The message names the status, the Content-Type and the start of the body.

    Attributes:
        status: the HTTP status.
        content_type: the response's Content-Type, or None when it had none.
        snippet: the start of the body (at most 512 characters).
        request_id: the ``X-Request-Id`` response header.
    """

    def __init__(self, expected: str, status: int, headers: Mapping[str, str], snippet: str) -> None:
        content_type = headers.get("content-type")
        what = "has no Content-Type" if content_type is None else f"is {content_type}"
        body = "an empty body" if not snippet.strip() else json.dumps(snippet[:512], ensure_ascii=False)
        super().__init__(f"Expected {expected}, but the {status} response {what}: {body}")
        self.status = status
        self.content_type = content_type
        self.snippet = snippet[:512]
        self.request_id = headers.get("x-request-id")


class StreamParseError(CozeError):
    """A stream frame whose data is not the JSON it should be."""

    def __init__(self, event: str, data: str) -> None:
        snippet = data if len(data) <= 120 else data[:120] + "…"
        super().__init__(f"Malformed '{event}' event: its data is not JSON ({json.dumps(snippet, ensure_ascii=False)})")
        self.event = event


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}


def error_from_response(
    status: int, text: str, headers: Mapping[str, str], retry_after: Optional[float] = None
) -> APIError:
    """Turns an error response into the class users catch. A proxy's HTML page or a truncated JSON body still
    yields the right class and a readable message."""
    body = _parse(text)
    message = _describe(status, body, text)
    if status == 429:
        return RateLimitError(status, body, message, headers, retry_after)
    error_class = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIError)
    return error_class(status, body, message, headers)


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


# As @coze/runtime: the longest message and details taken from a JSON error body, and how much of another body is
# looked at (an error page says what it is early).
_MAX_FIELD_CHARS = 500
_SCAN_CHARS = 16 * 1024


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(status: int, body: Any, text: str) -> str:
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        details = body.get("details")
        suffix = f": {_cut(details, _MAX_FIELD_CHARS)}" if isinstance(details, str) and details else ""
        return f"{status} {_cut(body['message'], _MAX_FIELD_CHARS)}{suffix}"
    snippet = _plain_text(text[:_SCAN_CHARS])
    return f"{status} {snippet}" if snippet else f"{status} (no body)"


_TITLE = re.compile(r"<title[^>]*>([^<]*)</title>", re.IGNORECASE)


def _plain_text(text: str) -> str:
    """A short readable line from a non-JSON body, e.g. the <title> of an HTML error page."""
    title = _TITLE.search(text)
    raw = title.group(1) if title else re.sub(r"<[^>]*>", " ", text)
    return _cut(" ".join(raw.split()), 200)


def detached(error: Exception, redact: Callable[[str], str]) -> Exception:
    """httpx's error, as the cause of a connection error: its class and its (redacted) message only. The error itself
    holds the request, whose headers hold the token; its traceback and the httpcore errors it chains hold frames
    whose locals may too, and a traceback printed with its locals (a debugger's, an error tracker's) shows them."""
    copy = type(error).__new__(type(error))
    message = redact(str(error))
    # Not the class's own __init__: some take the request, some nothing. HTTPError's leaves the request unset.
    if isinstance(copy, httpx.HTTPError):
        httpx.HTTPError.__init__(copy, message)
    else:
        Exception.__init__(copy, message)
    return copy
