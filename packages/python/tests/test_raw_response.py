"""``with_raw_response`` and request ids: the data together with the HTTP response it came in."""

from __future__ import annotations

from coze import APIResponse, AsyncCozeAPI, CozeAPI, SyncPage
from coze.types import Chat, ChatMessageParam
from tests.mock import MockServer

HI: list[ChatMessageParam] = [{"role": "user", "content": "你好"}]


def test_raw_response(coze: CozeAPI, server: MockServer) -> None:
    server.fault({"status": 500}, times=1, path="/chat")
    raw = coze.chat.with_raw_response.create(messages=HI)
    assert isinstance(raw, APIResponse) and raw.status_code == 200 and raw.attempts == 2
    chat = raw.parse()
    assert isinstance(chat, Chat) and chat.content == "你好！You said: 你好"
    assert raw.request_id == chat.request_id == server.requests()[-1]["requestId"]
    assert raw.headers["x-ratelimit-limit"] == "10" and raw.elapsed > 0


def test_raw_pages(coze: CozeAPI) -> None:
    coze.workflow.create(name="one")
    raw = coze.workflow.with_raw_response.list(limit=1)
    assert isinstance(raw.parse(), SyncPage) and [w.name for w in raw.parse()] == ["one"]


async def test_async_raw_response(acoze: AsyncCozeAPI) -> None:
    raw = await acoze.chat.with_raw_response.create(messages=HI)
    assert raw.parse().content.startswith("你好") and raw.request_id


def test_models_keep_unknown_fields_and_give_attribute_access(coze: CozeAPI) -> None:
    chat = coze.chat.create(messages=HI)
    assert chat.model == "gpt-3.5-turbo" and chat.model_dump()["content"] == chat.content
    extended = Chat.model_validate({**chat.model_dump(), "usage": {"tokens": 3}})
    assert extended.model_extra == {"usage": {"tokens": 3}}
