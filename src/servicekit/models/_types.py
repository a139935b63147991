"""Shared field types and the base classes of servicekit's models.

These ``Annotated`` types carry their constraints into pydantic's core, so
validation stays in compiled code and the JSON Schema states the rules.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError, ValidationError
from typing_extensions import Self

__all__ = [
    "PERSONAL_FIELDS",
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


PERSONAL_FIELDS: frozenset[str] = frozenset(
    {
        "name",
        "email",
        "phone",
        "address",
        "subject",
        "description",
        "findings",
        "resolution",
        "reply",
        "note",
        "notes",
        "outcome",
        "comment",
        "comments",
        "message",
        "reason",
        "text",
        "data",
    }
)
"""Fields that hold personal data or free text, anywhere in servicekit's models.

Their values never appear in a validation error (nor in ``repr``)."""

HIDDEN = "<hidden>"
_PLAIN = (bool, int, float, datetime, date, time, timedelta, Enum)
_SHOWN_TEXT = 64  # a short string in a non-personal field (an id, a channel) is shown


def _shown(detail: Any) -> bool:
    """Whether a line error's input may be shown: a whitelist, not a blacklist."""
    loc = detail.get("loc", ())
    if detail.get("type") == "extra_forbidden" or not loc:
        return False  # an unknown keyword's value, or the whole input
    if any(isinstance(part, str) and part in PERSONAL_FIELDS for part in loc):
        return False
    value = detail.get("input")
    if value is None or isinstance(value, _PLAIN):
        return True
    # A short string given for a top-level field that holds no personal data (an id,
    # a channel); never inside a list or a nested model, where it could be anything.
    return len(loc) == 1 and isinstance(value, str) and len(value) <= _SHOWN_TEXT


def sanitized(err: ValidationError, *, hide_input: bool = False) -> ValidationError:
    """The same validation error with every input that may be personal replaced by a marker.

    ``str(e)``, ``e.errors()``, ``e.json()`` and a pickled copy then carry
    ``"<hidden>"`` instead of names, e-mail addresses, complaint text, an
    unknown keyword's value or a whole input document.

    Examples
    --------
    >>> class Note(ServiceModel):
    ...     text: str
    >>> try:
    ...     Note(text=42, colour="Jane Roe, 4111 1111 1111 1111")
    ... except ValidationError as err:
    ...     [e["input"] for e in err.errors()]
    ['<hidden>', '<hidden>']
    """
    line_errors: list[Any] = []
    for detail in err.errors(include_url=False):
        line: dict[str, Any] = {
            "type": detail["type"],
            "loc": detail["loc"],
            "input": detail.get("input") if _shown(detail) else HIDDEN,
        }
        if "ctx" in detail:
            line["ctx"] = detail["ctx"]
        line_errors.append(line)
    try:
        rebuilt = ValidationError.from_exception_data(err.title, line_errors, hide_input=hide_input)
        rebuilt.json()  # pydantic-core before 2.8 looks the type up only when rendering
        return rebuilt
    except (KeyError, TypeError, ValueError):
        # An error type pydantic cannot rebuild by name (a custom one, such as
        # JsonValue's): keep its rendered message, as a custom error.
        for line, detail in zip(line_errors, err.errors(include_url=False), strict=True):
            message = detail["msg"].replace("{", "(").replace("}", ")")
            line["type"] = PydanticCustomError(detail["type"], message)
            line.pop("ctx", None)
        return ValidationError.from_exception_data(err.title, line_errors, hide_input=hide_input)


class ServiceModel(BaseModel):
    """Base of servicekit's models: unknown fields are refused, personal data never echoed.

    Validation errors (from the constructor, ``model_validate``,
    ``model_validate_json``, ``model_validate_strings`` and assignment) carry
    ``"<hidden>"`` instead of any input that may be personal data or free text
    (see :func:`sanitized`), in ``str(e)``, ``e.errors()`` and ``e.json()``
    alike, so a web framework's 422 response cannot leak them.

    Examples
    --------
    >>> class Note(ServiceModel):
    ...     text: str
    >>> Note(text="hi", colour="red")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Note
    colour
      Extra inputs are not permitted [type=extra_forbidden, input_value='<hidden>', ...
    """

    model_config = ConfigDict(extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as raw:
            err = sanitized(raw, hide_input=_hides(type(self)))
        else:
            return
        raise err  # outside the except block: the raw error is not its context

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj``; a refusal never echoes personal data (see :func:`sanitized`)."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as raw:
            err = sanitized(raw, hide_input=_hides(cls))
        raise err

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate JSON; a refusal never echoes personal data (see :func:`sanitized`)."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as raw:
            err = sanitized(raw, hide_input=_hides(cls))
        raise err

    @classmethod
    def model_validate_strings(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate strings; a refusal never echoes personal data (see :func:`sanitized`)."""
        try:
            return super().model_validate_strings(obj, *args, **kwargs)
        except ValidationError as raw:
            err = sanitized(raw, hide_input=_hides(cls))
        raise err

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as raw:
            err = sanitized(raw, hide_input=_hides(type(self)))
        else:
            return
        raise err


def _hides(cls: type[BaseModel]) -> bool:
    return bool(cls.model_config.get("hide_input_in_errors", False))


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
