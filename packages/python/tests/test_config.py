"""The client's settings: the token and base URL from arguments or the environment, and the checks on both."""

from __future__ import annotations

import asyncio
import gc
import warnings
from typing import Any

import pytest

from coze import AsyncCozeAPI, CozeAPI, CozeError, RateLimit, RequestValidationError, ValidationIssue
from coze._runtime.transport import TIMEOUT_CACHE_SIZE
from tests.mock import MockServer


def test_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch, server: MockServer) -> None:
    monkeypatch.setenv("COZE_API_KEY", server.tokens["write"])
    monkeypatch.setenv("COZE_BASE_URL", server.url)
    with CozeAPI() as client:
        assert client.base_url == server.url
        assert client.chat.create(messages=[{"role": "user", "content": "hi"}]).content


def test_no_api_key_names_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COZE_API_KEY", raising=False)
    for cls in (CozeAPI, AsyncCozeAPI):
        with pytest.raises(CozeError, match="pass `api_key` to the client or set the COZE_API_KEY"):
            cls()
        with pytest.raises(CozeError, match="COZE_API_KEY"):
            cls(api_key="")


def test_the_default_base_url_is_the_specs_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COZE_BASE_URL", raising=False)
    assert CozeAPI(api_key="t").base_url == "https://api.coze.cn/v1"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:4010/v1",
        "http://localhost:4010/v1/",
        "http://[::1]:4010/v1",
        "http://127.9.9.9/v1",
        "https://x.example/v1",
    ],
)
def test_https_or_loopback_base_urls(url: str) -> None:
    assert CozeAPI(api_key="t", base_url=url).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://api.coze.cn/v1", "http://127.0.0.1.example.com/v1", "http://10.0.0.1/v1", "ftp://127.0.0.1/v1"]
)
def test_plain_http_elsewhere_is_refused(url: str) -> None:
    with pytest.raises(CozeError, match="base_url must use https"):
        CozeAPI(api_key="t", base_url=url)


def test_allow_insecure_base_url_overrides() -> None:
    assert CozeAPI(api_key="t", base_url="http://10.0.0.1/v1", allow_insecure_base_url=True).base_url


def test_a_relative_base_url_is_refused() -> None:
    with pytest.raises(CozeError, match="absolute URL"):
        CozeAPI(api_key="t", base_url="/v1")


@pytest.mark.parametrize(
    ("option", "value"), [("timeout", 0), ("timeout", -1), ("max_retries", -1), ("max_retries", 1.5)]
)
def test_bad_settings_are_refused(option: str, value: float) -> None:
    with pytest.raises(CozeError, match=option):
        CozeAPI(api_key="t", **{option: value})  # type: ignore[arg-type]


def test_bad_rate_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="requests_per_second"):
        RateLimit(requests_per_second=0)
    with pytest.raises(ValueError, match="burst"):
        RateLimit(burst=0)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"requests_per_second": 5}, "{'requests_per_second': 5}: pass RateLimit(**settings) for a dict of settings."),
        (5, "5."),
        (None, "None."),
        ("10/s", "'10/s'."),
    ],
)
def test_a_rate_limit_that_is_not_a_bool_or_a_rate_limit_is_refused(value: object, shown: str) -> None:
    # Each of these once turned the limiter off without a word.
    with pytest.raises(CozeError) as raised:
        CozeAPI(api_key="t", rate_limit=value)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "rate_limit must be True (10 requests/s, the default), False (no limit) or "
        f"RateLimit(requests_per_second=..., burst=...), not {shown}"
    )
    with pytest.raises(CozeError, match="rate_limit must be"):
        AsyncCozeAPI(api_key="t", rate_limit=value)  # type: ignore[arg-type]


def test_rate_limit_true_false_and_settings_are_taken() -> None:
    assert CozeAPI(api_key="t")._core.rate_limit == RateLimit()
    assert CozeAPI(api_key="t", rate_limit=True)._core.rate_limit == RateLimit()
    assert CozeAPI(api_key="t", rate_limit=False)._core.rate_limit is None
    assert CozeAPI(api_key="t", rate_limit=RateLimit(requests_per_second=5))._core.rate_limit == RateLimit(5.0, 10)


def test_a_token_with_a_line_break_is_refused_before_sending(server: MockServer) -> None:
    with pytest.raises(CozeError, match="line breaks"):
        CozeAPI(api_key="abc\r\nx-evil: 1", base_url=server.url)
    assert server.requests() == []


def test_a_rotating_token_is_asked_before_every_attempt(server: MockServer) -> None:
    asked = []

    def token() -> str:
        asked.append(1)
        return server.tokens["admin"]

    server.fault({"status": 503, "retryAfter": "0"}, times=1, path="/workflow")
    with CozeAPI(api_key=token, base_url=server.url) as client:
        client.workflow.list()
    assert len(asked) == 2


_VAULT_DOWN = RuntimeError("the vault is down")
_OWN_ERROR = CozeError("the token service answered 503")


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (_VAULT_DOWN, "The api_key function failed, so nothing was sent: the vault is down"),
        # A CozeError of its own (a key fetched with another client) is handed on as it is.
        (_OWN_ERROR, "the token service answered 503"),
    ],
)
def test_a_failing_key_function_fails_the_call_with_a_coze_error_and_sends_nothing(
    server: MockServer, raised: Exception, message: str
) -> None:
    def token() -> str:
        raise raised

    with CozeAPI(api_key=token, base_url=server.url) as client, pytest.raises(CozeError) as caught:
        client.workflow.list()
    assert str(caught.value) == message
    assert caught.value is raised or caught.value.__cause__ is raised
    assert server.requests() == []


async def test_a_failing_key_function_fails_an_async_call_too(server: MockServer) -> None:
    def token() -> str:
        raise RuntimeError("the vault is down")

    async with AsyncCozeAPI(api_key=token, base_url=server.url) as client:
        with pytest.raises(CozeError, match=r"^The api_key function failed, so nothing was sent: the vault is down$"):
            await client.workflow.list()
    assert server.requests() == []


def test_an_http_client_of_the_wrong_kind_is_refused() -> None:
    import httpx

    with pytest.raises(CozeError, match=r"httpx\.AsyncClient"):
        AsyncCozeAPI(api_key="t", http_client=httpx.Client())  # type: ignore[arg-type]


SECRET = "sk-SECRET"


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        (SECRET + " ", "spaces"),
        (SECRET + "\t1", "spaces"),
        ("sk-\x00" + SECRET, "control characters"),
        (SECRET + "Ä123", "non-ASCII"),
    ],
)
def test_a_token_that_is_not_visible_ascii_is_refused_at_construction_unquoted(key: str, kind: str) -> None:
    for cls in (CozeAPI, AsyncCozeAPI):
        with pytest.raises(CozeError) as caught:
            cls(api_key=key, base_url="http://127.0.0.1:9/v1")
        error = caught.value
        assert type(error) is CozeError
        assert "visible ASCII" in str(error) and kind in str(error) and "not shown" in str(error)
        assert SECRET not in f"{error}{error!r}{error.args!r}{vars(error)!r}"


def test_a_bad_token_from_a_function_is_refused_before_sending(server: MockServer) -> None:
    with CozeAPI(api_key=lambda: SECRET + "Ä", base_url=server.url) as client:
        with pytest.raises(CozeError, match="visible ASCII") as caught:
            client.workflow.list()
        assert type(caught.value) is CozeError and SECRET not in repr(caught.value.args)
    assert server.requests() == []


TIMEOUT_RULE = (
    "timeout must be a number of seconds above 0 and at most 2147483.647 (about 24.8 days; there is no unlimited "
    "timeout); got "
)
BAD_LIMITS: list[tuple[str, object, str]] = [
    ("timeout", "5", TIMEOUT_RULE + "'5'."),
    ("timeout", 0, TIMEOUT_RULE + "0."),
    ("timeout", float("nan"), TIMEOUT_RULE + "nan."),
    ("timeout", float("inf"), TIMEOUT_RULE + "inf."),
    ("timeout", True, TIMEOUT_RULE + "True."),
    ("max_retries", "2", "max_retries must be a whole number >= 0; got '2'."),
    ("max_retries", 1.5, "max_retries must be a whole number >= 0; got 1.5."),
    ("max_retries", True, "max_retries must be a whole number >= 0; got True."),
]


@pytest.mark.parametrize(("option", "value", "message"), BAD_LIMITS)
def test_a_clients_limit_is_checked_by_the_rule_a_calls_is(option: str, value: object, message: str) -> None:
    for cls in (CozeAPI, AsyncCozeAPI):
        with pytest.raises(CozeError) as caught:
            cls(api_key="t", **{option: value})  # type: ignore[arg-type]
        assert str(caught.value) == message


@pytest.mark.parametrize(("option", "value", "message"), BAD_LIMITS)
async def test_a_calls_limit_is_a_validation_error_and_sends_nothing(
    coze: CozeAPI, acoze: AsyncCozeAPI, server: MockServer, option: str, value: object, message: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        coze.workflow.list(**{option: value})  # type: ignore[arg-type]
    assert caught.value.issues == [ValidationIssue(option, "option", message)]
    assert str(caught.value) == f"Invalid request: {message}"
    with pytest.raises(RequestValidationError, match=option):
        await acoze.chat.create(messages=[{"role": "user", "content": "hi"}], **{option: value})  # type: ignore[call-overload]
    with pytest.raises(RequestValidationError, match=option):
        coze.chat.stream(messages=[{"role": "user", "content": "hi"}], **{option: value})  # type: ignore[arg-type]
    assert server.requests() == []


async def test_the_longest_timeout_is_taken(coze: CozeAPI, acoze: AsyncCozeAPI) -> None:
    assert CozeAPI(api_key="t", timeout=2_147_483.647)._core.timeout == 2_147_483.647
    assert coze.workflow.list(timeout=2_147_483.647, max_retries=0).data == []
    assert (await acoze.workflow.list(timeout=1)).data == []


def test_a_timeout_per_call_from_a_deadline_keeps_no_more_than_a_few_settings(coze: CozeAPI) -> None:
    """A caller that passes what is left of a deadline gives every call a timeout of its own."""
    for call in range(40):
        assert coze.workflow.list(timeout=10 - call / 100).data == []
    assert 0 < len(coze._core._timeouts) <= TIMEOUT_CACHE_SIZE


async def test_an_async_key_function_is_awaited_before_every_attempt(server: MockServer) -> None:
    asked = []

    async def token() -> str:
        await asyncio.sleep(0)
        asked.append(1)
        return server.tokens["admin"]

    server.fault({"status": 503, "retryAfter": "0"}, times=1, path="/workflow")
    async with AsyncCozeAPI(api_key=token, base_url=server.url) as client:
        assert (await client.workflow.list()).data == []
        async for _ in client.chat.stream(messages=[{"role": "user", "content": "hi"}]):
            pass
    assert len(asked) == 3
    assert [r["operationId"] for r in server.requests()] == ["workflow.list", "workflow.list", "chat.create"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (RuntimeError("the vault is down"), r"^The api_key function failed, so nothing was sent: the vault is down$"),
        ("", r"^The API key must be a non-empty string\.$"),
        ("sk bad", r"^The API key must contain only visible ASCII characters; .* It is not shown\.$"),
    ],
)
async def test_an_async_key_functions_failure_or_bad_token_sends_nothing(
    server: MockServer, answer: object, message: str
) -> None:
    async def token() -> str:
        if isinstance(answer, Exception):
            raise answer
        assert isinstance(answer, str)
        return answer

    async with AsyncCozeAPI(api_key=token, base_url=server.url) as client:
        with pytest.raises(CozeError, match=message) as caught:
            await client.workflow.list()
    assert type(caught.value) is CozeError
    assert caught.value.__cause__ is (answer if isinstance(answer, Exception) else None)
    assert server.requests() == []


class AsyncKeyProvider:
    async def __call__(self) -> str:
        return "never-used"


def _returns_a_coroutine() -> Any:
    async def token() -> str:
        return "never-used"

    return token()


def test_the_sync_client_refuses_an_async_key_function_when_it_is_made() -> None:
    async def token() -> str:
        return "never-used"

    for key in (token, AsyncKeyProvider()):
        with pytest.raises(CozeError) as caught:
            CozeAPI(api_key=key, base_url="http://127.0.0.1:9/v1")  # type: ignore[arg-type]
        assert str(caught.value) == (
            "api_key is an async function, which CozeAPI cannot await: use AsyncCozeAPI for an async key function, "
            "or pass a function that returns a str."
        )


def test_the_sync_client_refuses_an_awaitable_token_at_the_call_without_a_warning(server: MockServer) -> None:
    with warnings.catch_warnings(record=True) as caught_warnings:
        warnings.simplefilter("always")
        with CozeAPI(api_key=_returns_a_coroutine, base_url=server.url) as client:
            with pytest.raises(CozeError) as caught:
                client.workflow.list()
            del caught  # the traceback holds the frames that held the coroutine
        gc.collect()
    assert not [w for w in caught_warnings if "never awaited" in str(w.message)]
    assert server.requests() == []


def test_the_sync_clients_refusal_names_api_key_and_async_coze_api(server: MockServer) -> None:
    with CozeAPI(api_key=_returns_a_coroutine, base_url=server.url) as client, pytest.raises(CozeError) as caught:
        client.workflow.list()
    assert str(caught.value) == (
        "The api_key function returned an awaitable, which CozeAPI cannot await: use AsyncCozeAPI for an async key "
        "function, or pass a function that returns a str."
    )
