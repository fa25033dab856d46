"""The sync and async base clients the generated ``CozeAPI`` classes extend. Each is a thin shell around
``ClientCore``: it owns an httpx client and a rate limiter, and runs the core's effects with its own driver."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Optional, TypeVar, Union

import httpx
from typing_extensions import Self

from . import logs
from .config import ApiKey, AsyncApiKey, refuse_async_key
from .errors import CozeError
from .identity import USER_AGENT
from .operation import Operation
from .pagination import AsyncPage, AsyncPaginator, SyncPage
from .rate_limit import AsyncRateLimiter, RateLimit, RateLimiter
from .response import APIResponse, read_response
from .streaming import AsyncStream, Stream
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NO_OPTIONS,
    ClientCore,
    Delivered,
    Prepared,
    RequestOptions,
    _adrive,
    _drive,
)

StreamT = TypeVar("StreamT", bound=Stream[Any])
AsyncStreamT = TypeVar("AsyncStreamT", bound=AsyncStream[Any])


def _raw(data: Any, delivered: Delivered) -> APIResponse[Any]:
    """What ``with_raw_response`` gives: the data with the response it came in, its body readable."""
    response = read_response(delivered.response, delivered.body or b"")
    return APIResponse(data, response, delivered.attempts, delivered.elapsed)


class _ClientSettings:
    """The constructor both clients share (documented on CozeAPI)."""

    _core: ClientCore
    _closed = False

    def _setup(
        self,
        *,
        api_key: Optional[AsyncApiKey],
        base_url: Optional[str],
        default_base_url: str,
        timeout: float,
        max_retries: int,
        max_response_bytes: int,
        rate_limit: Union[RateLimit, bool],
        default_headers: Optional[Mapping[str, str]],
        allow_insecure_base_url: bool,
        validate_requests: bool,
        log_level: Optional[str],
    ) -> None:
        self._core = ClientCore(
            api_key=api_key,
            base_url=base_url,
            default_base_url=default_base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
            rate_limit=rate_limit,
            default_headers=default_headers,
            allow_insecure_base_url=allow_insecure_base_url,
            validate_requests=validate_requests,
            log_level=log_level,
        )

    def _adopt(self, http_client: Union[httpx.Client, httpx.AsyncClient, None]) -> None:
        """A User-Agent the caller set on their own httpx client is theirs, and is sent rather than the SDK's (one in
        ``default_headers`` or a call's ``extra_headers`` still comes first); httpx's default one is not."""
        if http_client is None:
            return
        agent = http_client.headers.get("user-agent")
        theirs = agent is not None and not agent.startswith("python-httpx/")
        if theirs and self._core.default_headers.get("user-agent") == USER_AGENT:
            del self._core.default_headers["user-agent"]

    def _check_open(self, http: Union[httpx.Client, httpx.AsyncClient]) -> None:
        """A call after ``close()`` fails before anything is sent, as a CozeError: httpx's own error for it is a
        RuntimeError that ``except CozeError`` would miss."""
        if self._closed:
            raise CozeError(
                f"This {type(self).__name__} is closed (by close() or at the end of its with block), so nothing "
                "was sent: make a new client."
            )
        if http.is_closed:
            raise CozeError("The httpx client passed as http_client is closed, so nothing was sent.")

    @property
    def base_url(self) -> str:
        return self._core.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._core.base_url!r}, api_key=[REDACTED])"


class SyncAPIClient(_ClientSettings):
    """The sync client: one httpx.Client (keep-alive) and a thread-safe rate limiter per instance."""

    def __init__(
        self,
        *,
        api_key: Optional[ApiKey] = None,
        base_url: Optional[str] = None,
        default_base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: Union[RateLimit, bool] = True,
        default_headers: Optional[Mapping[str, str]] = None,
        http_client: Optional[httpx.Client] = None,
        allow_insecure_base_url: bool = False,
        validate_requests: bool = True,
        log_level: Optional[str] = None,
    ) -> None:
        refuse_async_key(api_key)
        self._setup(
            api_key=api_key,
            base_url=base_url,
            default_base_url=default_base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
            rate_limit=rate_limit,
            default_headers=default_headers,
            allow_insecure_base_url=allow_insecure_base_url,
            validate_requests=validate_requests,
            log_level=log_level,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise CozeError("http_client must be an httpx.Client (use an httpx.AsyncClient with AsyncCozeAPI).")
        self._adopt(http_client)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self._core.timeout, follow_redirects=False)
        self._limiter = RateLimiter(self._core.rate_limit) if self._core.rate_limit else None

    def _deliver(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions, stream: bool
    ) -> tuple[Prepared, Delivered]:
        self._check_open(self._http)
        prepared = self._core.prepare(operation, params, options, stream)
        delivered = _drive(self._core.attempts(self._http, prepared, self._limiter), self._http, self._limiter)
        self._core.check(prepared, delivered)
        return prepared, delivered

    def _request(self, operation: Operation, params: Mapping[str, Any], options: RequestOptions = NO_OPTIONS) -> Any:
        prepared, delivered = self._deliver(operation, params, options, False)
        data = self._core.parse(prepared, delivered)
        return self._page(prepared, options, data) if operation.paginated else data

    def _request_raw(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions = NO_OPTIONS
    ) -> APIResponse[Any]:
        prepared, delivered = self._deliver(operation, params, options, False)
        data = self._core.parse(prepared, delivered)
        if operation.paginated:
            data = self._page(prepared, options, data)
        return _raw(data, delivered)

    def _request_stream(
        self,
        operation: Operation,
        params: Mapping[str, Any],
        options: RequestOptions,
        stream_class: type[StreamT],
    ) -> StreamT:
        assert operation.stream is not None
        _, delivered = self._deliver(operation, params, options, True)
        core = self._core
        return stream_class(delivered.response, operation.stream, core.redact, core.log_level >= logs.WARN)

    def _page(self, prepared: Prepared, options: RequestOptions, first: Any) -> SyncPage[Any]:
        def fetch(cursor: str, seen: frozenset[str]) -> SyncPage[Any]:
            params = {**prepared.params, "cursor": cursor}
            again, delivered = self._deliver(prepared.operation, params, options, False)
            return SyncPage(self._core.parse(again, delivered), fetch, seen)

        return SyncPage(first, fetch, frozenset())

    def close(self) -> None:
        """Closes the connections (only those of an httpx client the SDK made itself); later calls raise CozeError."""
        self._closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: Optional[type[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()


class AsyncAPIClient(_ClientSettings):
    """The async client: an httpx.AsyncClient and a task-safe rate limiter per instance. It serves one event loop
    at a time, and a later one too (one ``asyncio.run()`` after another)."""

    def __init__(
        self,
        *,
        api_key: Optional[AsyncApiKey] = None,
        base_url: Optional[str] = None,
        default_base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: Union[RateLimit, bool] = True,
        default_headers: Optional[Mapping[str, str]] = None,
        http_client: Optional[httpx.AsyncClient] = None,
        allow_insecure_base_url: bool = False,
        validate_requests: bool = True,
        log_level: Optional[str] = None,
    ) -> None:
        self._setup(
            api_key=api_key,
            base_url=base_url,
            default_base_url=default_base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
            rate_limit=rate_limit,
            default_headers=default_headers,
            allow_insecure_base_url=allow_insecure_base_url,
            validate_requests=validate_requests,
            log_level=log_level,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise CozeError("http_client must be an httpx.AsyncClient (use an httpx.Client with CozeAPI).")
        self._adopt(http_client)
        self._owns_http = http_client is None
        self._http = http_client or self._new_http()
        self._http_loop: Optional[asyncio.AbstractEventLoop] = None
        self._limiter = AsyncRateLimiter(self._core.rate_limit) if self._core.rate_limit else None

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self._core.timeout, follow_redirects=False)

    def _http_client(self) -> httpx.AsyncClient:
        """The httpx client for the running loop. The SDK's own is made anew in a new loop: its kept-alive
        connections belong to the loop that opened them, which a finished ``asyncio.run()`` has closed. The old one
        is left, not closed: closing means awaiting on its loop. A caller's client is theirs, never replaced."""
        if self._owns_http:
            loop = asyncio.get_running_loop()
            if loop is not self._http_loop:
                # A client closed by the caller stays closed: _check_open then says so.
                if self._http_loop is not None and not self._http.is_closed:
                    self._http = self._new_http()
                self._http_loop = loop
        return self._http

    async def _deliver(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions, stream: bool
    ) -> tuple[Prepared, Delivered]:
        http = self._http_client()
        self._check_open(http)
        prepared = self._core.prepare(operation, params, options, stream)
        delivered = await _adrive(self._core.attempts(http, prepared, self._limiter), http, self._limiter)
        self._core.check(prepared, delivered)
        return prepared, delivered

    async def _request(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions = NO_OPTIONS
    ) -> Any:
        prepared, delivered = await self._deliver(operation, params, options, False)
        data = self._core.parse(prepared, delivered)
        return self._page(prepared, options, data) if operation.paginated else data

    async def _request_raw(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions = NO_OPTIONS
    ) -> APIResponse[Any]:
        prepared, delivered = await self._deliver(operation, params, options, False)
        data = self._core.parse(prepared, delivered)
        if operation.paginated:
            data = self._page(prepared, options, data)
        return _raw(data, delivered)

    def _request_pages(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions = NO_OPTIONS
    ) -> AsyncPaginator[Any]:
        async def first() -> AsyncPage[Any]:
            page: AsyncPage[Any] = await self._request(operation, params, options)
            return page

        return AsyncPaginator(first)

    def _request_stream(
        self,
        operation: Operation,
        params: Mapping[str, Any],
        options: RequestOptions,
        stream_class: type[AsyncStreamT],
    ) -> AsyncStreamT:
        assert operation.stream is not None

        async def opener() -> httpx.Response:
            _, delivered = await self._deliver(operation, params, options, True)
            return delivered.response

        core = self._core
        return stream_class(opener, operation.stream, core.redact, core.log_level >= logs.WARN)

    def _page(self, prepared: Prepared, options: RequestOptions, first: Any) -> AsyncPage[Any]:
        async def fetch(cursor: str, seen: frozenset[str]) -> AsyncPage[Any]:
            params = {**prepared.params, "cursor": cursor}
            again, delivered = await self._deliver(prepared.operation, params, options, False)
            return AsyncPage(self._core.parse(again, delivered), fetch, seen)

        return AsyncPage(first, fetch, frozenset())

    async def close(self) -> None:
        """Closes the connections (only those of an httpx client the SDK made itself); later calls raise CozeError."""
        self._closed = True
        if self._owns_http:
            await self._http_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: Optional[type[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await self.close()
