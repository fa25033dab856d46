"""One Idempotency-Key per logical POST, PATCH and DELETE, reused by every retry of the call."""

from __future__ import annotations

import uuid

STATE_CHANGING = frozenset({"POST", "PATCH", "DELETE"})


def idempotency_key() -> str:
    return f"coze-{uuid.uuid4()}"


def changes_state(method: str) -> bool:
    return method in STATE_CHANGING
