"""The client's settings: the token, the base URL and their checks (same rules as @coze/runtime)."""

from __future__ import annotations

import inspect
import ipaddress
import os
import re
from collections.abc import Awaitable
from typing import Any, Callable, Optional, Union
from urllib.parse import urlsplit

from .errors import CozeError

ApiKey = Union[str, Callable[[], str]]
"""A bearer token, or a function returning one, called before every attempt (for rotating tokens)."""

AsyncApiKey = Union[str, Callable[[], Union[str, Awaitable[str]]]]
"""What ``AsyncCozeAPI`` takes: an ``ApiKey``, or an async function (one returning an awaitable), awaited before
every attempt, as @coze/runtime awaits a key function's promise."""

KeyFunction = Callable[[], Union[str, Awaitable[str]]]
"""The function form of a key: the only form that is asked before an attempt (a str is used as it is)."""

_USE_ASYNC = "use AsyncCozeAPI for an async key function, or pass a function that returns a str"

_LOOPBACK_NAMES = frozenset({"localhost"})


def _env(name: str) -> Optional[str]:
    value = os.environ.get(name)
    return value if value else None


def resolve_api_key(api_key: Optional[AsyncApiKey]) -> AsyncApiKey:
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


def refuse_async_key(api_key: Optional[AsyncApiKey]) -> None:
    """The sync client cannot await a key: an async function is refused when the client is made (its call would
    return a coroutine, never awaited)."""
    # An object whose __call__ is async is one too.
    if callable(api_key) and (
        inspect.iscoroutinefunction(api_key) or inspect.iscoroutinefunction(type(api_key).__call__)
    ):
        raise CozeError(f"api_key is an async function, which CozeAPI cannot await: {_USE_ASYNC}.")


def token_of(api_key: KeyFunction) -> str:
    """The token of one attempt of the sync client: the function is asked again each time, and its answer checked. A
    function that fails (a vault or token endpoint that is down) fails the call with a CozeError, its error the
    cause: nothing is sent. An awaitable answer is closed unawaited (no "never awaited" warning) and refused."""
    token = _ask(api_key)
    if inspect.isawaitable(token):
        if inspect.iscoroutine(token):
            token.close()
        raise CozeError(f"The api_key function returned an awaitable, which CozeAPI cannot await: {_USE_ASYNC}.")
    return check_token(token)


async def atoken_of(api_key: KeyFunction) -> str:
    """``token_of`` for the async client: an awaitable answer is awaited, and its failure is the function's."""
    token = _ask(api_key)
    if inspect.isawaitable(token):
        try:
            token = await token
        except CozeError:
            raise
        except Exception as error:
            raise _failed(error) from error
    return check_token(token)


def _ask(api_key: Callable[[], Any]) -> Any:
    try:
        return api_key()
    except CozeError:
        raise
    except Exception as error:
        raise _failed(error) from error


def _failed(error: Exception) -> CozeError:
    return CozeError(f"The api_key function failed, so nothing was sent: {error}")


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
