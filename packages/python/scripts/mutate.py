"""A small, scripted mutation pass over the Python runtime (src/coze/_runtime), run against the pytest suite.

No Python mutation tool (mutmut, cosmic-ray, mutatest) is in the wheelhouse these machines install from, so this is
the modest stand-in: a hand-picked list of mutations, each a plausible bug in a decision the runtime makes (when to
retry, how long to wait, what the bucket admits, how a stream is framed, what a token or base URL may be). Each is
applied to a copy of src/ on its own and the suite runs against the copy (PYTHONPATH first); a mutation the suite
does not fail on "survived". The suite must first pass on an unmutated copy. Prints a markdown table; exits 1 when
one survives or a mutation no longer applies.

    .venv/bin/python scripts/mutate.py            # all of them (~1 minute each at worst on two shared cores)
    .venv/bin/python scripts/mutate.py retry      # the ones whose name contains "retry"
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PACKAGE = Path(__file__).resolve().parent.parent
RUNTIME = Path("src/coze/_runtime")


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str
    new: str


MUTATIONS = [
    Mutation("retry: 409 not retryable", "retry.py", "{408, 409, 429,", "{408, 429,"),
    Mutation("retry: Retry-After cap 60 s -> 600 s", "retry.py", "MAX_RETRY_AFTER = 60.0", "MAX_RETRY_AFTER = 600.0"),
    Mutation(
        "retry: backoff not capped at 8 s",
        "retry.py",
        "min(INITIAL_DELAY * 2.0**retry, MAX_DELAY)",
        "INITIAL_DELAY * 2.0**retry",
    ),
    Mutation(
        "retry: backoff doubles -> triples", "retry.py", "INITIAL_DELAY * 2.0**retry", "INITIAL_DELAY * 3.0**retry"
    ),
    Mutation("retry: no jitter", "retry.py", "base * (1 - 0.25 * rand())", "base"),
    Mutation("retry: retry-after-ms 0 ignored", "retry.py", "if value >= 0 and value", "if value > 0 and value"),
    Mutation("retry: retry-after-ms read as seconds", "retry.py", "return value / 1000", "return value"),
    Mutation(
        "retry: garbage Retry-After parsed as a date", "retry.py", "if not _HTTP_DATE.match(header):", "if False:"
    ),
    Mutation(
        "retry: a past HTTP date waits a negative time",
        "retry.py",
        "return max(0.0, date.timestamp()",
        "return max(-1e9, date.timestamp()",
    ),
    Mutation(
        "transport: one retry too many",
        "transport.py",
        "if attempt >= prepared.max_retries:",
        "if attempt > prepared.max_retries:",
    ),
    Mutation(
        "rate limit: a fraction of a token admits",
        "rate_limit.py",
        "if self._tokens >= 1 - _ROUNDING:",
        "if self._tokens >= 0.5:",
    ),
    Mutation(
        "rate limit: bucket not capped at burst",
        "rate_limit.py",
        "self._tokens = min(self.burst, self._tokens + elapsed * self.rate)",
        "self._tokens = self._tokens + elapsed * self.rate",
    ),
    Mutation(
        "rate limit: wait ignores the partial token",
        "rate_limit.py",
        "return (1 - self._tokens) / self.rate",
        "return 1 / self.rate",
    ),
    Mutation(
        "rate limit: no headroom after a 429",
        "rate_limit.py",
        "self.burst = max(1.0, self.burst - 1)",
        "self.burst = self.burst",
    ),
    Mutation(
        "rate limit: a shorter pause replaces a longer one",
        "rate_limit.py",
        "self._paused_until = max(self._paused_until, until)",
        "self._paused_until = until",
    ),
    Mutation("rate limit: burst 0 accepted", "rate_limit.py", "if not self.burst >= 1:", "if not self.burst >= 0:"),
    Mutation("sse: CRLF split across chunks read as two line ends", "sse.py", 'if text[0] == "\\n":', "if False:"),
    Mutation("sse: an id with NUL accepted", "sse.py", 'if "\\0" not in value:', "if True:"),
    Mutation("sse: retry without digits parsed", "sse.py", "value.isascii() and value.isdigit()", "value.isascii()"),
    Mutation("sse: unnamed event not called message", "sse.py", 'self._event or "message"', 'self._event or ""'),
    Mutation(
        "sse: last event without a blank line dropped",
        "sse.py",
        "        self._dispatch(events)\n        return events",
        "        return events",
    ),
    Mutation(
        "config: a CR in the token accepted", "config.py", 'if "\\r" in token or "\\n" in token:', 'if "\\n" in token:'
    ),
    Mutation("config: plain http to any host", "config.py", "(_is_loopback(host) or allow_insecure)", "(True)"),
    Mutation("config: trailing slash kept", "config.py", 'return base_url.rstrip("/")', "return base_url"),
    Mutation("idempotency: no key on DELETE", "idempotency.py", '{"POST", "PATCH", "DELETE"}', '{"POST", "PATCH"}'),
    Mutation(
        "errors: 5xx not InternalServerError",
        "errors.py",
        "if status >= 500 else APIError",
        "if status > 500 else APIError",
    ),
]


# test_package.py builds and installs a wheel of the real src/ (no mutant reaches it) and checks where `coze` is
# imported from: under PYTHONPATH it would fail for every mutant.
PYTEST = ["-m", "pytest", "-x", "-q", "-p", "no:randomly", "tests", "--ignore", "tests/test_package.py"]


def run(mutation: Optional[Mutation], python: str) -> tuple[str, str]:
    """Applies one mutation (None: none) to a copy of src/ and runs the suite on it: ('killed' | 'survived', the
    first failure)."""
    with tempfile.TemporaryDirectory(prefix="coze-mutant-") as tmp:
        shutil.copytree(PACKAGE / "src", Path(tmp) / "src")
        if mutation is not None:
            target = Path(tmp) / RUNTIME / mutation.file
            text = target.read_text(encoding="utf-8")
            if text.count(mutation.old) != 1:
                return "stale", f"`{mutation.old}` occurs {text.count(mutation.old)} times in {mutation.file}"
            target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(tmp) / "src"), os.environ.get("PYTHONPATH", "")])}
        # The copy must be what the tests import, not the editable install's src/.
        where = subprocess.run(
            [python, "-c", "import coze; print(coze.__file__)"], env=env, capture_output=True, text=True
        )
        if not where.stdout.startswith(tmp):
            return "error", f"the tests would import {where.stdout.strip() or where.stderr.strip()}, not the mutant"
        result = subprocess.run(
            [python, *PYTEST],
            cwd=PACKAGE,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode == 0:
            return "survived", ""
        failed = next((line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
        return "killed", failed.split(" - ")[0].removeprefix("FAILED ").removeprefix("ERROR ")


def main() -> int:
    wanted = sys.argv[1:]
    chosen = [m for m in MUTATIONS if not wanted or any(w in m.name for w in wanted)]
    # The same suite on an unmutated copy must pass, or a "killed" would mean nothing.
    status, why = run(None, sys.executable)
    if status != "survived":
        print(f"the suite fails without any mutation ({status}): {why}", file=sys.stderr)
        return 2
    rows = []
    for mutation in chosen:
        status, why = run(mutation, sys.executable)
        print(f"{status:8} {mutation.name}  {why}", file=sys.stderr, flush=True)
        rows.append((mutation, status, why))
    print("| mutation | file | result | first failing test |\n|---|---|---|---|")
    for mutation, status, why in rows:
        print(f"| {mutation.name} | {mutation.file} | {status} | {why.replace('|', '/')} |")
    killed = sum(1 for _, status, _ in rows if status == "killed")
    print(f"\n{killed} of {len(rows)} killed.")
    return 0 if killed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
