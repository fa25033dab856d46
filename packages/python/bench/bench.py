"""The Python row of ``pnpm bench`` (tools/bench/src/python.mjs runs this and reads its JSON from stdout).

Side by side in one process, in interleaved rounds (each round runs every client, in an order rotated from round
to round, after a warm-up round that is not counted), against tools/bench's minimal local servers:

- throughput: ``CozeAPI.chat.create`` (validation on, retries armed, limiter off) against raw ``httpx.Client.post``
  + ``.json()`` at concurrency 1, and ``AsyncCozeAPI`` against ``httpx.AsyncClient`` at concurrency 16;
- stream parsing: ``coze.chat.stream`` (typed events) against a plain line-split parser over ``iter_lines``, both
  JSON-decoding every event's data.

Every loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
from collections.abc import Awaitable
from typing import Any, Callable

import httpx

from coze import AsyncCozeAPI, CozeAPI
from coze.types import ChatMessageParam

TOKEN = "bench-token"
MESSAGES: list[ChatMessageParam] = [{"role": "user", "content": "hi"}]
BODY = {"messages": [{"role": "user", "content": "hi"}]}
HEADERS = {"authorization": f"Bearer {TOKEN}"}


def sync_clients(url: str) -> dict[str, Callable[[int], None]]:
    raw = httpx.Client()
    coze = CozeAPI(api_key=TOKEN, base_url=url, rate_limit=False)
    unchecked = CozeAPI(api_key=TOKEN, base_url=url, rate_limit=False, validate_requests=False)

    def run_raw(n: int) -> None:
        for _ in range(n):
            response = raw.post(f"{url}/chat", json=BODY, headers=HEADERS)
            response.raise_for_status()
            assert response.json()["content"]

    def run_coze(n: int) -> None:
        for _ in range(n):
            assert coze.chat.create(messages=MESSAGES).content

    def run_unchecked(n: int) -> None:
        for _ in range(n):
            assert unchecked.chat.create(messages=MESSAGES).content

    return {"httpx": run_raw, "coze": run_coze, "coze-unchecked": run_unchecked}


def async_clients(url: str, concurrency: int) -> dict[str, Callable[[int], Awaitable[None]]]:
    state: dict[str, Any] = {}

    async def spread(n: int, one: Callable[[], Awaitable[None]]) -> None:
        async def worker(count: int) -> None:
            for _ in range(count):
                await one()

        share, extra = divmod(n, concurrency)
        await asyncio.gather(*(worker(share + (1 if i < extra else 0)) for i in range(concurrency)))

    async def raw_one() -> None:
        response = await state["raw"].post(f"{url}/chat", json=BODY, headers=HEADERS)
        response.raise_for_status()
        assert response.json()["content"]

    async def coze_one() -> None:
        assert (await state["coze"].chat.create(messages=MESSAGES)).content

    async def run_raw(n: int) -> None:
        state.setdefault("raw", httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)))
        await spread(n, raw_one)

    async def run_coze(n: int) -> None:
        state.setdefault(
            "coze",
            AsyncCozeAPI(
                api_key=TOKEN,
                base_url=url,
                rate_limit=False,
                http_client=httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)),
            ),
        )
        await spread(n, coze_one)

    return {"httpx": run_raw, "coze": run_coze}


def stream_parsers(url: str) -> dict[str, Callable[[], int]]:
    coze = CozeAPI(api_key=TOKEN, base_url=url, rate_limit=False)
    raw = httpx.Client(timeout=60)

    def plain() -> int:
        """The simplest correct reader: lines, ``event:`` and ``data:`` fields, a blank line ends an event."""
        deltas, event, data = 0, "message", ""
        body = {**BODY, "stream": True}
        with raw.stream("POST", f"{url}/chat", json=body, headers={**HEADERS, "accept": "text/event-stream"}) as r:
            for line in r.iter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif not line:
                    if data:
                        decoded = json.loads(data)
                        if event == "chat.message.delta":
                            deltas += 1
                            assert decoded["delta"]
                        elif event == "done":
                            return deltas
                    event, data = "message", ""
        raise AssertionError("no end marker")

    def typed() -> int:
        deltas = 0
        for event in coze.chat.stream(messages=MESSAGES):
            if event.event == "chat.message.delta":
                deltas += 1
                assert event.data.delta
        return deltas

    return {"plain": plain, "coze": typed}


def rounds_of(run_round: Callable[[int], dict[str, float]], rounds: int, limit: float) -> list[dict[str, float]]:
    """Round 0 warms up and is not counted."""
    deadline = time.monotonic() + limit
    kept = []
    for number in range(rounds + 1):
        if time.monotonic() > deadline:
            break
        gc.collect()
        result = run_round(number)
        if number > 0:
            kept.append(result)
        print(f"  python round {'warm-up' if number == 0 else f'{number}/{rounds}'} done", file=sys.stderr)
    return kept


def rotate(names: list[str], number: int) -> list[str]:
    shift = number % len(names)
    return names[shift:] + names[:shift]


def summary(kept: list[dict[str, float]], baseline: str) -> dict[str, dict[str, float]]:
    out = {}
    for name in kept[0]:
        out[name] = {
            "perSecond": statistics.median(k[name] for k in kept),
            "ratio": statistics.median(k[name] / k[baseline] for k in kept),
            "ratioMin": min(k[name] / k[baseline] for k in kept),
            "ratioMax": max(k[name] / k[baseline] for k in kept),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chat-url", required=True)
    parser.add_argument("--stream-url", required=True)
    parser.add_argument("--stream-bytes", type=int, required=True)
    parser.add_argument("--deltas", type=int, required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--stream-rounds", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=240)
    args = parser.parse_args()

    sync = sync_clients(args.chat_url)

    def sync_round(number: int) -> dict[str, float]:
        result = {}
        for name in rotate(list(sync), number):
            start = time.perf_counter()
            sync[name](args.requests)
            result[name] = args.requests / (time.perf_counter() - start)
        return result

    concurrent = async_clients(args.chat_url, 16)
    loop = asyncio.new_event_loop()

    def async_round(number: int) -> dict[str, float]:
        result = {}
        for name in rotate(list(concurrent), number):
            start = time.perf_counter()
            loop.run_until_complete(concurrent[name](args.requests))
            result[name] = args.requests / (time.perf_counter() - start)
        return result

    parsers = stream_parsers(args.stream_url)

    def stream_round(number: int) -> dict[str, float]:
        result = {}
        for name in rotate(list(parsers), number):
            start = time.perf_counter()
            deltas = parsers[name]()
            if deltas != args.deltas:
                raise AssertionError(f"{name} saw {deltas} of {args.deltas} deltas")
            result[name] = args.stream_bytes / 1e6 / (time.perf_counter() - start)
        return result

    third = args.time_limit / 3
    report = {
        "python": sys.version.split()[0],
        "httpx": httpx.__version__,
        "requests": args.requests,
        "throughput": {
            "c1": summary(rounds_of(sync_round, args.rounds, third), "httpx"),
            "c16": summary(rounds_of(async_round, args.rounds, third), "httpx"),
        },
        "stream": summary(rounds_of(stream_round, args.stream_rounds, third), "plain"),
    }
    loop.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
