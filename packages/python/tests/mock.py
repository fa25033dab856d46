"""The embedded Coze server (tools/mock-server), started for the tests through mock_launcher.mjs on a free port of
127.0.0.1, and the commands to drive it: its recorded requests, its fault plan, a reset, the spec it serves."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any, Optional

LAUNCHER = Path(__file__).with_name("mock_launcher.mjs")


class MockServer:
    def __init__(self, **options: Any) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not on PATH: the tests need it to run the embedded server")
        self._process = subprocess.Popen(
            [node, str(LAUNCHER), json.dumps(options)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=LAUNCHER.parent,
        )
        self._lock = threading.Lock()
        self._next_id = 0
        first = self._read()
        self.url: str = first["url"]
        self.tokens: dict[str, str] = first["tokens"]

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the embedded server stopped (exit code {self._process.poll()})")
        message: dict[str, Any] = json.loads(line)
        return message

    def command(self, cmd: str, *args: Any) -> Any:
        with self._lock:
            self._next_id += 1
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps({"id": self._next_id, "cmd": cmd, "args": list(args)}) + "\n")
            self._process.stdin.flush()
            answer = self._read()
        if "error" in answer:
            raise RuntimeError(f"mock server command {cmd} failed: {answer['error']}")
        return answer.get("result")

    def requests(self, operation_id: Optional[str] = None) -> list[dict[str, Any]]:
        """Every request received since the last reset, oldest first (optionally of one operation)."""
        recorded: list[dict[str, Any]] = self.command("requests")
        return [r for r in recorded if operation_id is None or r["operationId"] == operation_id]

    def fault(self, fault: dict[str, Any], times: int = 1, **match: str) -> None:
        """Scripts a fault for the next ``times`` requests matching ``match`` (method, path, operationId)."""
        self.command("faults", {"match": match, "times": times, "fault": fault})

    def reset(self) -> None:
        self.command("reset")

    def spec(self) -> dict[str, Any]:
        """The spec the server serves, dereferenced."""
        spec: dict[str, Any] = self.command("spec")
        return spec

    def close(self) -> None:
        if self._process.poll() is None:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                self.command("close")
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()
