"""A call on a closed client (after ``close()``, or after its ``with`` block) is a CozeError that says so, and
nothing is sent: httpx's own RuntimeError would slip past ``except CozeError``."""

from __future__ import annotations

import httpx
import pytest

from coze import AsyncCozeAPI, CozeAPI, CozeError
from coze.types import ChatMessageParam
from tests.mock import MockServer

CLOSED = (
    r"^This {} is closed \(by close\(\) or at the end of its with block\), so nothing was sent: make a new client\.$"
)
HI: list[ChatMessageParam] = [{"role": "user", "content": "hi"}]


def test_a_call_after_close_or_with_is_refused(server: MockServer) -> None:
    client = CozeAPI(api_key=server.tokens["admin"], base_url=server.url)
    client.close()
    with pytest.raises(CozeError, match=CLOSED.format("CozeAPI")):
        client.workflow.list()
    with CozeAPI(api_key=server.tokens["admin"], base_url=server.url) as client:
        pass
    with pytest.raises(CozeError, match=CLOSED.format("CozeAPI")):
        client.chat.create(messages=HI)
    with pytest.raises(CozeError, match=CLOSED.format("CozeAPI")):
        client.chat.stream(messages=HI)
    assert server.requests() == []


def test_the_next_page_after_close_is_refused(server: MockServer) -> None:
    with CozeAPI(api_key=server.tokens["admin"], base_url=server.url) as client:
        for n in range(3):
            client.workflow.create(name=f"w{n}")
        page = client.workflow.list(limit=2)
    server.reset()
    with pytest.raises(CozeError, match=CLOSED.format("CozeAPI")):
        page.get_next_page()
    assert server.requests() == []


async def test_an_async_call_after_close_or_async_with_is_refused(server: MockServer) -> None:
    client = AsyncCozeAPI(api_key=server.tokens["admin"], base_url=server.url)
    await client.close()
    with pytest.raises(CozeError, match=CLOSED.format("AsyncCozeAPI")):
        await client.workflow.list()
    async with AsyncCozeAPI(api_key=server.tokens["admin"], base_url=server.url) as client:
        pass
    with pytest.raises(CozeError, match=CLOSED.format("AsyncCozeAPI")):
        async for _ in client.workflow.list():
            pass
    with pytest.raises(CozeError, match=CLOSED.format("AsyncCozeAPI")):
        async for _ in client.chat.stream(messages=HI):
            pass
    assert server.requests() == []


def test_a_client_with_its_own_http_client_is_closed_too_but_not_the_http_client(server: MockServer) -> None:
    http = httpx.Client()
    with CozeAPI(api_key=server.tokens["admin"], base_url=server.url, http_client=http) as client:
        pass
    with pytest.raises(CozeError, match=CLOSED.format("CozeAPI")):
        client.workflow.list()
    assert not http.is_closed
    http.close()


async def test_an_http_client_the_caller_closed_is_a_coze_error(server: MockServer) -> None:
    http = httpx.Client()
    http.close()
    with pytest.raises(CozeError, match=r"^The httpx client passed as http_client is closed, so nothing was sent\.$"):
        CozeAPI(api_key="t", base_url=server.url, http_client=http).workflow.list()
    ahttp = httpx.AsyncClient()
    await ahttp.aclose()
    with pytest.raises(CozeError, match="http_client is closed"):
        await AsyncCozeAPI(api_key="t", base_url=server.url, http_client=ahttp).workflow.list()
    assert server.requests() == []
