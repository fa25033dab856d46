"""An incremental parser for ``text/event-stream`` bytes, following the same rules as @coze/runtime's SSEParser
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): ``\\n``, ``\\r\\n``
and ``\\r`` line endings (also split across chunks), comments, multi-line ``data``, ``id`` and ``retry`` fields,
UTF-8 split across chunks, and a last event without its trailing blank line still dispatched at the end."""

from __future__ import annotations

import codecs
from typing import NamedTuple, Optional


class ServerSentEvent(NamedTuple):
    """One dispatched event."""

    event: str
    """The ``event`` field; ``message`` when the server sent none."""
    data: str
    """The ``data`` lines, joined with ``\\n``."""
    id: str
    """The last event id seen on the stream (ids persist across events)."""
    retry: Optional[int]
    """The ``retry`` field of this event, in ms, when it carried a valid one."""


_new_tuple = tuple.__new__


class SSEParser:
    """Feed it bytes in any split; each call returns the events those bytes completed."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._skip_lf = False
        self._data: list[str] = []
        self._event = ""
        self._id = ""
        self._retry: Optional[int] = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._lines(self._decoder.decode(chunk), final=False)

    def end(self) -> list[ServerSentEvent]:
        """The stream ended: flushes a half line and dispatches a last event that had no blank line after it."""
        events = self._lines(self._decoder.decode(b"", final=True), final=True)
        self._dispatch(events)
        return events

    def _lines(self, text: str, final: bool) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        if text:
            # A "\r\n" split by a chunk boundary is one line ending, not two.
            if self._skip_lf:
                self._skip_lf = False
                if text[0] == "\n":
                    text = text[1:]
            if "\r" in text:
                self._skip_lf = text[-1] == "\r"
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            lines = (self._pending + text).split("\n")
            self._pending = lines.pop()
            data = self._data
            # The lines of nearly every event inline (the hot loop of every stream); the general rule in _line.
            for line in lines:
                if not line:
                    self._dispatch(events)
                elif line[:6] == "data: ":
                    data.append(line[6:])
                elif line[:7] == "event: ":
                    self._event = line[7:]
                else:
                    self._line(line, events)
        if final and self._pending:
            line, self._pending = self._pending, ""
            self._line(line, events)
        return events

    def _line(self, line: str, events: list[ServerSentEvent]) -> None:
        if not line:
            self._dispatch(events)
            return
        colon = line.find(":")
        if colon == 0:
            return
        if colon < 0:
            field, value = line, ""
        else:
            field = line[:colon]
            value = line[colon + 2 :] if line[colon + 1 : colon + 2] == " " else line[colon + 1 :]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\0" not in value:
                self._id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)

    def _dispatch(self, events: list[ServerSentEvent]) -> None:
        event, retry = self._event or "message", self._retry
        self._event, self._retry = "", None
        if not self._data:
            return
        data = self._data[0] if len(self._data) == 1 else "\n".join(self._data)
        self._data.clear()
        # tuple.__new__ directly: a NamedTuple's own __new__ is a Python function, slow on a stream's hot path.
        events.append(_new_tuple(ServerSentEvent, (event, data, self._id, retry)))
