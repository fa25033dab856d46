"""The base of the generated response models, and the NOT_GIVEN default of optional parameters."""

from __future__ import annotations

from typing import Any, Optional

import pydantic
from typing_extensions import Literal, final


class CozeModel(pydantic.BaseModel):
    """A response object: attribute access (``chat.content``), fields the SDK does not know yet kept as extras
    (the API adds response fields within v1), and the ``X-Request-Id`` of the response it came in."""

    model_config = pydantic.ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())

    _request_id: Optional[str] = pydantic.PrivateAttr(default=None)

    @property
    def request_id(self) -> Optional[str]:
        """The ``X-Request-Id`` of the response this object came in: quote it when you contact support."""
        return self._request_id


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
