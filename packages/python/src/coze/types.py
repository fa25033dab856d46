"""The API's types, generated from the spec: response models (``Chat``, ``Workflow``…), request TypedDicts
(``ChatMessageParam``…), the keyword arguments of each operation (``ChatCreateParams``…) and stream events."""

from ._gen.types import *  # noqa: F403
