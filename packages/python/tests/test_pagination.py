"""Cursor pagination: ``for w in coze.workflow.list()`` walks every page; a cursor served twice stops the walk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from coze import AsyncCozeAPI, AsyncPage, CozeAPI, CozeError, SyncPage, UnexpectedResponseError
from tests.http_server import LocalServer, Reply, Request, json_reply
from tests.mock import MockServer


@pytest.fixture
def five(coze: CozeAPI) -> list[str]:
    return [coze.workflow.create(name=f"w{n}").id for n in range(5)]


def test_iterating_a_list_follows_the_cursor(coze: CozeAPI, server: MockServer, five: list[str]) -> None:
    first = coze.workflow.list(limit=2)
    assert isinstance(first, SyncPage) and len(first.data) == 2 and first.has_more
    assert [w.id for w in first] == list(reversed(five))  # newest first, every page
    lists = server.requests("workflow.list")
    assert [r["query"].get("cursor") is None for r in lists] == [True, False, False]
    assert all(r["query"]["limit"] == "2" for r in lists)
    assert [len(p.data) for p in coze.workflow.list(limit=2).iter_pages()] == [2, 2, 1]


def test_the_last_page(coze: CozeAPI, five: list[str]) -> None:
    page = coze.workflow.list(limit=100)
    assert not page.has_next_page() and page.next_cursor is None
    with pytest.raises(CozeError, match="last page"):
        page.get_next_page()


async def test_async_for_over_a_list(acoze: AsyncCozeAPI, five: list[str]) -> None:
    assert [w.id async for w in acoze.workflow.list(limit=2)] == list(reversed(five))
    page = await acoze.workflow.list(limit=3)
    assert isinstance(page, AsyncPage) and len(page.data) == 3
    second = await page.get_next_page()
    assert [w.id for w in second.data] == list(reversed(five))[3:]


@pytest.fixture
def looping() -> Iterator[LocalServer]:
    """A broken server: every page says there is more, with the same cursor after the second page."""

    def handler(request: Request, server: LocalServer) -> Reply:
        n = len(server.requests)
        item: dict[str, Any] = {
            "id": f"wf_{n}",
            "name": "w",
            "description": "",
            "nodes": [],
            "version": 1,
            "created_at": 1,
            "updated_at": 1,
        }
        return json_reply({"data": [item], "has_more": True, "next_cursor": "c1" if n == 1 else "c2"})

    local = LocalServer(handler)
    yield local
    local.close()


def test_a_repeated_cursor_stops_with_a_clear_error(looping: LocalServer) -> None:
    seen = []
    with (
        CozeAPI(api_key="t", base_url=looping.url) as client,
        pytest.raises(CozeError, match="returned the cursor 'c2' a second time"),
    ):
        for workflow in client.workflow.list():
            seen.append(workflow.id)
    assert seen == ["wf_1", "wf_2", "wf_3"]
    assert len(looping.requests) == 3


async def test_a_repeated_cursor_stops_the_async_walk_too(looping: LocalServer) -> None:
    async with AsyncCozeAPI(api_key="t", base_url=looping.url) as client:
        with pytest.raises(CozeError, match="a second time"):
            async for _ in client.workflow.list():
                pass


OFF_SCHEMA_PAGES: list[Any] = [
    {"data": None, "has_more": False, "next_cursor": None},
    {"has_more": False},
    {"data": "w1", "has_more": False},
    [],
    {"data": [], "has_more": [True], "next_cursor": None},
    {"data": [], "has_more": True, "next_cursor": 5},
]


@pytest.fixture(params=OFF_SCHEMA_PAGES, ids=["data-null", "no-data", "data-text", "a-list", "has-more", "cursor"])
def off_schema(request: pytest.FixtureRequest) -> Iterator[LocalServer]:
    """A server whose list answer is JSON, but not a page the walk could read."""
    local = LocalServer(lambda _request, _server: json_reply(request.param))
    yield local
    local.close()


def test_a_page_off_its_schema_is_an_unexpected_response(off_schema: LocalServer) -> None:
    with CozeAPI(api_key="t", base_url=off_schema.url) as client, pytest.raises(UnexpectedResponseError) as caught:
        list(client.workflow.list())
    message = str(caught.value)
    assert message.startswith("Expected a cursor page ({data, has_more, next_cursor}: data a list,")
    assert "but the 200 response is application/json" in message
    assert caught.value.status == 200 and caught.value.request_id == "req_local"


async def test_an_async_page_off_its_schema_is_an_unexpected_response(off_schema: LocalServer) -> None:
    async with AsyncCozeAPI(api_key="t", base_url=off_schema.url) as client:
        with pytest.raises(UnexpectedResponseError, match=r"^Expected a cursor page"):
            await client.workflow.list()
        with pytest.raises(UnexpectedResponseError, match=r"^Expected a cursor page"):
            async for _ in client.workflow.list():
                pass


def test_a_later_page_off_its_schema_stops_the_walk_with_the_same_error() -> None:
    item = {"id": "wf_1", "name": "w", "description": "", "nodes": [], "version": 1, "created_at": 1, "updated_at": 1}
    pages = iter([{"data": [item], "has_more": True, "next_cursor": "c1"}, {"data": None}])
    local = LocalServer(lambda _request, _server: json_reply(next(pages)))
    seen = []
    try:
        with CozeAPI(api_key="t", base_url=local.url) as client, pytest.raises(UnexpectedResponseError):
            for workflow in client.workflow.list():
                seen.append(workflow.id)
    finally:
        local.close()
    assert seen == ["wf_1"]
