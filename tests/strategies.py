"""Shared Hypothesis strategies for servicekit's tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from servicekit import (
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Customer,
    Direction,
    Evidence,
    EvidenceKind,
    FollowUp,
    Interaction,
    Severity,
    SurveyResponse,
)

# Fixed-offset zones only: an aware datetime in a zone with a fold compares
# unequal across zones (PEP 495), which is not what these tests are about.
zones = st.sampled_from(
    [
        timezone.utc,
        timezone(timedelta(hours=8)),
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)
aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=zones
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))
identifiers = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")
texts = st.text(max_size=50)
json_scalars = st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(max_size=10)


@st.composite
def customers(draw: st.DrawFn) -> Customer:
    local = draw(st.from_regex(r"[a-z][a-z0-9._]{0,10}", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z]{1,10}\.[a-z]{2,6}", fullmatch=True))
    phone = "+" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=15)))
    return Customer(
        id=draw(identifiers),
        name=draw(identifiers),
        email=draw(st.none() | st.just(f"{local}@{domain}")),
        phone=draw(st.none() | st.just(phone)),
        segment=draw(st.none() | identifiers),
        tier=draw(st.none() | identifiers),
        tags=tuple(draw(st.lists(texts, max_size=3))),
        created_at=draw(st.none() | aware_datetimes),
    )


@st.composite
def interactions(draw: st.DrawFn) -> Interaction:
    opened = draw(aware_datetimes)
    resolved = draw(st.none() | st.booleans())
    fcr = draw(st.none() | st.booleans())
    if resolved is False and fcr:
        fcr = False
    return Interaction(
        id=draw(identifiers),
        customer_id=draw(identifiers),
        channel=draw(st.sampled_from(Channel)),
        opened_at=opened,
        first_response_at=draw(st.none() | durations.map(lambda d: opened + d)),
        closed_at=draw(st.none() | durations.map(lambda d: opened + d)),
        agent_id=draw(st.none() | identifiers),
        direction=draw(st.sampled_from(Direction)),
        resolved=resolved,
        first_contact_resolution=fcr,
        handle_time=draw(st.none() | durations),
        tags=tuple(draw(st.lists(texts, max_size=3))),
    )


evidence = st.builds(
    Evidence,
    kind=st.sampled_from(EvidenceKind),
    reference=identifiers,
    added_at=aware_datetimes,
    added_by=identifiers,
)
follow_ups = st.builds(
    FollowUp,
    at=aware_datetimes,
    by=identifiers,
    outcome=texts,
    customer_satisfied=st.none() | st.booleans(),
)
complaint_events = st.builds(
    ComplaintEvent,
    event=identifiers,
    from_status=st.sampled_from(ComplaintStatus),
    to_status=st.sampled_from(ComplaintStatus),
    at=aware_datetimes,
    actor=identifiers,
    note=st.none() | texts,
    data=st.dictionaries(st.text(max_size=8), json_scalars, max_size=3),
)


@st.composite
def complaints(draw: st.DrawFn) -> Complaint:
    """Complaints in any status with a consistent history: times in order from receipt,
    the status the last entry's, the version its length."""
    received_at = draw(aware_datetimes.filter(lambda t: t.year < 2190))
    events = draw(st.lists(complaint_events, max_size=4))
    gaps = draw(st.lists(st.integers(0, 10**6), min_size=len(events), max_size=len(events)))
    history = []
    at = received_at
    for event, gap in zip(events, gaps, strict=True):
        at = at + timedelta(seconds=gap)
        history.append(event.model_copy(update={"at": at}))
    status = history[-1].to_status if history else ComplaintStatus.RECEIVED
    return Complaint(
        id=draw(identifiers),
        customer_id=draw(identifiers),
        channel=draw(st.sampled_from(Channel)),
        received_at=received_at,
        subject=draw(identifiers),
        description=draw(texts),
        category=draw(st.none() | identifiers),
        severity=draw(st.none() | st.sampled_from(Severity)),
        escalation_level=draw(st.integers(1, 3)),
        owner=draw(st.none() | identifiers),
        status=status,
        evidence=draw(st.lists(evidence, max_size=3)),
        findings=draw(st.none() | texts),
        resolution=draw(st.none() | texts),
        reply=draw(st.none() | texts),
        follow_ups=draw(st.lists(follow_ups, max_size=3)),
        reopen_count=draw(st.integers(0, 5)),
        history=history,
        version=len(history),
    )


@st.composite
def survey_responses(draw: st.DrawFn) -> SurveyResponse:
    nps = draw(st.none() | st.integers(0, 10))
    csat = draw(st.none() | st.integers(1, 5))
    ces = draw(st.none() | st.integers(1, 7))
    comment = draw(st.none() | texts)
    if nps is None and csat is None and ces is None and not comment:
        nps = draw(st.integers(0, 10))
    return SurveyResponse(
        id=draw(identifiers),
        answered_at=draw(aware_datetimes),
        customer_id=draw(st.none() | identifiers),
        interaction_id=draw(st.none() | identifiers),
        nps=nps,
        csat=csat,
        ces=ces,
        comment=comment,
    )
