"""The client-side token bucket: 10 requests per second with bursts of 10 by default, as the API allows.

``TokenBucket`` is the arithmetic alone (a function of the clock it is given, so tests drive it with a fake one);
``RateLimiter`` admits sync callers (thread-safe) and ``AsyncRateLimiter`` async ones (task-safe), both in arrival
order: a caller that finds no token waits in line, holding the line's lock while it sleeps.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional

from .errors import CozeError

_ROUNDING = 1e-9


@dataclass(frozen=True)
class RateLimit:
    """The client's token bucket settings.

    Attributes:
        requests_per_second: the sustained rate (default 10).
        burst: requests allowed at once after a quiet spell, the bucket's capacity (default 10).
    """

    requests_per_second: float = 10.0
    burst: int = 10

    def __post_init__(self) -> None:
        if not (self.requests_per_second > 0 and math.isfinite(self.requests_per_second)):
            raise ValueError("rate_limit.requests_per_second must be a number above 0")
        if not self.burst >= 1:
            raise ValueError("rate_limit.burst must be a number of at least 1")


def resolve_rate_limit(value: object) -> Optional[RateLimit]:
    """The bucket a client's ``rate_limit`` asks for: ``True`` the default one, ``False`` none. Anything else (a dict
    of settings, a number, ``None``) once turned the limiter off without a word; it is refused instead."""
    if value is True:
        return RateLimit()
    if value is False:
        return None
    if isinstance(value, RateLimit):
        return value
    shown = repr(value)
    shown = shown if len(shown) <= 80 else f"{shown[:77]}..."
    hint = ": pass RateLimit(**settings) for a dict of settings" if isinstance(value, dict) else ""
    raise CozeError(
        "rate_limit must be True (10 requests/s, the default), False (no limit) or "
        f"RateLimit(requests_per_second=..., burst=...), not {shown}{hint}."
    )


class TokenBucket:
    """A bucket full at start and refilled continuously; ``take`` returns 0 and takes a token when one is there,
    or the seconds until one will be (taking nothing). Not thread-safe by itself: the limiters serialize it."""

    def __init__(self, settings: RateLimit) -> None:
        self.rate = settings.requests_per_second
        self.burst: float = settings.burst
        self._tokens = float(settings.burst)
        self._updated: Optional[float] = None
        self._paused_until = 0.0

    def take(self, now: float) -> float:
        if self._updated is None:
            self._updated = now
        if now < self._paused_until:
            return self._paused_until - now
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        self._updated = now
        # Within a rounding error of a whole token counts as one: adding a wait too small to move the clock
        # (float precision) must not leave a caller waiting forever.
        if self._tokens >= 1 - _ROUNDING:
            self._tokens = max(0.0, self._tokens - 1)
            return 0.0
        return (1 - self._tokens) / self.rate

    def pause_until(self, until: float) -> None:
        """Holds every token back until ``until``, as a server's Retry-After asks."""
        self._paused_until = max(self._paused_until, until)

    def rate_limited(self, until: Optional[float]) -> None:
        """The server refused (429) a request this bucket admitted: its bucket ran dry before ours, typically because
        the first burst reached it late over new connections. One token of headroom more stops the race repeating."""
        self.burst = max(1.0, self.burst - 1)
        self._tokens = min(self._tokens, self.burst)
        if until is not None:
            self.pause_until(until)


class RateLimiter:
    """Admits the calls of a sync client through its bucket; safe to share between threads."""

    def __init__(self, settings: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.bucket = TokenBucket(settings)
        self._clock = clock
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Blocks until the call may go; returns the seconds it waited."""
        waited = 0.0
        with self._lock:
            while True:
                wait = self.bucket.take(self._clock())
                if wait <= 0:
                    return waited
                time.sleep(wait)
                waited += wait

    def rate_limited(self, retry_after: Optional[float]) -> None:
        with self._lock:
            self.bucket.rate_limited(None if retry_after is None else self._clock() + retry_after)


class AsyncRateLimiter:
    """Admits the calls of an async client through its bucket; safe to share between tasks of one event loop."""

    def __init__(self, settings: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.bucket = TokenBucket(settings)
        self._clock = clock
        self._lock: Optional[asyncio.Lock] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def _line(self) -> asyncio.Lock:
        # An asyncio.Lock belongs to one event loop; a client used from a later asyncio.run() gets a new line.
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        return self._lock

    async def acquire(self) -> float:
        """Waits until the call may go; returns the seconds it waited."""
        line = self._line()
        if not line.locked():
            wait = self.bucket.take(self._clock())
            if wait <= 0:
                return 0.0
        waited = 0.0
        async with line:
            while True:
                wait = self.bucket.take(self._clock())
                if wait <= 0:
                    return waited
                await asyncio.sleep(wait)
                waited += wait

    def rate_limited(self, retry_after: Optional[float]) -> None:
        self.bucket.rate_limited(None if retry_after is None else self._clock() + retry_after)
