"""The quick start with AsyncCozeAPI: the same methods, awaited; ``async for`` over streams and pages."""

from __future__ import annotations

import asyncio

from coze import AsyncCozeAPI


async def main() -> None:
    async with AsyncCozeAPI() as coze:
        # Calls run concurrently; the client's token bucket keeps them within 10 requests per second.
        chats = await asyncio.gather(
            *(coze.chat.create(messages=[{"role": "user", "content": f"你好 {n}"}]) for n in range(3))
        )
        for chat in chats:
            print(f"chat      {chat.content}")

        print("stream    ", end="")
        async for text in coze.chat.stream(messages=[{"role": "user", "content": "你好"}]).text_deltas():
            print(text, end="", flush=True)
        print()

        created = await coze.workflow.create(name="async quickstart", nodes=[])
        async for workflow in coze.workflow.list(limit=10):
            print(f"listed    {workflow.id} {workflow.name}")
        raw = await coze.workflow.with_raw_response.get(workflow_id=created.id)
        print(f"raw       {raw.status_code}, request id {raw.request_id}, {raw.attempts} attempt(s)")
        await coze.workflow.delete(workflow_id=created.id)


if __name__ == "__main__":
    asyncio.run(main())
