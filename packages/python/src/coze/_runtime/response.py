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
