"""``coze.chat.stream(...)``: a streamed chat with two helpers, the reply's text as it arrives and the completed
chat. Hand-written on top of the generated ``chat.create`` binding, like @coze/client's ChatStream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Optional

from ._gen.types import Chat, ChatCreateEvent
from ._runtime import AsyncStream, CozeError, Stream


def _no_completion() -> CozeError:
    return CozeError("The stream ended without a 'chat.completed' event.")


class ChatStream(Stream[ChatCreateEvent]):
    """A streamed chat: iterate its typed events, or use ``text_deltas()`` or ``final_chat()``. It can be read once;
    leaving the ``with`` block (or ``close()``) closes the connection.

    Example::

        with coze.chat.stream(messages=[{"role": "user", "content": "你好"}]) as stream:
            for text in stream.text_deltas():
                print(text, end="", flush=True)
    """

    def text_deltas(self) -> Iterator[str]:
        """The reply's text, piece by piece, as it arrives."""
        for event in self:
            if event.event == "chat.message.delta":
                yield event.data.delta

    def final_chat(self) -> Chat:
        """Reads the whole stream and returns the completed chat (the object ``chat.create`` returns)."""
        chat: Optional[Chat] = None
        for event in self:
            if event.event == "chat.completed":
                chat = event.data
        if chat is None:
            raise _no_completion()
        return chat


class AsyncChatStream(AsyncStream[ChatCreateEvent]):
    """The async twin of ``ChatStream``: ``async for`` over its events, ``text_deltas()``, ``await final_chat()``.

    Example::

        async for text in coze.chat.stream(messages=[{"role": "user", "content": "你好"}]).text_deltas():
            print(text, end="", flush=True)
    """

    async def text_deltas(self) -> AsyncIterator[str]:
        """The reply's text, piece by piece, as it arrives."""
        async for event in self:
            if event.event == "chat.message.delta":
                yield event.data.delta

    async def final_chat(self) -> Chat:
        """Reads the whole stream and returns the completed chat (the object ``chat.create`` returns)."""
        chat: Optional[Chat] = None
        async for event in self:
            if event.event == "chat.completed":
                chat = event.data
        if chat is None:
            raise _no_completion()
        return chat
