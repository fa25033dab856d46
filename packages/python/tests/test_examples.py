"""Every example runs as a user runs it: a fresh Python process against the embedded server, configured by the
environment. The token is a sentinel that must never appear in what they print."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mock import MockServer

EXAMPLES = Path(__file__).parent.parent / "examples"
SENTINEL = "sentinel-token-do-not-print"


@pytest.fixture(scope="module")
def example_server() -> Iterator[MockServer]:
    server = MockServer(tokens={SENTINEL: "admin", "demo-read": "read", "YOUR_API_KEY": "write"})
    yield server
    server.close()


def run(name: str, server: MockServer, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        env={**os.environ, "COZE_BASE_URL": server.url, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert SENTINEL not in output
    return result.stdout


def test_seed_example_runs_as_written(example_server: MockServer) -> None:
    example_server.reset()
    out = run("seed_example.py", example_server)
    assert out == "你好！You said: 你好\n"
    assert example_server.requests()[-1]["headers"]["authorization"] == "Bearer [REDACTED]"


def test_quickstart(example_server: MockServer) -> None:
    example_server.reset()
    out = run("quickstart.py", example_server, COZE_API_KEY=SENTINEL)
    lines = out.splitlines()
    assert lines[0].startswith("chat      chat_") and lines[0].endswith("你好！You said: 你好")
    assert lines[1] == "stream    你好！You said: 你好"
    assert any(line.startswith("listed    wf_") and line.endswith("quickstart") for line in lines)
    assert any(line.startswith("run       run_") and line.endswith("succeeded") for line in lines)
    assert "invalid   temperature must be <= 1 (maximum); got 2" in lines
    assert any(line.startswith("error     404 NotFoundError, request id req_") for line in lines)
    # The invalid chat never reached the server; everything else did, once each.
    assert [r["operationId"] for r in example_server.requests()] == [
        "chat.create",
        "chat.create",
        "workflow.create",
        "workflow.list",
        "workflow.run",
        "workflow.get",
        "workflow.delete",
    ]


def test_async_quickstart(example_server: MockServer) -> None:
    example_server.reset()
    out = run("async_quickstart.py", example_server, COZE_API_KEY=SENTINEL)
    assert sorted(line for line in out.splitlines() if line.startswith("chat")) == [
        f"chat      你好！You said: 你好 {n}" for n in range(3)
    ]
    assert "stream    你好！You said: 你好" in out
    assert "listed    wf_" in out
    assert "raw       200, request id req_" in out


READMES = [EXAMPLES.parent / "README.md", EXAMPLES.parent.parent.parent / "README.md"]


def python_blocks(readme: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", readme.read_text(encoding="utf-8"), flags=re.M | re.S)


@pytest.mark.parametrize("readme", READMES, ids=["packages/python/README.md", "README.md"])
def test_the_readme_quick_start_runs_and_type_checks(example_server: MockServer, readme: Path, tmp_path: Path) -> None:
    (block,) = python_blocks(readme)
    example_server.reset()
    script = tmp_path / "quick_start.py"
    script.write_text(block, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)],
        env={**os.environ, "COZE_BASE_URL": example_server.url},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("你好！You said: 你好\n你好！You said: 你好")
    assert [r["operationId"] for r in example_server.requests()][-1] == "workflow.run"
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(script)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout
