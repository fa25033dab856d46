"""Shared by every test folder of packages/python (tests/ and the generator's own tests)."""

from __future__ import annotations

import json
import os

import pytest


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """With COZE_PYTEST_REPORT set, one JSON line per test phase: how the vitest wrapper shows each test."""
    path = os.environ.get("COZE_PYTEST_REPORT")
    if not path or (report.when != "call" and report.outcome == "passed"):
        return
    line = {"nodeid": report.nodeid, "when": report.when, "outcome": report.outcome, "text": report.longreprtext}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
