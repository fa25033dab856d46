"""One AsyncCozeAPI used from one asyncio.run() after another (a script or a test suite that runs each step in
its own loop): the connections the SDK opened belong to the loop that opened them, so the SDK's own httpx client
is made anew for a new loop. An httpx client the caller passed in stays theirs, never replaced."""

from __future__ import annotations

import asyncio

import httpx

from coze import AsyncCozeAPI
from tests.mock import MockServer


def test_a_client_serves_one_asyncio_run_after_another(server: MockServer) -> None:
    client = AsyncCozeAPI(api_key=server.tokens["admin"], base_url=server.url)

    async def call() -> str:
        return (await client.chat.create(messages=[{"role": "user", "content": "hi"}])).content

    first = asyncio.run(call())
    second = asyncio.run(call())
    assert first == second and len(server.requests()) == 2

    async def stream_then_close() -> str:
        text = "".join(
            [t async for t in client.chat.stream(messages=[{"role": "user", "content": "hi"}]).text_deltas()]
        )
        await client.close()
        return text

    assert asyncio.run(stream_then_close()) == first


def test_a_callers_http_client_is_never_replaced(server: MockServer) -> None:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    # No kept-alive connections: the caller's client itself works from any loop, and every call goes through it.
    http = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0), event_hooks={"request": [record]})
    client = AsyncCozeAPI(api_key=server.tokens["admin"], base_url=server.url, http_client=http)

    async def call() -> None:
        await client.workflow.list()

    asyncio.run(call())
    asyncio.run(call())
    assert len(seen) == 2 and not http.is_closed
    asyncio.run(http.aclose())
