"""The JSON Schemas of the public models."""

from __future__ import annotations

import typing

import pydantic

from servicekit.models._complaint import Complaint, ComplaintEvent, Evidence, FollowUp
from servicekit.models._customer import Customer
from servicekit.models._interaction import Interaction
from servicekit.models._survey import SurveyResponse

__all__ = ["json_schema"]

_PUBLIC_MODELS: tuple[type[pydantic.BaseModel], ...] = (
    Customer,
    Interaction,
    Complaint,
    ComplaintEvent,
    Evidence,
    FollowUp,
    SurveyResponse,
)


def json_schema(
    *, mode: typing.Literal["validation", "serialization"] = "validation"
) -> dict[str, dict[str, typing.Any]]:
    """Return the JSON Schemas of the public models, keyed by model name.

    For clients in other languages: each value is a complete JSON Schema
    (draft 2020-12) as pydantic generates it, with its own ``$defs``.

    Parameters
    ----------
    mode : {"validation", "serialization"}, default "validation"
        The schema of what the models accept, or of what they emit.

    Returns
    -------
    dict of str to dict
        ``{"Customer": {...}, "Interaction": {...}, ...}``.

    Examples
    --------
    >>> schemas = json_schema()
    >>> sorted(schemas)  # doctest: +NORMALIZE_WHITESPACE
    ['Complaint', 'ComplaintEvent', 'Customer', 'Evidence', 'FollowUp',
     'Interaction', 'SurveyResponse']
    >>> schemas["SurveyResponse"]["properties"]["nps"]["anyOf"][0]
    {'maximum': 10, 'minimum': 0, 'type': 'integer'}
    """
    return {model.__name__: model.model_json_schema(mode=mode) for model in _PUBLIC_MODELS}
