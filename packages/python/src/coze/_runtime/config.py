"""The client's settings: the token, the base URL and their checks (same rules as @coze/runtime)."""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Callable, Optional, Union
from urllib.parse import urlsplit

from .errors import CozeError

ApiKey = Union[str, Callable[[], str]]
"""A bearer token, or a function returning one, called before every attempt (for rotating tokens)."""

_LOOPBACK_NAMES = frozenset({"localhost"})


def _env(name: str) -> Optional[str]:
    value = os.environ.get(name)
    return value if value else None


def resolve_api_key(api_key: Optional[ApiKey]) -> ApiKey:
    """``api_key``, else ``COZE_API_KEY``; a clear error naming both when neither is set. A string key is checked
    here, once: a bad one fails when the client is made, not on its first call."""
    key = api_key if api_key not in (None, "") else _env("COZE_API_KEY")
    if key is None:
        raise CozeError("No API key: pass `api_key` to the client or set the COZE_API_KEY environment variable.")
    return key if callable(key) else check_token(key)


# Visible ASCII only: what a bearer token is made of, so no byte can break or leak a header.
_TOKEN = re.compile(r"[\x21-\x7e]+")


def check_token(token: object) -> str:
    """Refuses a token that is empty or holds anything but visible ASCII (a space, a line break, a NUL, a non-ASCII
    letter): it cannot go into a header, and httpx's error about it would quote the header. Never quotes the token."""
    if not isinstance(token, str) or not token.strip():
        raise CozeError("The API key must be a non-empty string.")
    if not _TOKEN.fullmatch(token):
        kind = (
            "line breaks"
            if "\r" in token or "\n" in token
            else "spaces, control characters (such as NUL) or non-ASCII characters"
        )
        raise CozeError(
            f"The API key must contain only visible ASCII characters; this one has {kind}. It is not shown."
        )
    return token


def token_of(api_key: ApiKey) -> str:
    """The token of one attempt: a function is asked again each time, and its answer checked. A function that fails
    (a vault or token endpoint that is down) fails the call with a CozeError, its error the cause: nothing is sent."""
    if not callable(api_key):
        return api_key
    try:
        token = api_key()
    except CozeError:
        raise
    except Exception as error:
        raise CozeError(f"The api_key function failed, so nothing was sent: {error}") from error
    return check_token(token)


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str, allow_insecure: bool = False) -> str:
    """https, or http on a loopback host (a local mock or proxy); plain http elsewhere would send the token in clear
    text, so it needs ``allow_insecure``. Returns the URL without a trailing slash."""
    try:
        parts = urlsplit(base_url)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        raise CozeError(f"base_url must be an absolute URL; got {base_url!r}.") from None
    if not parts.scheme or not host:
        raise CozeError(f"base_url must be an absolute URL; got {base_url!r}.")
    scheme = parts.scheme.lower()
    # 127.0.0.0/8 and ::1 as addresses, not names such as 127.0.0.1.example.com.
    if scheme != "https" and not (scheme == "http" and (_is_loopback(host) or allow_insecure)):
        raise CozeError(
            "base_url must use https (http is allowed only for loopback hosts such as 127.0.0.1, localhost and "
            f"[::1]); got {scheme}://{parts.netloc.rsplit('@', 1)[-1]}. Pass allow_insecure_base_url=True to override."
        )
    return base_url.rstrip("/")


def resolve_base_url(base_url: Optional[str], default: str, allow_insecure: bool = False) -> str:
    """``base_url``, else ``COZE_BASE_URL``, else the spec's server."""
    return check_base_url(base_url or _env("COZE_BASE_URL") or default, allow_insecure)
