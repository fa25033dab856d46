"""A new operation in the spec is callable from Python after regeneration, with no hand edit: on a copy of the spec
with one operation added, the generator writes a copy of the package's bindings, and a fresh Python process calls
the new method (sync and async) against a local server, with its input checked like every other method's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.http_server import LocalServer, Reply, Request, json_reply

PACKAGE = Path(__file__).parent.parent
SPEC = PACKAGE.parent.parent / "spec" / "coze.v1.yaml"

NEW_PATH = """\
  /workflow/{workflow_id}/copy:
    parameters:
      - $ref: '#/components/parameters/WorkflowId'
    post:
      operationId: workflow.copy
      summary: Copy a workflow
      description: Stores a copy of a workflow under a new name.
      tags: [Workflow]
      security:
        - bearerAuth: [write]
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name]
              properties:
                name:
                  $ref: '#/components/schemas/WorkflowName'
      responses:
        '201':
          description: The copy.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Workflow'
"""

CALLER = """
import asyncio, json, sys
import coze
from coze import AsyncCozeAPI, CozeAPI, RequestValidationError

url = sys.argv[1]
client = CozeAPI(api_key="t", base_url=url)
copy = client.workflow.copy(workflow_id="wf_abc", name="copy")
try:
    client.workflow.copy(workflow_id="wf_abc", name="")
    invalid = None
except RequestValidationError as error:
    invalid = error.issues[0].message

async def main():
    async with AsyncCozeAPI(api_key="t", base_url=url) as aclient:
        return await aclient.workflow.copy(workflow_id="wf_abc", name="async copy")

acopy = asyncio.run(main())
print(json.dumps({"file": coze.__file__, "copy": copy.name, "type": type(copy).__name__, "async": acopy.name,
                  "invalid": invalid, "doc": client.workflow.copy.__doc__.splitlines()[0]}))
"""


def test_a_new_operation_is_callable_after_regeneration(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "\npaths:\n" in text
    spec = tmp_path / "coze.v1.yaml"
    spec.write_text(text.replace("\npaths:\n", "\npaths:\n" + NEW_PATH, 1), encoding="utf-8")
    copy = tmp_path / "pkg" / "coze"
    shutil.copytree(PACKAGE / "src" / "coze", copy, ignore=shutil.ignore_patterns("__pycache__"))
    generated = subprocess.run(
        ["node", "scripts/generate.mjs", "--spec", str(spec), "--out", str(copy / "_gen")],
        cwd=PACKAGE,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert generated.returncode == 0, generated.stderr
    assert "workflow.copy" in (copy / "_gen" / "operations.py").read_text(encoding="utf-8")
    assert "workflow.copy" not in (PACKAGE / "src" / "coze" / "_gen" / "operations.py").read_text(encoding="utf-8")

    def handler(request: Request, server: LocalServer) -> Reply:
        body = json.loads(request.body)
        workflow = {
            "id": "wf_copy",
            "name": body["name"],
            "description": "",
            "nodes": [],
            "version": 1,
            "created_at": 1,
            "updated_at": 1,
        }
        return json_reply(workflow, status=201)

    local = LocalServer(handler)
    try:
        result = subprocess.run(
            [sys.executable, "-c", CALLER, local.url],
            env={**os.environ, "PYTHONPATH": str(copy.parent)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        local.close()
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["file"].startswith(str(copy))
    assert (answer["copy"], answer["type"], answer["async"]) == ("copy", "Workflow", "async copy")
    assert answer["invalid"] == 'name must be at least 1 character(s) long (minLength); got ""'
    assert answer["doc"] == "Copy a workflow"
    sent = [(r.method, r.path) for r in local.requests]
    assert sent == [("POST", "/v1/workflow/wf_abc/copy")] * 2
    assert all(r.headers["idempotency-key"].startswith("coze-") for r in local.requests)
