"""When to retry and how long to wait: the same policy as @coze/runtime's retry.ts."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Mapping
from datetime import timezone
from email.utils import parsedate_to_datetime
from typing import Callable, Optional

RETRYABLE_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
"""Statuses worth another attempt: the server may answer differently next time. Never 400, 401, 403, 404."""

MAX_RETRY_AFTER = 60.0
"""A server's wait longer than this (seconds) is not slept through: the error is raised at once instead."""

INITIAL_DELAY = 0.5
MAX_DELAY = 8.0

# The three HTTP-date forms start with a day name and carry hh:mm:ss; anything else ("-1", "a 1") is garbage.
_HTTP_DATE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\d\d:\d\d:\d\d")
_SECONDS = re.compile(r"^\s*\d+(\.\d+)?\s*$")


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES


def backoff_delay(retry: int, rand: Callable[[], float] = random.random) -> float:
    """The wait before retry number ``retry`` (0 for the first): 0.5 s * 2^retry, capped at 8 s, minus up to 25%
    jitter so that clients which failed together do not retry together."""
    base = min(INITIAL_DELAY * 2.0**retry, MAX_DELAY)
    return base * (1 - 0.25 * rand())


def parse_retry_after(headers: Mapping[str, str], now: Optional[float] = None) -> Optional[float]:
    """The wait a response asks for, in seconds: ``retry-after-ms``, else ``Retry-After`` as seconds or as an HTTP
    date. None when absent or unreadable (garbage is ignored, not trusted)."""
    ms = headers.get("retry-after-ms")
    if ms is not None and ms.strip():
        try:
            value = float(ms)
        except ValueError:
            value = -1.0
        if value >= 0 and value != float("inf"):
            return value / 1000
    header = headers.get("retry-after")
    if header is None or not header.strip():
        return None
    if _SECONDS.match(header):
        return float(header)
    if not _HTTP_DATE.match(header):
        return None
    try:
        date = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if date.tzinfo is None:
        # The asctime form names no zone, and a naive datetime's timestamp() is in the machine's: HTTP dates are GMT.
        date = date.replace(tzinfo=timezone.utc)
    return max(0.0, date.timestamp() - (time.time() if now is None else now))
