"""The limits a client takes and a call may override, checked by one set of rules (as @coze/runtime's options.ts):
a CozeError naming the option when a client is made, a RequestValidationError before a call sends anything."""

from __future__ import annotations

from typing import Callable, Optional

from .errors import CozeError, RequestValidationError, ValidationIssue

MAX_TIMEOUT = 2_147_483.647
"""The longest timeout in seconds: TypeScript's (the most a JavaScript timer waits, about 24.8 days), so that both
SDKs take the same values. There is no "no timeout": an answer that never comes would hang the caller."""


def _seconds(value: object) -> Optional[str]:
    # NaN fails both comparisons; infinity the second.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= MAX_TIMEOUT:
        return None
    return (
        f"must be a number of seconds above 0 and at most {MAX_TIMEOUT} (about 24.8 days; there is no unlimited "
        "timeout)"
    )


def _retries(value: object) -> Optional[str]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return "must be a whole number >= 0"


def _bytes(value: object) -> Optional[str]:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return None
    return "must be a whole number of bytes above 0"


_RULES: dict[str, Callable[[object], Optional[str]]] = {
    "timeout": _seconds,
    "max_retries": _retries,
    "max_response_bytes": _bytes,
}


def _problems(limits: dict[str, object]) -> list[ValidationIssue]:
    """One issue per limit that breaks its rule; a limit that is None is not given."""
    found = []
    for name, value in limits.items():
        if value is None:
            continue
        problem = _RULES[name](value)
        if problem is not None:
            found.append(ValidationIssue(name, "option", f"{name} {problem}; got {value!r}."))
    return found


def check_client_limits(**limits: object) -> None:
    """Checks a client's limits when it is made: a CozeError naming each option that breaks its rule."""
    found = _problems(limits)
    if found:
        raise CozeError(" ".join(issue.message for issue in found))


def check_call_limits(**limits: object) -> None:
    """Checks one call's limits before anything is sent: a RequestValidationError naming each such option."""
    found = _problems(limits)
    if found:
        raise RequestValidationError(found)
