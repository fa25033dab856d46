"""The Python client of the Coze platform's v1 API, generated from its OpenAPI contract.

Example::

    from coze import CozeAPI

    coze = CozeAPI(api_key="YOUR_API_KEY")  # or set COZE_API_KEY
    chat = coze.chat.create(messages=[{"role": "user", "content": "你好"}])
    print(chat.content)
"""

from . import types
from ._chat_stream import AsyncChatStream, ChatStream
from ._client import AsyncChatAPI, AsyncCozeAPI, ChatAPI, CozeAPI
from ._gen import API_VERSION, DEFAULT_BASE_URL
from ._runtime import (
    NOT_GIVEN,
    APIConnectionError,
    APIError,
    APIResponse,
    APITimeoutError,
    AsyncPage,
    AsyncPaginator,
    AsyncStream,
    AuthenticationError,
    BadRequestError,
    CozeError,
    InternalServerError,
    NotFoundError,
    NotGiven,
    PermissionDeniedError,
    RateLimit,
    RateLimitError,
    RequestValidationError,
    ResponseTooLargeError,
    Stream,
    StreamParseError,
    SyncPage,
    UnexpectedResponseError,
    ValidationIssue,
)
from ._runtime.identity import VERSION

__version__ = VERSION

__all__ = [
    "API_VERSION",
    "DEFAULT_BASE_URL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "AsyncChatAPI",
    "AsyncChatStream",
    "AsyncCozeAPI",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "ChatAPI",
    "ChatStream",
    "CozeAPI",
    "CozeError",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RequestValidationError",
    "ResponseTooLargeError",
    "Stream",
    "StreamParseError",
    "SyncPage",
    "UnexpectedResponseError",
    "ValidationIssue",
    "__version__",
    "types",
]
