"""The retry policy and the bucket's arithmetic as plain functions (the same rules as @coze/runtime's retry.ts and
MemoryRateLimitStore): the waits they name, exactly, for the inputs where a wrong rule would name another.
scripts/mutate.py found each of these rules unguarded."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest

from coze import CozeAPI, CozeError, RateLimit
from coze._runtime.rate_limit import TokenBucket
from coze._runtime.retry import backoff_delay, parse_retry_after
from tests.mock import MockServer


@pytest.mark.parametrize(("retry", "seconds"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (12, 8.0)])
def test_backoff_doubles_from_half_a_second_up_to_eight(retry: int, seconds: float) -> None:
    assert backoff_delay(retry, rand=lambda: 0.0) == seconds


def test_backoff_jitter_takes_off_up_to_a_quarter() -> None:
    assert backoff_delay(2, rand=lambda: 1.0) == 1.5
    assert backoff_delay(2, rand=lambda: 0.5) == 1.75


def test_retry_after_ms_of_zero_means_go_now() -> None:
    assert parse_retry_after({"retry-after-ms": "0", "retry-after": "7"}) == 0.0


# The last is a date email.utils would read, but no HTTP-date form (those start with the day's name).
@pytest.mark.parametrize("garbage", ["-1", "a 1", "soon 12:00:00", "1e3", "01 Jan 2030 00:00:00 GMT"])
def test_garbage_retry_after_is_not_read_as_a_date(garbage: str) -> None:
    assert parse_retry_after({"retry-after": garbage}) is None


def test_an_http_date_gives_the_time_left_and_a_past_one_zero() -> None:
    now = datetime(2026, 11, 30, 12, 0, 0, tzinfo=timezone.utc).timestamp()
    later = format_datetime(datetime(2026, 11, 30, 12, 0, 30, tzinfo=timezone.utc), usegmt=True)
    earlier = format_datetime(datetime(2026, 11, 30, 11, 59, 0, tzinfo=timezone.utc), usegmt=True)
    assert parse_retry_after({"retry-after": later}, now=now) == 30.0
    assert parse_retry_after({"retry-after": earlier}, now=now) == 0.0


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_an_asctime_date_is_gmt_whatever_the_machines_zone(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        now = datetime(2025, 1, 15, 12, 0, 0, tzinfo=timezone.utc).timestamp()
        assert parse_retry_after({"retry-after": "Wed Jan 15 12:00:05 2025"}, now=now) == 5.0
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_wait_for_a_token_counts_the_part_already_refilled() -> None:
    bucket = TokenBucket(RateLimit(10, 1))
    assert bucket.take(0.0) == 0.0
    assert bucket.take(0.04) == pytest.approx(0.06)


def test_a_shorter_pause_does_not_cut_a_longer_one() -> None:
    bucket = TokenBucket(RateLimit(10, 10))
    bucket.pause_until(5.0)
    bucket.pause_until(2.0)
    assert bucket.take(1.0) == pytest.approx(4.0)


def test_a_token_with_a_carriage_return_is_refused_before_sending(server: MockServer) -> None:
    with pytest.raises(CozeError, match="line breaks"):
        CozeAPI(api_key="abc\rx-evil: 1", base_url=server.url)
    assert server.requests() == []


def test_every_state_changing_method_gets_an_idempotency_key_and_reads_none(coze: CozeAPI, server: MockServer) -> None:
    created = coze.workflow.create(name="keys", nodes=[])
    coze.workflow.update(workflow_id=created.id, name="keys v2")
    coze.workflow.get(workflow_id=created.id)
    coze.workflow.delete(workflow_id=created.id)
    seen = {r["method"]: r["headers"].get("idempotency-key", "") for r in server.requests()}
    assert all(seen[method].startswith("coze-") for method in ("POST", "PATCH", "DELETE"))
    assert seen["GET"] == ""
