"""The hand-written runtime of the Python SDK: auth, the token bucket, retries with backoff, timeouts, typed errors,
validation, streaming and pagination. It knows no Coze path: the generated bindings (``coze._gen``) describe each
operation to it. Users import what they need from ``coze``; nothing here is imported by path."""

from .client import AsyncAPIClient, SyncAPIClient
from .config import ApiKey, AsyncApiKey
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CozeError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseTooLargeError,
    StreamParseError,
    UnexpectedResponseError,
    ValidationIssue,
)
from .logs import LogLevel
from .models import NOT_GIVEN, CozeModel, NotGiven
from .operation import Operation, Param, StreamSpec, unique_items
from .pagination import AsyncPage, AsyncPaginator, SyncPage
from .rate_limit import RateLimit
from .response import APIResponse
from .sse import ServerSentEvent, SSEParser
from .streaming import AsyncStream, Stream
from .transport import RequestOptions

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "ApiKey",
    "AsyncApiKey",
    "AsyncAPIClient",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "CozeError",
    "CozeModel",
    "InternalServerError",
    "LogLevel",
    "NotFoundError",
    "NotGiven",
    "Operation",
    "Param",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "RequestValidationError",
    "ResponseTooLargeError",
    "SSEParser",
    "ServerSentEvent",
    "Stream",
    "StreamParseError",
    "StreamSpec",
    "SyncAPIClient",
    "SyncPage",
    "UnexpectedResponseError",
    "ValidationIssue",
    "unique_items",
]
