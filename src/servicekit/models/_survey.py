"""Survey responses: NPS, CSAT and CES answers with open feedback."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt, model_validator

from servicekit.models.types import AwareDatetime, FrozenModel, Identifier

__all__ = ["SurveyResponse"]


class SurveyResponse(FrozenModel):
    """One customer's answers to a satisfaction survey.

    Parameters
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
    Scores are strict integers: ``7.5``, ``"7"`` and ``True`` are refused
    rather than guessed at. A response must carry at least one score or a
    comment.

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
    nps: Annotated[StrictInt, Field(ge=0, le=10)] | None = None
    csat: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    ces: Annotated[StrictInt, Field(ge=1, le=7)] | None = None
    comment: str | None = Field(default=None, repr=False)

    @model_validator(mode="after")
    def _check_answered(self) -> SurveyResponse:
        if self.nps is None and self.csat is None and self.ces is None and not self.comment:
            raise ValueError("a survey response needs at least one of nps, csat, ces or comment")
        return self
