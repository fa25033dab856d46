"""coze-client as it is consumed: the wheel built from this folder, installed into a fresh virtual environment with
nothing but its dependencies, runs the reference's example against the embedded server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.mock import MockServer

PACKAGE = Path(__file__).parent.parent


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(out),
        str(PACKAGE),
    )
    (built,) = out.glob("coze_client-*.whl")
    return built


def test_the_wheel_holds_the_package_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "coze/__init__.py" in names and "coze/py.typed" in names
    assert "coze/_gen/resources.py" in names and "coze/_runtime/transport.py" in names
    assert not [n for n in names if n.startswith(("tests/", "codegen/", "examples/")) or "__pycache__" in n]
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: coze-client" in text and "Requires-Python: >=3.9" in text
    assert sorted(line.split()[1] for line in text.splitlines() if line.startswith("Requires-Dist:")) == [
        "httpx<1,>=0.23",
        "pydantic<3,>=2.5",
        "typing-extensions>=4.7",
    ]


def test_a_fresh_environment_runs_the_seed_example(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    run(python, "-m", "pip", "install", "--quiet", "--retries", "0", "--disable-pip-version-check", str(wheel))
    installed = run(python, "-m", "pip", "list", "--format=freeze").stdout
    assert {line.split("==")[0].lower() for line in installed.splitlines()} >= {"coze-client", "httpx", "pydantic"}
    assert "pytest" not in installed and "jinja2" not in installed.lower()
    server = MockServer(tokens={"YOUR_API_KEY": "write", "r": "read", "a": "admin"})
    try:
        example = tmp_path / "seed_example.py"
        shutil.copy(PACKAGE / "examples" / "seed_example.py", example)
        result = run(
            python, str(example), cwd=tmp_path, env={**os.environ, "COZE_BASE_URL": server.url, "PYTHONPATH": ""}
        )
    finally:
        server.close()
    assert result.stdout == "你好！You said: 你好\n"
    where = run(python, "-c", "import coze; print(coze.__file__)", cwd=tmp_path).stdout
    assert str(env_dir) in where
    # The version is pyproject.toml's, read from the installed metadata: written in one place.
    (version,) = re.findall(r'^version = "(.+)"$', (PACKAGE / "pyproject.toml").read_text(), re.MULTILINE)
    agent = "from coze._runtime.identity import USER_AGENT; import coze; print(coze.__version__, USER_AGENT)"
    shown = run(python, "-c", agent, cwd=tmp_path).stdout
    assert shown.startswith(f"{version} coze-client-python/{version} (python ")


def test_the_sources_parse_on_python_3_9() -> None:
    """mypy 2 cannot target 3.9, so the oldest supported Python compiles every file (syntax, not types)."""
    candidates = [*Path.home().glob(".pyenv/versions/3.9*/bin/python3.9"), shutil.which("python3.9")]
    working = [str(c) for c in candidates if c and subprocess.run([str(c), "-V"], capture_output=True).returncode == 0]
    if not working:
        pytest.skip("no Python 3.9 on this machine")
    python39 = working[0]
    cache = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(os.environ.get("TMPDIR", "/tmp")) / "coze-py39-cache")}
    run(python39, "-m", "compileall", "-q", "-f", str(PACKAGE / "src" / "coze"), env=cache)
