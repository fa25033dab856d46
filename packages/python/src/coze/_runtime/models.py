"""The base of the generated response models, and the NOT_GIVEN default of optional parameters."""

from __future__ import annotations

from typing import Any, Optional

import pydantic
from typing_extensions import Literal, final


class CozeModel(pydantic.BaseModel):
    """A response object: attribute access (``chat.content``), fields the SDK does not know yet kept as extras
    (the API adds response fields within v1), and the ``X-Request-Id`` of the response it came in."""

    model_config = pydantic.ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())

    @property
    def request_id(self) -> Optional[str]:
        """The ``X-Request-Id`` of the response this object came in (None for objects nested in it, and for
        stream events): quote it when you contact support."""
        private = self.__pydantic_private__
        return private.get("request_id") if private else None

    def _set_request_id(self, request_id: Optional[str]) -> None:
        # Kept in pydantic's own slot for private values, set only on the object a call returns: a declared
        # PrivateAttr would cost every model (stream events included) a Python-level initialisation.
        object.__setattr__(self, "__pydantic_private__", {"request_id": request_id})


@final
class NotGiven:
    """The default of every optional parameter: left out of the request, unlike ``None`` (which sends null)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def is_given(value: Any) -> bool:
    return not isinstance(value, NotGiven)
