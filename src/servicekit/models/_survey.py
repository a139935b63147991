"""Survey responses: NPS, CSAT and CES answers with open feedback."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Annotated, Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BeforeValidator, Field, StrictInt, model_validator

from servicekit._params import Instance, fail, validate_params
from servicekit._results import Result, result
from servicekit.models._types import AwareDatetime, FrozenModel, Identifier

__all__ = ["SurveyColumns", "SurveyResponse", "survey_columns"]


def _score(value: Any) -> Any:
    """Scores as they come from real data: 9.0 (a CSV column with a blank), NumPy ints, NaN.

    An integral float or a NumPy integer becomes an int and NaN a missing answer;
    9.5, booleans and strings are left for the strict integer check to refuse.
    """
    if isinstance(value, bool | np.bool_):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        if float(value).is_integer():
            return int(value)
    return value


_Whole = BeforeValidator(_score)
NPSScore = Annotated[Annotated[StrictInt, Field(ge=0, le=10)] | None, _Whole]
CSATScore = Annotated[Annotated[StrictInt, Field(ge=1, le=5)] | None, _Whole]
CESScore = Annotated[Annotated[StrictInt, Field(ge=1, le=7)] | None, _Whole]


class SurveyResponse(FrozenModel):
    """One customer's answers to a satisfaction survey.

    Attributes
    ----------
    id : str
        The response's identifier.
    answered_at : datetime
        When it was answered (timezone-aware).
    customer_id, interaction_id : str, optional
        What the response is about.
    nps : int, optional
        "How likely are you to recommend us?", an integer from 0 to 10.
    csat : int, optional
        Satisfaction, an integer from 1 (very dissatisfied) to 5 (very satisfied).
    ces : int, optional
        Customer effort, an integer from 1 to 7 (7: "it was very easy").
    comment : str, optional
        Open feedback. Free text may hold personal data, so it is kept out of
        ``repr()``.

    Notes
    -----
    Scores are whole numbers: an integral float (``9.0``, what a CSV column
    with one blank becomes) or a NumPy integer is taken as the integer, and
    NaN as a missing answer; ``7.5``, ``"7"`` and ``True`` are refused rather
    than guessed at. A response must carry at least one score or a comment.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> r = SurveyResponse(id="S-1", answered_at=datetime(2026, 3, 2, tzinfo=timezone.utc),
    ...                    nps=9, csat=5)
    >>> r.nps, r.ces
    (9, None)
    >>> SurveyResponse(id="S-2", answered_at=r.answered_at, nps=11)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SurveyResponse
    nps
      Input should be less than or equal to 10 ...
    """

    id: Identifier
    answered_at: AwareDatetime
    customer_id: Identifier | None = None
    interaction_id: Identifier | None = None
    nps: NPSScore = None
    csat: CSATScore = None
    ces: CESScore = None
    comment: str | None = Field(default=None, repr=False)

    @model_validator(mode="after")
    def _check_answered(self) -> SurveyResponse:
        if self.nps is None and self.csat is None and self.ces is None and not self.comment:
            raise ValueError("a survey response needs at least one of nps, csat, ces or comment")
        return self


@result
class SurveyColumns(Result):
    """Survey responses as columns the metric functions take directly.

    Attributes
    ----------
    id, customer_id, interaction_id : numpy.ndarray of str
        ``""`` where a response has no customer or interaction.
    answered_at : numpy.ndarray of datetime64[us]
        UTC instants.
    nps, csat, ces : numpy.ndarray of float
        The scores, NaN where not answered (pass ``nan_policy="omit"``).

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from servicekit.metrics import nps
    >>> t = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> cols = survey_columns([SurveyResponse(id="S-1", answered_at=t, nps=10),
    ...                        SurveyResponse(id="S-2", answered_at=t, csat=4)])
    >>> nps(cols.nps, nan_policy="omit").score
    100.0
    """

    id: NDArray[np.str_]
    answered_at: NDArray[np.datetime64]
    customer_id: NDArray[np.str_]
    interaction_id: NDArray[np.str_]
    nps: NDArray[np.float64]
    csat: NDArray[np.float64]
    ces: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.id.size)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@validate_params(responses=Instance(Sequence, expected="a sequence of SurveyResponse objects"))
def survey_columns(responses: Sequence[SurveyResponse]) -> SurveyColumns:
    """Turn survey responses into columns: ids, times and the three scores.

    Parameters
    ----------
    responses : sequence of SurveyResponse
        The responses.

    Returns
    -------
    SurveyColumns
        Read-only columns; a score not given is NaN.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> cols = survey_columns([SurveyResponse(id="S-1", answered_at=t, nps=9.0, ces=6)])
    >>> cols.nps.tolist(), cols.ces.tolist(), cols.csat.tolist()
    ([9.0], [6.0], [nan])
    """
    if isinstance(responses, str):
        fail("responses", "<a string>", "a sequence of SurveyResponse objects")
    for k, r in enumerate(responses):
        if not isinstance(r, SurveyResponse):
            fail(f"responses[{k}]", type(r).__name__, "a SurveyResponse")

    def scores(name: str) -> NDArray[np.float64]:
        return np.array(
            [math.nan if getattr(r, name) is None else getattr(r, name) for r in responses],
            dtype=np.float64,
        )

    return SurveyColumns(
        np.array([r.id for r in responses], dtype=np.str_),
        np.array(
            [(r.answered_at - _EPOCH) // np.timedelta64(1, "us").item() for r in responses],
            dtype="datetime64[us]",
        ),
        np.array([r.customer_id or "" for r in responses], dtype=np.str_),
        np.array([r.interaction_id or "" for r in responses], dtype=np.str_),
        scores("nps"),
        scores("csat"),
        scores("ces"),
    )
