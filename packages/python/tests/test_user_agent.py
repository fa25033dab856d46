"""Every request names the SDK in its User-Agent, in the form of the TypeScript SDK's
(``coze-client-ts/<version> (<runtime> <version>; <os>)``); a caller's own User-Agent wins."""

from __future__ import annotations

import platform
import re
from importlib import metadata

import httpx

from coze import AsyncCozeAPI, CozeAPI, __version__
from tests.mock import MockServer

VERSION = metadata.version("coze-client")


def agents(server: MockServer) -> list[str]:
    return [request["headers"].get("user-agent") for request in server.requests()]


def test_the_sdk_names_itself_with_its_version_python_and_os(coze: CozeAPI, server: MockServer) -> None:
    coze.workflow.list()
    coze.chat.create(messages=[{"role": "user", "content": "hi"}])
    (first, second) = agents(server)
    assert first == second
    pattern = rf"coze-client-python/{re.escape(VERSION)} \(python {re.escape(platform.python_version())}; (\w+)\)"
    matched = re.fullmatch(pattern, first)
    assert matched, first
    assert matched.group(1) == {"Darwin": "macos"}.get(platform.system(), platform.system().lower())
    assert __version__ == VERSION


async def test_the_async_client_names_itself_too(acoze: AsyncCozeAPI, server: MockServer) -> None:
    await acoze.workflow.list()
    assert agents(server)[0].startswith(f"coze-client-python/{VERSION} (python ")


async def test_the_callers_user_agent_wins(server: MockServer) -> None:
    token = server.tokens["admin"]
    with CozeAPI(api_key=token, base_url=server.url, default_headers={"User-Agent": "my-app/2.0"}) as client:
        client.workflow.list()
        client.workflow.list(extra_headers={"user-agent": "my-job/3.1"})
    async with AsyncCozeAPI(api_key=token, base_url=server.url) as aclient:
        await aclient.workflow.list(extra_headers={"USER-AGENT": "my-task/4"})
    assert agents(server) == ["my-app/2.0", "my-job/3.1", "my-task/4"]


async def test_a_user_agent_set_on_the_callers_own_httpx_client_is_sent(server: MockServer) -> None:
    token = server.tokens["admin"]
    mine = httpx.Client(headers={"User-Agent": "my-proxy-client/1"})
    with mine, CozeAPI(api_key=token, base_url=server.url, http_client=mine) as client:
        client.workflow.list()
    amine = httpx.AsyncClient(headers={"User-Agent": "my-async-client/2"})
    async with amine, AsyncCozeAPI(api_key=token, base_url=server.url, http_client=amine) as aclient:
        await aclient.workflow.list()
    # httpx's own default is not the caller's choice: the SDK names itself; default_headers still come first.
    plain = httpx.Client()
    with plain, CozeAPI(api_key=token, base_url=server.url, http_client=plain) as client:
        client.workflow.list()
    again = httpx.Client(headers={"User-Agent": "my-proxy-client/1"})
    with (
        again,
        CozeAPI(api_key=token, base_url=server.url, http_client=again, default_headers={"User-Agent": "x/3"}) as c,
    ):
        c.workflow.list()
    seen = agents(server)
    assert seen[:2] == ["my-proxy-client/1", "my-async-client/2"]
    assert seen[2].startswith("coze-client-python/")
    assert seen[3] == "x/3"
