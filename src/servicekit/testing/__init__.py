"""Hypothesis strategies for servicekit's models and calendars, for your own tests.

Property-test code that takes servicekit's objects with objects servicekit
itself would accept: complaints in any status whose history the real workflow
wrote, customers, interactions, survey responses, evidence, follow-ups,
history entries and business calendars.

Once servicekit is installed, Hypothesis knows these types through its
``hypothesis`` entry point: ``st.from_type(Complaint)`` (and ``st.builds`` of
your own classes with servicekit-typed fields) draws from these strategies,
with nothing to import or call first. Importing :mod:`servicekit` itself never
imports Hypothesis; this module needs it (``pip install 'servicekit[testing]'``).

Examples
--------
>>> from hypothesis import given, settings, strategies as st
>>> from servicekit import Complaint
>>> @settings(max_examples=20, database=None)
... @given(st.from_type(Complaint))
... def test_version_counts_the_history(c):
...     assert c.version == len(c.history)
>>> test_version_counts_the_history()
"""

from __future__ import annotations

try:
    from servicekit.testing._strategies import (
        TIME_ZONES,
        business_calendars,
        complaint_events,
        complaints,
        customers,
        evidence,
        follow_ups,
        interactions,
        survey_responses,
    )
except ModuleNotFoundError as _missing:  # checked in a subprocess without Hypothesis
    if _missing.name != "hypothesis":
        raise
    raise ImportError(
        "servicekit.testing needs Hypothesis: pip install 'servicekit[testing]'"
    ) from _missing

__all__ = [
    "TIME_ZONES",
    "business_calendars",
    "complaint_events",
    "complaints",
    "customers",
    "evidence",
    "follow_ups",
    "interactions",
    "survey_responses",
]


def _hypothesis_setup_hook() -> None:
    """Register the strategies with Hypothesis (run by its ``hypothesis`` entry point).

    Hypothesis calls every function registered under the ``hypothesis``
    entry-point group when it is imported (unless ``HYPOTHESIS_NO_PLUGINS`` is
    set); servicekit's pyproject.toml registers this one, so
    ``st.from_type(Complaint)`` works in a user's tests with nothing imported
    first. Calling it again changes nothing.
    """
    from hypothesis import strategies as st

    from servicekit.models import (
        Complaint,
        ComplaintEvent,
        Customer,
        Evidence,
        FollowUp,
        Interaction,
        SurveyColumns,
        SurveyResponse,
        survey_columns,
    )
    from servicekit.sla import BusinessCalendar

    register = st.register_type_strategy
    register(Customer, customers())
    register(Interaction, interactions())
    register(Complaint, complaints())
    register(ComplaintEvent, complaint_events())
    register(Evidence, evidence())
    register(FollowUp, follow_ups())
    register(SurveyResponse, survey_responses())
    register(SurveyColumns, st.lists(survey_responses()).map(survey_columns))
    register(BusinessCalendar, business_calendars())
