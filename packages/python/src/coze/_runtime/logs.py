"""What the client tells ``logging.getLogger("coze")``, at the levels of the TypeScript SDK's ``logLevel``.

- ``off`` (the default): nothing, at no cost.
- ``error``: a call that ends in an exception, with its status, attempts and request id.
- ``warn``: also each retry (its reason and wait) and a server wait too long to sleep through.
- ``info``: also one line per call: method, path, status, attempts, elapsed time, request id.
- ``debug``: also each attempt, waits for a rate-limit token, and request and response bodies cut to 1,000
  characters.

The token never appears: headers are logged with credentials redacted, and an error body that quotes the token is
redacted before the error (whose message the log line shows) is made from it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Optional, Union

from typing_extensions import Literal

from .errors import CozeError

LogLevel = Literal["off", "error", "warn", "info", "debug"]

OFF, ERROR, WARN, INFO, DEBUG = 0, 1, 2, 3, 4
_RANKS: dict[str, int] = {"off": OFF, "error": ERROR, "warn": WARN, "warning": WARN, "info": INFO, "debug": DEBUG}
_LOGGING_LEVELS = {ERROR: logging.ERROR, WARN: logging.WARNING, INFO: logging.INFO, DEBUG: logging.DEBUG}

BODY_LIMIT = 1000
REDACTED = "[REDACTED]"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})

logger = logging.getLogger("coze")


def resolve_level(level: Optional[str]) -> int:
    """``log_level``, else the ``COZE_LOG`` environment variable, else off."""
    chosen = level if level is not None else os.environ.get("COZE_LOG") or "off"
    rank = _RANKS.get(chosen.strip().lower()) if isinstance(chosen, str) else None
    if rank is None:
        source = "log_level" if level is not None else "COZE_LOG"
        raise CozeError(f"{source} must be one of 'off', 'error', 'warn', 'info', 'debug'; got {chosen!r}.")
    if rank > OFF:
        _prepare(_LOGGING_LEVELS[rank])
    return rank


def _prepare(level: int) -> None:
    """Lets the records through: the "coze" logger gets the level when nobody set one, and a stderr handler when
    the application configured no logging at all (as ``logging.basicConfig`` would)."""
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[coze] %(levelname)s %(message)s"))
        logger.addHandler(handler)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy with lower-cased names and every credential replaced, safe to log."""
    return {name.lower(): REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}


MIN_REDACTED = 6
"""The shortest token redacted from what a server sends back: a shorter one is no real key."""


def redact_token(body: bytes, token: str) -> bytes:
    """The body with every occurrence of the token replaced. Not a token under 6 characters: every such run of
    letters would go, and no real key is that short. A token is visible ASCII (``check_token``), so replacing its
    bytes is replacing its text, whatever the UTF-8 around it."""
    return body.replace(token.encode("ascii"), REDACTED.encode()) if len(token) >= MIN_REDACTED else body


def redact_token_text(text: str, token: str) -> str:
    """``redact_token`` for text (a header's value)."""
    return text.replace(token, REDACTED) if len(token) >= MIN_REDACTED else text


def cut(body: Union[str, bytes, None]) -> str:
    if body is None:
        return "(none)"
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return text if len(text) <= BODY_LIMIT else f"{text[:BODY_LIMIT]}… ({len(text)} characters)"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
