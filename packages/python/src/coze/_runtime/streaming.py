"""Typed server-sent event streams: ``Stream`` for the sync client, ``AsyncStream`` for the async one. Both read
the same way (``EventReader``): an error event raises the APIError subclass for its code, a frame whose data is not
JSON raises StreamParseError, a dropped connection or a stream without its end marker raises APIConnectionError,
and the read timeout (the longest wait for the next bytes) raises APITimeoutError. Closing a stream, or leaving
its ``with`` block, closes the connection."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Generator, Iterator
from types import TracebackType
from typing import Any, Callable, Generic, Optional, TypeVar, cast, get_type_hints

import httpx
import pydantic
from pydantic_core import SchemaValidator
from typing_extensions import Self

from .errors import (
    APIConnectionError,
    APITimeoutError,
    CozeError,
    StreamParseError,
    UnexpectedResponseError,
    detached,
    error_from_response,
)
from .operation import StreamSpec
from .sse import ServerSentEvent, SSEParser

EventT = TypeVar("EventT")

_log = logging.getLogger("coze")
_SNIPPET_CHARS = 512


class EventReader:
    """The stream rules, without I/O: turns parsed SSE events into typed events and knows when the stream is done."""

    def __init__(
        self, spec: StreamSpec, response: httpx.Response, redact: Callable[[str], str] = str, warn: bool = False
    ) -> None:
        self.spec = spec
        self.response = response
        self.redact = redact
        """Takes the client's token out of what the server sends back into an error (an event that echoes it)."""
        self.warn = warn
        """Whether the client logs warnings (its ``log_level`` is ``warn`` or above)."""
        self.snippet: Optional[str] = None if "text/event-stream" in response.headers.get("content-type", "") else ""
        """The start of a body that is not an event stream (an HTML login page, JSON): the error if no stream came."""
        self.parser = SSEParser()
        self.count = 0
        self.done = False
        """Nothing more to read: the end event came, or a failure did."""
        self.failure: Optional[Exception] = None
        """The error to raise once the events before it are yielded (an error event, a malformed frame, a drop)."""

    def typed(self, events: list[ServerSentEvent]) -> Iterator[Any]:
        """The typed events of one chunk, each made as the caller takes it, up to a failure, which is kept in
        ``failure``, not raised: the events the same chunk carried before it are the caller's to yield first. One at
        a time, not a list: a chunk's hundreds of events alive at once outlived the garbage collector's youngest
        generation, and promoting them cost more than reading them (the stream ran at half a plain parser's speed)."""
        spec = self.spec
        models, validators, end_event, error_event = spec.events, spec.data_validators, spec.end_event, spec.error_event
        for name, text, _, _ in events:
            if name == end_event:
                self.done = True
                return
            model = models.get(name)
            if model is None or name == error_event:
                try:
                    data = json.loads(text)
                except ValueError:
                    self._fail(StreamParseError(name, self.redact(text)))
                    return
                if name == error_event:
                    self._fail(self._error(data))
                    return
                # An event this version of the SDK does not know: newer servers may send more kinds.
                continue
            try:
                # The data's JSON is parsed and checked in one pass of pydantic-core, then wrapped in its event.
                validator = validators.get(name) or self._data_validator(name, model)
                event = model.__pydantic_validator__.validate_python(
                    {"event": name, "data": validator.validate_json(text)}
                )
            except pydantic.ValidationError as error:
                event = self._unchecked(name, model, text, error)
                if event is None:
                    return
            self.count += 1
            yield event

    def feed(self, chunk: bytes) -> Iterator[Any]:
        """The typed events of the next bytes of the body (the bytes are parsed at once, the events made lazily)."""
        if self.snippet is not None and len(self.snippet) < _SNIPPET_CHARS:
            self.snippet += chunk[:_SNIPPET_CHARS].decode("utf-8", "replace")
        return self.typed(self.parser.feed(chunk))

    def _data_validator(self, name: str, model: type[pydantic.BaseModel]) -> SchemaValidator:
        # get_type_hints resolves the annotation's names in the model's module (the models use lazy annotations).
        adapter = pydantic.TypeAdapter(get_type_hints(model)["data"])
        validator = self.spec.data_validators[name] = cast(SchemaValidator, adapter.validator)
        return validator

    def _unchecked(self, name: str, model: type[pydantic.BaseModel], text: str, error: pydantic.ValidationError) -> Any:
        """Data that is JSON but not the schema's shape is passed on unchecked (a newer server may add to it); data
        that is not JSON is the stream's failure (None)."""
        try:
            data = json.loads(text)
        except ValueError:
            self._fail(StreamParseError(name, self.redact(text)))
            return None
        if self.warn:
            _log.warning("the '%s' event does not match its schema (%s); passed on unchecked", name, error)
        return model.model_construct(event=name, data=data)

    def _fail(self, failure: Exception) -> None:
        self.failure = failure
        self.done = True

    def _error(self, data: Any) -> CozeError:
        code = data.get("code") if isinstance(data, dict) else None
        status = code if isinstance(code, int) and 400 <= code <= 599 else 500
        request_id = self.response.headers.get("x-request-id")
        headers = {"x-request-id": request_id} if request_id else {}
        return error_from_response(status, self.redact(json.dumps(data, ensure_ascii=False)), headers)

    def ended(self) -> None:
        """The body ended: without an end event to wait for, that is the stream's normal end."""
        if self.spec.end_event is None:
            self.done = True

    def cut_off(self) -> CozeError:
        if self.snippet is not None:
            return self._not_a_stream()
        return APIConnectionError(
            f"The stream ended after {self.count} event(s) without its '{self.spec.end_event}' marker: "
            "the connection was cut off."
        )

    def broken(self, error: Exception) -> CozeError:
        if self.snippet is not None:
            return self._not_a_stream()
        failure: CozeError
        if isinstance(error, httpx.TimeoutException):
            failure = APITimeoutError(
                f"No stream data within the timeout after {self.count} event(s): gave up waiting."
            )
        else:
            failure = APIConnectionError(
                f"The stream broke off after {self.count} event(s) ({type(error).__name__}: {self.redact(str(error))})."
            )
        failure.__cause__ = detached(error, self.redact)
        return failure

    def _not_a_stream(self) -> UnexpectedResponseError:
        """A success that is not the event stream asked for, as in TypeScript: its status, type and start."""
        response = self.response
        snippet = self.redact(self.snippet or "")
        return UnexpectedResponseError("a text/event-stream response", response.status_code, response.headers, snippet)


class _StreamBase(Generic[EventT]):
    _reader: EventReader

    @property
    def response(self) -> httpx.Response:
        """The HTTP response the events arrive on (status, headers)."""
        return self._reader.response

    @property
    def request_id(self) -> Optional[str]:
        """The ``X-Request-Id`` of the response: quote it when you contact support."""
        request_id: Optional[str] = self._reader.response.headers.get("x-request-id")
        return request_id


class Stream(_StreamBase[EventT]):
    """The typed events of one ``text/event-stream`` response. Iterate it once; ``close()`` or leaving the ``with``
    block closes the connection, and so does breaking out of the loop.

    Example::

        with coze.chat.create(messages=[{"role": "user", "content": "你好"}], stream=True) as stream:
            for event in stream:
                print(event.event)
    """

    def __init__(
        self, response: httpx.Response, spec: StreamSpec, redact: Callable[[str], str] = str, warn: bool = False
    ) -> None:
        self._reader = EventReader(spec, response, redact, warn)
        self._consumed = False
        self._closed = False

    def __iter__(self) -> Iterator[EventT]:
        if self._consumed:
            raise CozeError("This stream was already iterated; a stream can be read once.")
        self._consumed = True
        return self._events()

    def _events(self) -> Iterator[EventT]:
        reader = self._reader
        try:
            chunks = reader.response.iter_bytes()
            while not reader.done and not self._closed:
                try:
                    chunk = next(chunks)
                except StopIteration:
                    yield from reader.typed(reader.parser.end())
                    reader.ended()
                    break
                except httpx.HTTPError as error:
                    reader.failure = reader.broken(error)
                    break
                events = reader.feed(chunk)
                # The raw bytes may quote the token (an error event that echoes it): no traceback's locals keep them
                # (nor the events, once they are the caller's: they live in the reader's generator, gone when done).
                del chunk
                yield from events
        finally:
            reader.response.close()
        if reader.failure is not None:
            raise reader.failure
        if not reader.done and not self._closed:
            raise reader.cut_off()

    def close(self) -> None:
        """Closes the connection without reading further; a loop over the stream ends."""
        self._closed = True
        self._reader.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: Optional[type[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()


class AsyncStream(_StreamBase[EventT]):
    """The async twin of ``Stream``. ``async for`` opens it when it is not open yet; ``await`` or ``async with`` opens
    it first (errors before the first event surface there). ``await stream.close()`` closes the connection.

    Example::

        async with coze.chat.stream(messages=[{"role": "user", "content": "你好"}]) as stream:
            async for text in stream.text_deltas():
                print(text, end="")
    """

    def __init__(
        self,
        opener: Callable[[], Awaitable[httpx.Response]],
        spec: StreamSpec,
        redact: Callable[[str], str] = str,
        warn: bool = False,
    ) -> None:
        self._opener: Optional[Callable[[], Awaitable[httpx.Response]]] = opener
        self._spec = spec
        self._redact = redact
        self._warn = warn
        self._consumed = False
        self._closed = False

    async def _open(self) -> Self:
        if self._opener is not None:
            opener, self._opener = self._opener, None
            self._reader = EventReader(self._spec, await opener(), self._redact, self._warn)
            if self._closed:
                await self._reader.response.aclose()
        return self

    @property
    def response(self) -> httpx.Response:
        if self._opener is not None:
            raise CozeError("The stream is not open yet: await it (or iterate it) first.")
        return self._reader.response

    def __await__(self) -> Generator[Any, None, Self]:
        return self._open().__await__()

    def __aiter__(self) -> AsyncIterator[EventT]:
        if self._consumed:
            raise CozeError("This stream was already iterated; a stream can be read once.")
        self._consumed = True
        return self._events()

    async def _events(self) -> AsyncIterator[EventT]:
        await self._open()
        reader = self._reader
        try:
            chunks = reader.response.aiter_bytes()
            while not reader.done and not self._closed:
                try:
                    chunk = await chunks.__anext__()
                except StopAsyncIteration:
                    for event in reader.typed(reader.parser.end()):
                        yield event
                        del event  # as below: no local keeps an event once it is given
                    reader.ended()
                    break
                except httpx.HTTPError as error:
                    reader.failure = reader.broken(error)
                    break
                events = reader.feed(chunk)
                # The raw bytes may quote the token (an error event that echoes it), and so may the events once they
                # are the caller's (a success that quotes it): no traceback's locals keep them. A for loop's variable
                # would keep the last event given.
                del chunk
                for event in events:
                    yield event
                    del event
        finally:
            await reader.response.aclose()
        if reader.failure is not None:
            raise reader.failure
        if not reader.done and not self._closed:
            raise reader.cut_off()

    async def close(self) -> None:
        """Closes the connection without reading further; a loop over the stream ends."""
        self._closed = True
        if self._opener is None:
            await self._reader.response.aclose()

    async def __aenter__(self) -> Self:
        return await self._open()

    async def __aexit__(
        self, kind: Optional[type[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await self.close()
