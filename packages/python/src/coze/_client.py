"""``CozeAPI`` and ``AsyncCozeAPI``: the generated clients, plus ``chat.stream`` (the one hand-written method)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Optional

from typing_extensions import Unpack

from ._chat_stream import AsyncChatStream, ChatStream
from ._gen import operations
from ._gen.client import AsyncCozeSdk, CozeSdk
from ._gen.resources import AsyncChatResource, ChatResource
from ._gen.types import ChatCreateStreamParams
from ._runtime import RequestOptions


class ChatAPI(ChatResource):
    """``coze.chat``: the generated operations, plus ``stream()``."""

    def stream(
        self,
        *,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
        **params: Unpack[ChatCreateStreamParams],
    ) -> ChatStream:
        """Creates a chat whose reply streams as server-sent events: ``chat.create`` with ``stream=True``, typed
        events and two helpers. Retries happen only before the stream opens (the call returns once it has);
        the rate limiter applies when it opens.

        Example::

            with coze.chat.stream(messages=[{"role": "user", "content": "你好"}]) as stream:
                for text in stream.text_deltas():
                    print(text, end="")
        """
        options = RequestOptions(timeout, max_retries, extra_headers, max_response_bytes)
        return self._client._request_stream(operations.CHAT_CREATE, {**params, "stream": True}, options, ChatStream)


class AsyncChatAPI(AsyncChatResource):
    """``coze.chat`` of the async client: the generated operations, plus ``stream()``."""

    def stream(
        self,
        *,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
        **params: Unpack[ChatCreateStreamParams],
    ) -> AsyncChatStream:
        """The async ``chat.stream``: ``async for`` over it (or ``async with``) opens the stream.

        Example::

            async for text in coze.chat.stream(messages=[{"role": "user", "content": "你好"}]).text_deltas():
                print(text, end="")
        """
        options = RequestOptions(timeout, max_retries, extra_headers, max_response_bytes)
        return self._client._request_stream(
            operations.CHAT_CREATE, {**params, "stream": True}, options, AsyncChatStream
        )


class CozeAPI(CozeSdk):
    """The Coze API client: one method per operation of the spec (``coze.chat.create``, ``coze.workflow.list``…),
    with auth, the 10 requests/s token bucket, retries with backoff, 30 s timeouts, typed errors and validation.

    Example::

        from coze import CozeAPI

        coze = CozeAPI(api_key="YOUR_API_KEY")
        chat = coze.chat.create(messages=[{"role": "user", "content": "你好"}])
        print(chat.content)
    """

    @cached_property
    def chat(self) -> ChatAPI:
        return ChatAPI(self)


class AsyncCozeAPI(AsyncCozeSdk):
    """The async Coze API client: the same methods as ``CozeAPI``, awaited.

    Example::

        from coze import AsyncCozeAPI

        coze = AsyncCozeAPI(api_key="YOUR_API_KEY")
        chat = await coze.chat.create(messages=[{"role": "user", "content": "你好"}])
        async for workflow in coze.workflow.list():
            print(workflow.id)
    """

    @cached_property
    def chat(self) -> AsyncChatAPI:
        return AsyncChatAPI(self)
