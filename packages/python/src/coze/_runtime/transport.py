"""The runtime's policies, written once for the sync and the async client.

``ClientCore`` holds every decision and does no I/O: it checks and shapes the request, and ``ClientCore.attempts``
is a generator that *describes* one logical call — take a rate-limit token, send an attempt, sleep before a retry
— as effects it yields, reading each effect's result back. Two small drivers carry the effects out, ``_drive``
with ``httpx.Client`` and blocking sleeps, ``_adrive`` with ``httpx.AsyncClient`` and ``asyncio.sleep``; the retry
loop, the backoff, ``Retry-After``, the Idempotency-Key, the errors and the logs exist once (as openai-python keeps
its policy in one base client, and unlike two hand-kept copies of a loop).
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import traceback
from collections import deque
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional, Union, cast

import httpx
import pydantic

from . import logs
from .body import json_body
from .config import AsyncApiKey, KeyFunction, atoken_of, resolve_api_key, resolve_base_url, token_of
from .errors import (
    APIConnectionError,
    APITimeoutError,
    CozeError,
    ResponseTooLargeError,
    UnexpectedResponseError,
    detached,
    error_from_response,
)
from .headers import HeaderValue, check_headers
from .idempotency import changes_state, idempotency_key
from .identity import USER_AGENT
from .models import CozeModel
from .operation import Operation, QueryValue, given, split, validate
from .options import check_call_limits, check_client_limits
from .pagination import CURSOR_PAGE, is_cursor_page
from .rate_limit import AsyncRateLimiter, RateLimit, RateLimiter, resolve_rate_limit
from .retry import MAX_RETRY_AFTER, backoff_delay, is_retryable_status, parse_retry_after

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2


@dataclass(frozen=True)
class RequestOptions:
    """Per-call settings, given as keyword arguments of every method."""

    timeout: Optional[float] = None
    max_retries: Optional[int] = None
    extra_headers: Optional[Mapping[str, str]] = None
    max_response_bytes: Optional[int] = None


NO_OPTIONS = RequestOptions()


@dataclass
class Prepared:
    """A checked request, ready to be sent as many times as the retries need."""

    operation: Operation
    params: dict[str, Any]
    method: str
    url: str
    path: str
    query: list[tuple[str, QueryValue]]
    headers: dict[str, HeaderValue]
    content: Optional[bytes]
    stream: bool
    timeout: float
    max_retries: int
    max_response_bytes: int


@dataclass
class Delivered:
    """The final response of a call (success, or an error the retries did not or should not fix)."""

    response: httpx.Response
    body: Optional[bytes] = field(repr=False)
    """Not in the repr: a traceback printed with its locals shows a Delivered held by a frame, and a success body
    may quote the token."""
    attempts: int
    elapsed: float
    retry_after: Optional[float]
    body_error: Optional[Exception] = None
    """Why an error status's body is a note, not the body: the cause of the error raised for it."""


class Send(NamedTuple):
    """Effect: send one attempt; the driver answers with an ``Outcome``."""

    request: httpx.Request
    read_body: bool
    max_bytes: int
    """The largest body read whole (counted after decompression)."""


class Sleep(NamedTuple):
    """Effect: wait before the next attempt."""

    seconds: float


class AskKey(NamedTuple):
    """Effect: ask the key function for this attempt's token (the async driver awaits an async one); the driver
    answers with the checked token."""

    api_key: KeyFunction


class Acquire(NamedTuple):
    """Effect: take a token from the client's rate limiter; the driver answers with the seconds it waited."""


ACQUIRE = Acquire()
Effect = Union[Send, Sleep, Acquire, AskKey]


class Outcome(NamedTuple):
    response: Optional[httpx.Response]
    body: Optional[bytes]
    error: Optional[Exception]
    body_error: Optional[Exception] = None
    """An error status whose body could not be read whole: why (the body is a note in its place)."""


CUT_OFF = b"(the response body was cut off)"
TIMEOUT_CACHE_SIZE = 16
"""How many per-call timeouts' httpx settings a client keeps made."""

DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""TypeScript's default maxResponseBytes: 32 MiB."""


def too_large_note(limit: int) -> bytes:
    """What stands for an error body larger than the limit (the words of @coze/runtime's note)."""
    return f"(the response body is larger than max_response_bytes, {limit} bytes)".encode()


class Unsendable(Exception):
    """What the drivers report in place of httpx's LocalProtocolError (a request h11 refuses to write, as a value
    with spaces around it): the caller's setup, not the network, so no retry can help; and its message, which may
    quote a header and the token in it, stays behind."""


def _forget_reading(error: BaseException) -> None:
    """Clears the finished frames of `error` and of every exception behind it, and drops a context its raiser
    suppressed (`raise ... from None`): the failed decode it hides holds the body in its frames and message, and a
    reporter that ignores the suppression, or a debugger walking the chain, would show them."""
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        traceback.clear_frames(link.__traceback__)
        if link.__suppress_context__:
            link.__context__ = None
        link = link.__cause__ or link.__context__


class ClientCore:
    """Everything the two clients share: settings, checks, the retry policy, result parsing and logs."""

    def __init__(
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
        self._api_key = resolve_api_key(api_key)
        # A key function's latest tokens: a rotated one may still be quoted by an answer in flight.
        self._recent_tokens: deque[str] = deque(maxlen=4)
        self.base_url = resolve_base_url(base_url, default_base_url, allow_insecure_base_url)
        check_client_limits(timeout=timeout, max_retries=max_retries, max_response_bytes=max_response_bytes)
        self.max_response_bytes = max_response_bytes
        self.timeout = float(timeout)
        self.max_retries = max_retries
        self.rate_limit = resolve_rate_limit(rate_limit)
        self.default_headers = {"user-agent": USER_AGENT, **check_headers(default_headers or {}, "default_headers")}
        self.validate_requests = validate_requests
        self.log_level = logs.resolve_level(log_level)
        self._timeouts: dict[float, dict[str, Optional[float]]] = {}

    def __repr__(self) -> str:
        return f"ClientCore(base_url={self.base_url!r}, api_key=[REDACTED])"

    def redact(self, text: str) -> str:
        """The text with every token this client sends replaced: for what a server sends back that reaches a log
        line or an error without passing the error-answer redaction (a success body, a stream's error event)."""
        tokens = self._recent_tokens if callable(self._api_key) else (self._api_key,)
        for token in tokens:
            text = logs.redact_token_text(text, token)
        return text

    def redacted(self, body: Union[str, bytes, None]) -> str:
        """A body for a debug line: redacted, then cut (a token cut in two would not be found)."""
        if body is None:
            return logs.cut(None)
        return logs.cut(self.redact(body.decode("utf-8", "replace") if isinstance(body, bytes) else body))

    # --- before sending -------------------------------------------------------------------------------------

    def prepare(
        self, operation: Operation, params: Mapping[str, Any], options: RequestOptions, stream: bool
    ) -> Prepared:
        """Checks the input against the contract (nothing is sent when it breaks it) and shapes the request."""
        if options.timeout is not None or options.max_retries is not None or options.max_response_bytes is not None:
            check_call_limits(
                timeout=options.timeout, max_retries=options.max_retries, max_response_bytes=options.max_response_bytes
            )
        args = given(params)
        if self.validate_requests:
            validate(operation, args)
        parts = split(operation, args)
        headers = dict(self.default_headers)
        headers.update(parts.headers)
        headers["accept"] = "text/event-stream" if stream else "application/json"
        content = None
        if parts.body is not None:
            headers["content-type"] = "application/json"
            content = json_body(parts.body, operation.params)
        if options.extra_headers:
            headers.update(check_headers(options.extra_headers, "extra_headers"))
        if changes_state(operation.method) and "idempotency-key" not in headers:
            headers["idempotency-key"] = idempotency_key()
        timeout = self.timeout if options.timeout is None else float(options.timeout)
        max_retries = self.max_retries if options.max_retries is None else options.max_retries
        max_bytes = self.max_response_bytes if options.max_response_bytes is None else options.max_response_bytes
        return Prepared(
            operation=operation,
            params=args,
            method=operation.method,
            url=self.base_url + parts.path,
            path=parts.path,
            query=parts.query,
            headers=headers,
            content=content,
            stream=stream,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_bytes,
        )

    def _timeout(self, seconds: float) -> dict[str, Optional[float]]:
        timeout = self._timeouts.get(seconds)
        if timeout is None:
            # Bounded: a caller that passes each call what is left of a deadline would grow it with every call.
            if len(self._timeouts) >= TIMEOUT_CACHE_SIZE:
                self._timeouts.clear()
            timeout = self._timeouts[seconds] = httpx.Timeout(seconds).as_dict()
        return timeout

    # --- one logical call -----------------------------------------------------------------------------------

    def attempts(
        self, http: Union[httpx.Client, httpx.AsyncClient], prepared: Prepared, limiter: Any
    ) -> Generator[Effect, Any, Delivered]:
        """The call's attempts as effects: a token from the limiter before each, the bearer token, retries with
        exponential backoff for connection failures, timeouts and retryable statuses, ``Retry-After`` honoured
        (beyond 60 s the error is raised at once). Returns the final response; raises only when none was had."""
        level = self.log_level
        started = time.monotonic()
        name = f"{prepared.method} {prepared.path}"
        if level >= logs.DEBUG:
            logs.logger.debug("%s request body: %s", name, self.redacted(prepared.content))
        attempt = 0
        while True:
            if limiter is not None:
                waited = yield ACQUIRE
                if waited and level >= logs.DEBUG:
                    logs.logger.debug("%s waited %s for a rate-limit token", name, logs.ms(waited))
            headers = prepared.headers
            token: Optional[str] = None
            if prepared.operation.auth:
                token = (yield AskKey(self._api_key)) if callable(self._api_key) else self._api_key
            if token is not None and callable(self._api_key) and token not in self._recent_tokens:
                self._recent_tokens.append(token)
            if token is not None:
                headers = {**headers, "authorization": "Bearer " + token}
            # A Request made here rather than by http.build_request: that parses and merges the URL on every call,
            # which costs more than everything else the SDK does per call (the client's headers are merged below;
            # its cookie jar, which this API does not use, is not).
            request = httpx.Request(
                prepared.method,
                _url(prepared.url),
                params=prepared.query or None,
                # httpx takes str or (Latin-1) bytes value by value; its annotation asks for one kind throughout.
                headers=cast("dict[str, str]", {**dict(http.headers), **headers}),
                content=prepared.content,
                extensions={"timeout": self._timeout(prepared.timeout)},
            )
            sent = time.monotonic()
            outcome: Outcome = yield Send(request, not prepared.stream, prepared.max_response_bytes)
            answer = outcome.response
            if token is not None and answer is not None and not answer.is_success:
                # An error body or header that quotes the token (a server or proxy that echoes the request) would put
                # it in the error's message, body, headers and repr, and in the log lines about the failure: every one
                # is made from these.
                if outcome.body:
                    outcome = outcome._replace(body=logs.redact_token(outcome.body, token))
                _redact_token_in_headers(answer, token)
            del request, headers, token, answer

            if outcome.error is not None or outcome.response is None:
                failure = self._failure(outcome.error, prepared.timeout)
                if level >= logs.DEBUG:
                    logs.logger.debug(
                        "%s attempt %d failed after %s: %s",
                        name,
                        attempt + 1,
                        logs.ms(time.monotonic() - sent),
                        failure,
                    )
                if attempt >= prepared.max_retries or not isinstance(failure, APIConnectionError):
                    if level >= logs.ERROR:
                        logs.logger.error(
                            "%s failed: %s (attempts=%d, elapsed=%s)",
                            name,
                            failure,
                            attempt + 1,
                            logs.ms(time.monotonic() - started),
                        )
                    raise failure
                delay = backoff_delay(attempt)
                if level >= logs.WARN:
                    logs.logger.warning("%s retrying in %s: %s", name, logs.ms(delay), failure)
                yield Sleep(delay)
                attempt += 1
                continue

            response = outcome.response
            status = response.status_code
            if level >= logs.DEBUG:
                logs.logger.debug(
                    "%s attempt %d: %d in %s, request id %s, headers %s",
                    name,
                    attempt + 1,
                    status,
                    logs.ms(time.monotonic() - sent),
                    response.headers.get("x-request-id"),
                    logs.redact_headers(response.headers),
                )
            if response.is_success:
                return Delivered(response, outcome.body, attempt + 1, time.monotonic() - started, None)

            retry_after = parse_retry_after(response.headers)
            if status == 429 and limiter is not None:
                limiter.rate_limited(
                    retry_after if retry_after is not None and retry_after <= MAX_RETRY_AFTER else None
                )
            too_long = retry_after is not None and retry_after > MAX_RETRY_AFTER
            if not (is_retryable_status(status) and attempt < prepared.max_retries and not too_long):
                if too_long and level >= logs.WARN:
                    logs.logger.warning(
                        "%s: the server asks to wait %.0f s, beyond the %.0f s the client sleeps through; not retried",
                        name,
                        retry_after,
                        MAX_RETRY_AFTER,
                    )
                body_error = outcome.body_error
                if isinstance(body_error, httpx.HTTPError):
                    body_error = detached(body_error, self.redact)
                return Delivered(
                    response, outcome.body, attempt + 1, time.monotonic() - started, retry_after, body_error
                )
            delay = retry_after if retry_after is not None else backoff_delay(attempt)
            if level >= logs.WARN:
                reason = "Retry-After" if retry_after is not None else "backoff"
                logs.logger.warning("%s retrying in %s (%s) after %d", name, logs.ms(delay), reason, status)
            yield Sleep(delay)
            attempt += 1

    def _failure(self, error: Optional[Exception], timeout: float) -> CozeError:
        """The error of an attempt that had no answer; only an APIConnectionError is worth another attempt. httpx's
        error is its cause, as a copy that cannot carry the token (see ``detached``)."""
        if isinstance(error, ResponseTooLargeError):
            return error
        if isinstance(error, Unsendable):
            return CozeError(
                "The request could not be sent as built: httpx refused to write it (LocalProtocolError, whose "
                "message is not shown: it may quote a header, the Authorization header too). It was not retried: "
                "check the headers of the httpx client passed as http_client."
            )
        failure: CozeError
        if isinstance(error, httpx.TimeoutException):
            failure = APITimeoutError(f"The request timed out after {timeout:g} s.")
        else:
            failure = APIConnectionError(f"Connection error: {type(error).__name__}: {self.redact(str(error))}")
        failure.__cause__ = None if error is None else detached(error, self.redact)
        return failure

    # --- after the response ---------------------------------------------------------------------------------

    def check(self, prepared: Prepared, delivered: Delivered) -> None:
        """Raises the typed error of an error response; logs the call's line."""
        response = delivered.response
        if response.is_success:
            if self.log_level >= logs.INFO:
                self._log_call(prepared, delivered)
            return
        text = (delivered.body or b"").decode("utf-8", "replace")
        error = error_from_response(response.status_code, text, response.headers, delivered.retry_after)
        # As in TypeScript: an error whose body is a note (too large, cut off) has the reason as its cause.
        if delivered.body_error is not None:
            error.__cause__ = delivered.body_error
        if self.log_level >= logs.ERROR:
            logs.logger.error(
                "%s %s failed: %s (attempts=%d, elapsed=%s, request_id=%s)",
                prepared.method,
                prepared.path,
                error,
                delivered.attempts,
                logs.ms(delivered.elapsed),
                error.request_id,
            )
        raise error

    def _log_call(self, prepared: Prepared, delivered: Delivered) -> None:
        response = delivered.response
        logs.logger.info(
            "%s %s %d attempts=%d elapsed=%s request_id=%s",
            prepared.method,
            prepared.path,
            response.status_code,
            delivered.attempts,
            logs.ms(delivered.elapsed),
            response.headers.get("x-request-id"),
        )
        if self.log_level >= logs.DEBUG and delivered.body is not None:
            logs.logger.debug("%s %s response body: %s", prepared.method, prepared.path, self.redacted(delivered.body))

    def parse(self, prepared: Prepared, delivered: Delivered) -> Any:
        """The success response's data as the operation's model, with its request id."""
        try:
            return self._data(prepared, delivered)
        except BaseException as error:
            # A body off its schema may quote the token (a server that echoes the request), and the frames that read
            # it hold it, and what was made of it, in their locals: a traceback printed with its locals (a
            # debugger's, an error tracker's) would show them. The frames below this one are done; they keep none.
            _forget_reading(error)
            raise

    def _data(self, prepared: Prepared, delivered: Delivered) -> Any:
        body = delivered.body
        operation = prepared.operation
        if operation.response is None:
            return None
        if not body:
            # The spec promises a body: None would pass for the data its type says cannot be None.
            raise UnexpectedResponseError(
                f"the JSON body of {operation.id}", delivered.response.status_code, delivered.response.headers, ""
            )
        response_type = operation.response
        request_id = delivered.response.headers.get("x-request-id")
        try:
            if isinstance(response_type, type) and issubclass(response_type, pydantic.BaseModel):
                data: Any = response_type.model_validate_json(body)
            else:
                data = operation.response_adapter().validate_json(body)
        except pydantic.ValidationError as error:
            data = self._lenient(prepared, delivered, error)
        if operation.paginated and not is_cursor_page(data):
            response = delivered.response
            raise UnexpectedResponseError(CURSOR_PAGE, response.status_code, response.headers, self._snippet(body))
        if isinstance(data, CozeModel):
            data._set_request_id(request_id)
        return data

    def _lenient(self, prepared: Prepared, delivered: Delivered, error: pydantic.ValidationError) -> Any:
        """A response that does not match its schema is still handed over (the call happened), unchecked."""
        try:
            raw = json.loads(delivered.body or b"")
        except ValueError:
            response = delivered.response
            if "json" not in response.headers.get("content-type", ""):
                # A gateway's "OK" or any other text: not the data the operation promises, as in TypeScript.
                raise UnexpectedResponseError(
                    "the JSON body the operation promises",
                    response.status_code,
                    response.headers,
                    self._snippet(delivered.body or b""),
                ) from None
            raise CozeError(f"The {response.status_code} response is not the JSON it claims to be.") from None
        if self.log_level >= logs.WARN:
            self._warn_unchecked(prepared, error)
        response_type = prepared.operation.response
        if isinstance(raw, dict) and isinstance(response_type, type) and issubclass(response_type, pydantic.BaseModel):
            return response_type.model_construct(**raw)
        return raw

    def _snippet(self, body: bytes) -> str:
        """The start of a success body for an error's message: redacted before it is cut (a token cut in two would
        not be found), since a body that quotes the token is the caller's data, not theirs to log."""
        return self.redact(body[:4096].decode("utf-8", "replace"))[:512]

    def _warn_unchecked(self, prepared: Prepared, error: pydantic.ValidationError) -> None:
        logs.logger.warning(
            "%s %s: the response does not match its schema (%d issue(s): %s); returned unchecked",
            prepared.method,
            prepared.path,
            error.error_count(),
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:3]),
        )


@functools.lru_cache(maxsize=512)
def _url(text: str) -> httpx.URL:
    """URLs parsed once: a client calls the same few URLs again and again."""
    return httpx.URL(text)


# --- the two drivers ----------------------------------------------------------------------------------------


def _drive(
    attempts: Generator[Effect, Any, Delivered], http: httpx.Client, limiter: Optional[RateLimiter]
) -> Delivered:
    answer: Any = None
    while True:
        try:
            effect = attempts.send(answer)
        except StopIteration as done:
            result: Delivered = done.value
            return result
        # The last answer may be the token (a key function's): not a local of this frame while the next effect
        # runs, which may raise (a transport or an event hook of the caller's), and a traceback show it.
        del answer
        if type(effect) is Send:
            answer = _send(http, effect)
        elif type(effect) is Sleep:
            time.sleep(effect.seconds)
            answer = None
        elif type(effect) is AskKey:
            answer = token_of(effect.api_key)
        else:
            answer = limiter.acquire() if limiter is not None else 0.0


def _send(http: httpx.Client, effect: Send) -> Outcome:
    try:
        response = http.send(effect.request, stream=True)
    except httpx.LocalProtocolError:
        return Outcome(None, None, Unsendable())
    except httpx.HTTPError as error:
        return Outcome(None, None, error)
    if not effect.read_body and response.is_success:
        return Outcome(response, None, None)
    body = _CappedBody(effect.max_bytes)
    try:
        for chunk in response.iter_bytes():
            if not body.add(chunk):
                break
    except httpx.HTTPError as error:
        # An error status with a cut-off body is still that error; a cut-off success is a failure to retry.
        if response.is_success:
            return Outcome(None, None, error)
        return Outcome(response, CUT_OFF, None, error)
    finally:
        response.close()
    return _within_limit(response, body.whole(), effect.max_bytes)


async def _adrive(
    attempts: Generator[Effect, Any, Delivered], http: httpx.AsyncClient, limiter: Optional[AsyncRateLimiter]
) -> Delivered:
    answer: Any = None
    while True:
        try:
            effect = attempts.send(answer)
        except StopIteration as done:
            result: Delivered = done.value
            return result
        del answer  # as in _drive: the token a key function gave is no local while the next effect runs
        if type(effect) is Send:
            answer = await _asend(http, effect)
        elif type(effect) is Sleep:
            await asyncio.sleep(effect.seconds)
            answer = None
        elif type(effect) is AskKey:
            answer = await atoken_of(effect.api_key)
        else:
            answer = await limiter.acquire() if limiter is not None else 0.0


async def _asend(http: httpx.AsyncClient, effect: Send) -> Outcome:
    try:
        response = await http.send(effect.request, stream=True)
    except httpx.LocalProtocolError:
        return Outcome(None, None, Unsendable())
    except httpx.HTTPError as error:
        return Outcome(None, None, error)
    if not effect.read_body and response.is_success:
        return Outcome(response, None, None)
    body = _CappedBody(effect.max_bytes)
    try:
        async for chunk in response.aiter_bytes():
            if not body.add(chunk):
                break
    except httpx.HTTPError as error:
        if response.is_success:
            return Outcome(None, None, error)
        return Outcome(response, CUT_OFF, None, error)
    finally:
        await response.aclose()
    return _within_limit(response, body.whole(), effect.max_bytes)


class _CappedBody:
    """A body read chunk by chunk, both drivers' way: reading stops once it is larger than ``limit``, so a huge body
    is never held."""

    __slots__ = ("_kept", "_limit", "_size")

    def __init__(self, limit: int) -> None:
        self._kept: list[bytes] = []
        self._size = 0
        self._limit = limit

    def add(self, chunk: bytes) -> bool:
        """Keeps ``chunk``; False once the body is over the limit (read no more)."""
        self._size += len(chunk)
        if self._size > self._limit:
            return False
        self._kept.append(chunk)
        return True

    def whole(self) -> Optional[bytes]:
        """The body, or None if it was over the limit."""
        return None if self._size > self._limit else b"".join(self._kept)


def _within_limit(response: httpx.Response, body: Optional[bytes], limit: int) -> Outcome:
    """A body over the limit fails a success (not retried: the next answer would be as large) and leaves an error
    status its class, with a note for its body, as in TypeScript."""
    if body is not None:
        return Outcome(response, body, None)
    if response.is_success:
        return Outcome(None, None, ResponseTooLargeError(response.status_code, limit))
    return Outcome(response, too_large_note(limit), None, ResponseTooLargeError(response.status_code, limit))


def _redact_token_in_headers(response: httpx.Response, token: str) -> None:
    """Replaces the token in every header value of an error answer that quotes it (as ``logs.redact_token`` does in
    its body, and not a token under 6 characters)."""
    items = response.headers.multi_items()
    redacted = [(name, logs.redact_token_text(value, token)) for name, value in items]
    if redacted != items:
        response.headers = httpx.Headers(redacted)
