"""pydantic v2 models for customers, interactions, complaints and surveys.

Every model refuses unknown fields, requires timezone-aware datetimes and
round-trips losslessly through ``model_dump_json`` / ``model_validate_json``.
"""

from __future__ import annotations

import typing

import pydantic

from servicekit.models._complaint import (
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Evidence,
    EvidenceKind,
    FollowUp,
    Severity,
)
from servicekit.models._customer import Customer
from servicekit.models._interaction import Channel, Direction, Interaction
from servicekit.models._survey import SurveyColumns, SurveyResponse, survey_columns

__all__ = [
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "Customer",
    "Direction",
    "Evidence",
    "EvidenceKind",
    "FollowUp",
    "Interaction",
    "Severity",
    "SurveyColumns",
    "SurveyResponse",
    "json_schema",
    "survey_columns",
]

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
