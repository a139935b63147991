"""Shared field types and the base classes of servicekit's models.

These ``Annotated`` types carry their constraints into pydantic's core, so
validation stays in compiled code and the JSON Schema states the rules.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "AwareDatetime",
    "FrozenModel",
    "Identifier",
    "NonNegativeDuration",
    "ServiceModel",
    "StrEnum",
]


class StrEnum(str, Enum):
    """An enumeration whose members are strings and print as their value.

    The same as :class:`enum.StrEnum` (Python 3.11+), also on Python 3.10.

    Examples
    --------
    >>> class Colour(StrEnum):
    ...     RED = "red"
    >>> str(Colour.RED), Colour.RED == "red"
    ('red', True)
    """

    def __str__(self) -> str:
        return str(self.value)


Identifier = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"\S")]
"""A non-empty identifier: at least one character that is not white space."""

NonNegativeDuration = Annotated[timedelta, Field(ge=timedelta(0))]
"""A ``timedelta`` that is zero or positive."""


class ServiceModel(BaseModel):
    """Base of servicekit's models: unknown fields are refused.

    Examples
    --------
    >>> class Note(ServiceModel):
    ...     text: str
    >>> Note(text="hi", colour="red")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Note
    colour
      Extra inputs are not permitted ...
    """

    model_config = ConfigDict(extra="forbid")


class FrozenModel(ServiceModel):
    """Base of servicekit's value objects: immutable once built.

    Examples
    --------
    >>> class Point(FrozenModel):
    ...     x: int
    >>> p = Point(x=1)
    >>> p.x = 2
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Point
    x
      Instance is frozen ...
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
