"""A small HTTP server on 127.0.0.1 for the cases the embedded server does not stage (a server that repeats a
cursor, raw stream bytes, an operation the spec does not have yet). Each request goes to a handler function."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, NamedTuple, Union


class Request(NamedTuple):
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Reply(NamedTuple):
    status: int
    headers: dict[str, str]
    body: Union[bytes, Iterable[bytes]]
    """Bytes sent at once, or chunks flushed one by one (a stream)."""


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(status, {"content-type": "application/json", "x-request-id": "req_local"}, json.dumps(data).encode())


Handler = Callable[[Request, "LocalServer"], Reply]


class LocalServer:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.disconnected = threading.Event()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = Request(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                owner.requests.append(request)
                reply = owner.handler(request, owner)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if isinstance(reply.body, bytes):
                    self.send_header("content-length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("connection", "close")
                self.end_headers()
                try:
                    for chunk in reply.body:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    owner.disconnected.set()
                self.close_connection = True

            do_GET = do_POST = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def wait_for_disconnect(self, connection: Any) -> None:
        """For a streaming handler: blocks until the client closes the connection (recv answers b"")."""
        try:
            while connection.recv(1024):
                pass
        except OSError:
            pass
        self.disconnected.set()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def events(*frames: str) -> Iterator[bytes]:
    for frame in frames:
        yield frame.encode()
