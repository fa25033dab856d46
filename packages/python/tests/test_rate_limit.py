"""The client's token bucket: never more than burst + rate × t admitted in any window of t seconds — a property
test on the bucket with a fake clock, then the sync limiter under threads and the async one under tasks (upper
bounds only: a slow machine can make them slower, never faster)."""

from __future__ import annotations

import asyncio
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from coze import AsyncCozeAPI, CozeAPI, RateLimit
from coze._runtime.rate_limit import AsyncRateLimiter, RateLimiter, TokenBucket
from tests.mock import MockServer

EPSILON = 1e-6


def most_in_any_window(times: list[float], rate: float, burst: float) -> float:
    """The worst excess over burst + rate × (t_j − t_i) among all windows [t_i, t_j] of admissions."""
    worst = float("-inf")
    for i in range(len(times)):
        for j in range(i, len(times)):
            worst = max(worst, (j - i + 1) - (burst + rate * (times[j] - times[i])))
    return worst


def admit(bucket: TokenBucket, arrivals: list[float]) -> list[float]:
    """Each caller arrives, waits as long as the bucket says, and goes: the times they are admitted."""
    admitted = []
    clock = 0.0
    for arrival in arrivals:
        clock = max(clock, arrival)
        while (wait := bucket.take(clock)) > 0:
            clock += wait
        admitted.append(clock)
    return admitted


@settings(max_examples=200, deadline=None)
@given(
    rate=st.floats(min_value=0.5, max_value=50),
    burst=st.integers(min_value=1, max_value=20),
    gaps=st.lists(st.floats(min_value=0, max_value=0.5), min_size=1, max_size=60),
)
def test_never_more_than_burst_plus_rate_times_t(rate: float, burst: int, gaps: list[float]) -> None:
    arrivals = [sum(gaps[: i + 1]) for i in range(len(gaps))]
    admitted = admit(TokenBucket(RateLimit(rate, burst)), arrivals)
    assert most_in_any_window(admitted, rate, burst) <= EPSILON
    assert all(a >= b for a, b in zip(admitted, arrivals))  # nobody goes before arriving


@settings(max_examples=100, deadline=None)
@given(
    burst=st.integers(min_value=2, max_value=20),
    pause=st.floats(min_value=0.01, max_value=2),
    at=st.integers(min_value=0, max_value=10),
)
def test_a_429_pauses_the_bucket_and_shrinks_it(burst: int, pause: float, at: int) -> None:
    bucket = TokenBucket(RateLimit(10, burst))
    admitted = admit(bucket, [0.0] * at)
    now = admitted[-1] if admitted else 0.0
    bucket.rate_limited(now + pause)
    assert bucket.burst == burst - 1
    after = admit(bucket, [now] * 3)
    assert after[0] >= now + pause - EPSILON
    assert most_in_any_window(after, 10, burst - 1) <= EPSILON


def test_the_bucket_starts_full_and_refills_continuously() -> None:
    bucket = TokenBucket(RateLimit(10, 10))
    assert [bucket.take(0.0) for _ in range(10)] == [0.0] * 10
    assert abs(bucket.take(0.0) - 0.1) < EPSILON
    assert bucket.take(0.1) == 0.0


def record_admissions(bucket: TokenBucket) -> list[float]:
    """The clock readings at which the bucket handed out a token, taken inside the limiter's lock: exact admission
    times, whatever the machine's load does to the code around them."""
    admitted: list[float] = []
    take = bucket.take

    def recording(now: float) -> float:
        wait = take(now)
        if wait <= 0:
            admitted.append(now)
        return wait

    bucket.take = recording  # type: ignore[method-assign]
    return admitted


def test_threads_share_one_bucket() -> None:
    limiter = RateLimiter(RateLimit(requests_per_second=40, burst=5))
    admitted = record_admissions(limiter.bucket)

    def worker() -> None:
        for _ in range(5):
            limiter.acquire()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(admitted) == 30
    assert admitted == sorted(admitted)
    assert most_in_any_window(admitted, 40, 5) <= EPSILON


async def test_tasks_share_one_bucket() -> None:
    limiter = AsyncRateLimiter(RateLimit(requests_per_second=40, burst=5))
    admitted = record_admissions(limiter.bucket)

    async def worker() -> None:
        for _ in range(5):
            await limiter.acquire()

    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(6))), 30)
    assert len(admitted) == 30
    assert most_in_any_window(admitted, 40, 5) <= EPSILON


def test_a_client_takes_a_token_for_every_attempt(server: MockServer) -> None:
    server.fault({"status": 503, "retryAfter": "0"}, times=2, path="/workflow")
    with CozeAPI(api_key=server.tokens["read"], base_url=server.url, rate_limit=RateLimit(20, 3)) as client:
        assert client._limiter is not None
        admitted = record_admissions(client._limiter.bucket)
        for _ in range(7):
            client.workflow.list(limit=1)
    assert len(server.requests()) == len(admitted) == 9
    assert admitted[-1] - admitted[0] >= (9 - 3) / 20 - EPSILON
    assert most_in_any_window(admitted, 20, 3) <= EPSILON


async def test_an_async_client_paces_concurrent_calls(server: MockServer) -> None:
    async with AsyncCozeAPI(api_key=server.tokens["read"], base_url=server.url, rate_limit=RateLimit(20, 3)) as client:
        assert client._limiter is not None
        admitted = record_admissions(client._limiter.bucket)
        await asyncio.gather(*(client.workflow.list(limit=1) for _ in range(9)))
    assert len(server.requests()) == len(admitted) == 9
    assert most_in_any_window(admitted, 20, 3) <= EPSILON and admitted[-1] - admitted[0] >= 0.3 - EPSILON


def test_rate_limit_false_turns_it_off(server: MockServer) -> None:
    client = CozeAPI(api_key="t", base_url=server.url, rate_limit=False)
    assert client._limiter is None
    client.close()
