"""Who the SDK says it is, in the User-Agent of every request: ``coze-client-python/<version> (python <version>;
<os>)``, the form of the TypeScript SDK's ``coze-client-ts/<version> (<runtime> <version>; <os>)``. The version is
the installed distribution's, so pyproject.toml is the one place it is written."""

from __future__ import annotations

import platform
from importlib import metadata

DISTRIBUTION = "coze-client"

# The names @coze/runtime's platform.ts gives the same systems.
_OS_NAMES = {"darwin": "macos"}


def _version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        # Sources on the path without the distribution installed: no metadata to read.
        return "unknown"


def _runtime() -> str:
    implementation = platform.python_implementation()
    return "python" if implementation == "CPython" else implementation.lower()


def _os() -> str:
    name = platform.system().lower()
    return _OS_NAMES.get(name, name) or "unknown"


VERSION = _version()
USER_AGENT = f"coze-client-python/{VERSION} ({_runtime()} {platform.python_version()}; {_os()})"
"""A caller's own User-Agent (``default_headers`` or a call's ``extra_headers``) replaces it."""
