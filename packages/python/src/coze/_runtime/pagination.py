"""Cursor pagination: a page of ``data``, ``has_more``, and a ``next_cursor`` passed back as ``cursor``. Iterating
a page iterates every item of it and of the pages after it, fetching each page when the previous one is used up.
A server that hands back a cursor it gave before would make that loop endless: it raises CozeError instead."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Generator, Iterator
from typing import Any, Callable, Generic, Optional, TypeVar

from .errors import CozeError

ItemT = TypeVar("ItemT")

CURSOR_PAGE = (
    "a cursor page ({data, has_more, next_cursor}: data a list, has_more a bool, next_cursor a string or null)"
)
"""What a list operation's answer must be for a page to be read from it (the words of @coze/runtime's error)."""


def is_cursor_page(model: Any) -> bool:
    """Whether the three fields a page reads have the types it reads them as. A response off its schema is handed
    on unchecked, so a list answer of ``{"data": null}`` reaches here; a missing ``has_more`` or ``next_cursor`` is
    the last page, as in TypeScript."""
    return (
        isinstance(getattr(model, "data", None), list)
        and isinstance(getattr(model, "has_more", False), bool)
        and isinstance(getattr(model, "next_cursor", None), (str, type(None)))
    )


class _PageBase(Generic[ItemT]):
    def __init__(self, model: Any, seen: frozenset[str]) -> None:
        self.model = model
        """The response model of this page (e.g. ``WorkflowList``)."""
        self.data: list[ItemT] = list(model.data)
        self.has_more: bool = getattr(model, "has_more", False)
        self.next_cursor: Optional[str] = getattr(model, "next_cursor", None)
        self._seen = seen

    @property
    def request_id(self) -> Optional[str]:
        return getattr(self.model, "request_id", None)

    def has_next_page(self) -> bool:
        return self.has_more and bool(self.next_cursor)

    def _next_cursor(self) -> str:
        cursor = self.next_cursor
        if not self.has_next_page() or cursor is None:
            raise CozeError("This is the last page: has_more is false or next_cursor is empty.")
        if cursor in self._seen:
            raise CozeError(
                f"The server returned the cursor {cursor!r} a second time after {len(self._seen)} page(s): "
                "following it would loop forever, so iteration stopped."
            )
        return cursor

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.data)}, has_more={self.has_more})"


class SyncPage(_PageBase[ItemT]):
    """One page of a cursor-paginated list; ``for item in page`` walks every item of every page from here on.

    Example::

        for workflow in coze.workflow.list():
            print(workflow.id)
    """

    def __init__(self, model: Any, fetch: Callable[[str, frozenset[str]], SyncPage[ItemT]], seen: frozenset[str]):
        super().__init__(model, seen)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[ItemT]:
        cursor = self._next_cursor()
        return self._fetch(cursor, self._seen | {cursor})

    def iter_pages(self) -> Iterator[SyncPage[ItemT]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[ItemT]):
    """The async twin of ``SyncPage``: ``async for item in page`` walks every item from here on."""

    def __init__(
        self, model: Any, fetch: Callable[[str, frozenset[str]], Awaitable[AsyncPage[ItemT]]], seen: frozenset[str]
    ):
        super().__init__(model, seen)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[ItemT]:
        cursor = self._next_cursor()
        return await self._fetch(cursor, self._seen | {cursor})

    async def iter_pages(self) -> AsyncIterator[AsyncPage[ItemT]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[ItemT]):
    """What an async list method returns: ``await`` it for the first page, or ``async for`` over every item.

    Example::

        async for workflow in coze.workflow.list():
            print(workflow.id)
        first = await coze.workflow.list(limit=10)
    """

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[ItemT]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[ItemT]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page = await self._first()
        async for item in page:
            yield item
