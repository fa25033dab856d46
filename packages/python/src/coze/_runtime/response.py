"""``with_raw_response``: the parsed data together with the HTTP response it came in."""

from __future__ import annotations

from typing import Generic, Optional, TypeVar

import httpx

T = TypeVar("T")


class APIResponse(Generic[T]):
    """The data of a call with its raw response: status, headers, request id, attempts.

    Example::

        raw = coze.chat.with_raw_response.create(messages=[{"role": "user", "content": "你好"}])
        print(raw.status_code, raw.request_id, raw.headers["x-ratelimit-remaining"])
        chat = raw.parse()
    """

    def __init__(self, data: T, http_response: httpx.Response, attempts: int, elapsed: float) -> None:
        self.data = data
        self.http_response = http_response
        self.attempts = attempts
        """How many attempts the call took (1 without retries)."""
        self.elapsed = elapsed
        """Seconds from the first attempt to the final response, waits included."""

    def parse(self) -> T:
        """The response's data, as the method without ``with_raw_response`` returns it."""
        return self.data

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> Optional[str]:
        """The ``X-Request-Id`` header: quote it when you contact support."""
        request_id: Optional[str] = self.http_response.headers.get("x-request-id")
        return request_id

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] request_id={self.request_id!r}>"


def read_response(response: httpx.Response, body: bytes) -> httpx.Response:
    """The streamed response as ``response.read()`` would have left it, with the body the capped read took, so
    that a caller's ``raw.http_response.json()`` reads it. A copy made with httpx's public constructor (httpx has no
    public way to hand a streamed response its body), and only for ``with_raw_response``: no other call shows the
    response. The headers are set after the body is given: it is already decoded, and a Content-Encoding among
    them would have the constructor decode it again."""
    read = httpx.Response(
        response.status_code,
        content=body,
        request=response.request,
        extensions=response.extensions,
        history=response.history,
        default_encoding=response.default_encoding,
    )
    read.headers = response.headers
    read.elapsed = response.elapsed
    read.next_request = response.next_request
    return read
