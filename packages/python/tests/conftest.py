"""Fixtures: the embedded server (one per session, reset before each test that uses it), clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from coze import AsyncCozeAPI, CozeAPI
from tests.mock import MockServer


@pytest.fixture(scope="session")
def server_session() -> Iterator[MockServer]:
    # No server-side rate limit here: the tests that are about the limit start their own server.
    server = MockServer(rateLimit=False)
    yield server
    server.close()


@pytest.fixture
def server(server_session: MockServer) -> MockServer:
    server_session.reset()
    return server_session


@pytest.fixture
def coze(server: MockServer) -> Iterator[CozeAPI]:
    client = CozeAPI(api_key=server.tokens["admin"], base_url=server.url)
    yield client
    client.close()


@pytest.fixture
async def acoze(server: MockServer) -> AsyncIterator[AsyncCozeAPI]:
    client = AsyncCozeAPI(api_key=server.tokens["admin"], base_url=server.url)
    yield client
    await client.close()
