"""Shared field types and the base classes of servicekit's models.

These ``Annotated`` types carry their constraints into pydantic's core, so
validation stays in compiled code and the JSON Schema states the rules.
"""

from __future__ import annotations

from servicekit.models._types import (
    PERSONAL_FIELDS,
    AwareDatetime,
    FrozenModel,
    Identifier,
    NonNegativeDuration,
    ServiceModel,
    StrEnum,
)

__all__ = [
    "PERSONAL_FIELDS",
    "AwareDatetime",
    "FrozenModel",
    "Identifier",
    "NonNegativeDuration",
    "ServiceModel",
    "StrEnum",
]
