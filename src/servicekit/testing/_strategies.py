"""The strategies behind :mod:`servicekit.testing`."""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from servicekit._params import (
    ZONE_EXPECTED,
    Constraint,
    Instance,
    Optional,
    Options,
    time_zone,
    validate_params,
)
from servicekit.models import (
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
from servicekit.sla import BusinessCalendar, SLAPolicy
from servicekit.workflow import DEFAULT_MILESTONES, ComplaintPolicy, ComplaintWorkflow
from servicekit.workflow._machine import transition_table

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

TIME_ZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
)
"""The IANA zones :func:`business_calendars` draws from: no DST (UTC, Shanghai,
Kolkata, Sao Paulo since 2019), DST in either hemisphere (London, Berlin, New
York, Sydney), a half-hour change (Lord Howe) and a 12:45 offset (Chatham)."""

_TABLE = transition_table()
# Events that move the status somewhere: refused while paused.
_MOVES = frozenset(event for (status, event), target in _TABLE.items() if target != status)
# Events that anyone may send under ownership="enforce".
_ANYONE = frozenset({"note", "escalate"})

# Fixed offsets for the models' instants: an aware datetime in a zone with a fold
# compares unequal to itself after a JSON round trip (PEP 495), which would make
# round-trip properties fail for a reason that is not a bug in the code under test.
_OFFSETS = st.sampled_from(
    [
        timezone.utc,
        timezone(timedelta(hours=8)),
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
        timezone(timedelta(hours=12, minutes=45)),
    ]
)
_instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=_OFFSETS
)
_durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))
_identifiers = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")
_texts = st.text(max_size=50)
_free_texts = st.text(min_size=1, max_size=50).filter(lambda s: s.strip() != "")


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def _customers(draw: st.DrawFn) -> Customer:
    local = draw(st.from_regex(r"[a-z][a-z0-9._]{0,10}", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z]{1,10}\.[a-z]{2,6}", fullmatch=True))
    digits = draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=15))
    separator = draw(st.sampled_from(["", " ", "-", "."]))
    phone = draw(st.sampled_from(["", "+"])) + separator.join(
        "".join(digits[k : k + 3]) for k in range(0, len(digits), 3)
    )
    return Customer(
        id=draw(_identifiers),
        name=draw(_free_texts),
        email=draw(_maybe(st.just(f"{local}@{domain}"))),
        phone=draw(_maybe(st.just(phone))),
        segment=draw(_maybe(_identifiers)),
        tier=draw(_maybe(_identifiers)),
        tags=tuple(draw(st.lists(_texts, max_size=3))),
        created_at=draw(_maybe(_instants)),
    )


@st.composite
def _interactions(draw: st.DrawFn) -> Interaction:
    opened = draw(_instants)
    resolved = draw(_maybe(st.booleans()))
    fcr = draw(_maybe(st.booleans()))
    if resolved is False and fcr:
        fcr = False
    return Interaction(
        id=draw(_identifiers),
        customer_id=draw(_identifiers),
        channel=draw(st.sampled_from(Channel)),
        opened_at=opened,
        first_response_at=draw(_maybe(_durations.map(lambda d: opened + d))),
        closed_at=draw(_maybe(_durations.map(lambda d: opened + d))),
        agent_id=draw(_maybe(_identifiers)),
        direction=draw(st.sampled_from(Direction)),
        resolved=resolved,
        first_contact_resolution=fcr,
        handle_time=draw(_maybe(_durations)),
        tags=tuple(draw(st.lists(_texts, max_size=3))),
    )


@st.composite
def _survey_responses(draw: st.DrawFn) -> SurveyResponse:
    nps = draw(_maybe(st.integers(0, 10)))
    csat = draw(_maybe(st.integers(1, 5)))
    ces = draw(_maybe(st.integers(1, 7)))
    comment = draw(_maybe(_texts))
    if nps is None and csat is None and ces is None and not comment:
        nps = draw(st.integers(0, 10))  # a response answers something
    return SurveyResponse(
        id=draw(_identifiers),
        answered_at=draw(_instants),
        customer_id=draw(_maybe(_identifiers)),
        interaction_id=draw(_maybe(_identifiers)),
        nps=nps,
        csat=csat,
        ces=ces,
        comment=comment,
    )


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# Quarter hours, and often the small hours where clocks change.
_cut = st.integers(0, 96).map(lambda q: q * 15) | st.sampled_from(
    [60, 90, 120, 135, 150, 165, 180, 195, 210]
)
_dates_near = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def _calendars(draw: st.DrawFn, zone: str | None) -> BusinessCalendar:
    windows: dict[int, list[tuple[str, str]]] = {}
    for weekday in range(7):
        cuts = sorted(draw(st.lists(_cut, max_size=6, unique=True)))
        if len(cuts) % 2:
            cuts = cuts[:-1]
        spans = [(_hhmm(cuts[k]), _hhmm(cuts[k + 1])) for k in range(0, len(cuts), 2)]
        if spans:
            windows[weekday] = spans
    if not windows:  # a calendar that never opens serves nobody: open one weekday
        start = draw(st.integers(0, 95))
        end = draw(st.integers(start + 1, 96))
        windows[draw(st.integers(0, 6))] = [(_hhmm(start * 15), _hhmm(end * 15))]
    holidays = set(draw(st.lists(_dates_near, max_size=8)))
    workdays = set(draw(st.lists(_dates_near, max_size=4))) - holidays
    return BusinessCalendar(
        windows,
        tz=zone if zone is not None else draw(st.sampled_from(TIME_ZONES)),
        holidays=holidays,
        workdays=workdays,
    )


def _routes(start: ComplaintStatus) -> dict[ComplaintStatus, tuple[str, ...]]:
    """The shortest list of events from ``start`` to each status it can reach (breadth first)."""
    routes: dict[ComplaintStatus, tuple[str, ...]] = {start: ()}
    queue = deque([start])
    while queue:
        status = queue.popleft()
        for (source, event), target in sorted(_TABLE.items()):
            if source == status and target not in routes:
                routes[target] = (*routes[status], event)
                queue.append(target)
    return routes


_ROUTES = {status: _routes(status) for status in ComplaintStatus}


def _possible(workflow: ComplaintWorkflow, agents: int, goal: ComplaintStatus) -> list[str]:
    """The events the complaint accepts now (the workflow's rules) that keep ``goal`` in reach."""
    c = workflow.complaint
    out = []
    for event in sorted(workflow.allowed_events):
        if c.paused_since is not None and event in _MOVES:
            continue
        if (
            (event == "pause" and c.paused_since is not None)
            or (event == "resume" and c.paused_since is None)
            or (event == "escalate" and c.escalation_level >= 3)
            or (event == "hand_over" and agents < 2)
            or goal not in _ROUTES[_TABLE[c.status, event]]
        ):
            continue
        out.append(event)
    return out


def _arguments(draw: st.DrawFn, event: str, c: Complaint, agents: list[str]) -> dict[str, Any]:
    """Valid keyword arguments for ``event`` on ``c`` as it is now (actor and time aside)."""
    text = _free_texts
    if event in ("classify", "reclassify"):
        args: dict[str, Any] = {
            "severity": draw(st.sampled_from(Severity)),
            "category": draw(_maybe(st.sampled_from(["billing", "delivery", "quality"]))),
        }
        if event == "reclassify":
            args["reason"] = draw(text)
        return args
    if event == "add_evidence":
        return {"kind": draw(st.sampled_from(EvidenceKind)), "reference": draw(_identifiers)}
    if event == "resolve":
        needs_findings = not c.findings and not c.evidence
        findings = draw(text) if needs_findings else draw(_maybe(text))
        return {"resolution": draw(text), "findings": findings}
    if event == "reply":
        return {"message": draw(text)}
    if event == "follow_up":
        return {"outcome": draw(text), "customer_satisfied": draw(_maybe(st.booleans()))}
    if event == "close":
        confirmed = bool(c.follow_ups) and c.follow_ups[-1].customer_satisfied is True
        return {"reason": draw(_maybe(text)) if confirmed else draw(text)}
    if event in ("reopen", "pause"):
        return {"reason": draw(text)}
    if event == "escalate":
        level = draw(_maybe(st.integers(c.escalation_level + 1, 3)))
        return {"reason": draw(text), "to_level": level}
    if event == "hand_over":
        others = [a for a in agents if a != c.owner]
        return {"to_agent": draw(st.sampled_from(others)), "reason": draw(text)}
    if event == "acknowledge":
        return {"message": draw(_maybe(text))}
    if event == "update_customer":
        return {
            "message": draw(text),
            "milestone": draw(_maybe(st.sampled_from(DEFAULT_MILESTONES))),
        }
    if event == "note":
        return {"text": draw(text)}
    return {}  # investigate, resume


_policies = st.sampled_from([ComplaintPolicy(), ComplaintPolicy(sla=SLAPolicy())])


@st.composite
def _complaints(
    draw: st.DrawFn,
    status: ComplaintStatus | None,
    policy: ComplaintPolicy | None,
    calendar: BusinessCalendar | None,
) -> Complaint:
    goal = status if status is not None else draw(st.sampled_from(ComplaintStatus))
    chosen = policy if policy is not None else draw(_policies)
    if calendar is None and chosen.sla is not None:
        calendar = draw(_maybe(_calendars(None)))
    received_at = draw(_instants)
    complaint = Complaint(
        id=draw(_identifiers),
        customer_id=draw(_identifiers),
        channel=draw(st.sampled_from(Channel)),
        received_at=received_at,
        subject=draw(_free_texts),
        description=draw(_texts),
    )
    workflow = ComplaintWorkflow(complaint, policy=chosen, calendar=calendar)
    agents = draw(st.lists(_identifiers, min_size=1, max_size=3, unique=True))
    at = received_at

    def send(event: str) -> None:
        nonlocal at
        at += timedelta(seconds=draw(st.integers(0, 3 * 86_400)))
        actor = draw(st.sampled_from(agents))
        c = workflow.complaint
        if (
            chosen.ownership == "enforce"
            and c.owner is not None
            and event not in _ANYONE
            and actor not in chosen.supervisors
        ):
            actor = c.owner  # only the owner may send it
        workflow.send(event, actor=actor, at=at, **_arguments(draw, event, c, agents))

    # A random walk through whatever the complaint accepts, then the shortest way to the goal.
    for _ in range(draw(st.integers(0, 12))):
        possible = _possible(workflow, len(agents), goal)
        moves = [e for e in possible if _TABLE[complaint.status, e] != complaint.status]
        # Half the steps move the status when it can, so the walk goes round the
        # lifecycle (reopened, followed up, closed) and not only in place.
        move = draw(st.booleans())
        if moves and move:
            possible = moves
        send(draw(st.sampled_from(possible)))
    route = _ROUTES[complaint.status][goal]
    if route and complaint.paused_since is not None:
        send("resume")
    for event in route:
        send(event)
    return complaint


@st.composite
def _events(draw: st.DrawFn) -> ComplaintEvent:
    complaint = draw(_complaints(None, None, None).filter(lambda c: c.version > 0))
    return draw(st.sampled_from(complaint.history))


class _ZoneName(Constraint[str]):
    """An IANA time-zone name the zone database knows."""

    expected = ZONE_EXPECTED

    def convert(self, name: str, value: object) -> str:
        time_zone(name, value)
        return str(value)

    def invalid(self) -> tuple[object, ...]:
        return ("Mars/Olympus", 42, "")


_STATUS = Optional(Options(*ComplaintStatus))
_POLICY = Optional(Instance(ComplaintPolicy, expected="a ComplaintPolicy"))
_CALENDAR = Optional(Instance(BusinessCalendar, expected="a BusinessCalendar"))


def customers() -> st.SearchStrategy[Customer]:
    """Customers with names, e-mail addresses and phone numbers the model accepts.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Customer
        Any identifier (unicode included), an optional e-mail and phone
        number, segment, tier, tags and registration time.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(customers())
    ... def test_redacted_hides_the_name(customer):
    ...     assert customer.redacted().name == "***"
    >>> test_redacted_hides_the_name()
    """
    return _customers()


def interactions() -> st.SearchStrategy[Interaction]:
    """Interactions whose first response and close are not before their opening.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Interaction
        Any channel and direction; ``first_contact_resolution`` never
        contradicts ``resolved``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(interactions())
    ... def test_closed_after_opened(i):
    ...     assert i.closed_at is None or i.closed_at >= i.opened_at
    >>> test_closed_after_opened()
    """
    return _interactions()


def survey_responses() -> st.SearchStrategy[SurveyResponse]:
    """Survey responses with NPS, CSAT and CES scores on their scales, and comments.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of SurveyResponse
        Each answers at least one question (a score or a comment).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(survey_responses())
    ... def test_nps_on_its_scale(r):
    ...     assert r.nps is None or 0 <= r.nps <= 10
    >>> test_nps_on_its_scale()
    """
    return _survey_responses()


def evidence() -> st.SearchStrategy[Evidence]:
    """Evidence references of every kind.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Evidence

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(evidence())
    ... def test_kind(e):
    ...     assert e.kind in EvidenceKind
    >>> test_kind()
    """
    return st.builds(
        Evidence,
        kind=st.sampled_from(EvidenceKind),
        reference=_identifiers,
        added_at=_instants,
        added_by=_identifiers,
    )


def follow_ups() -> st.SearchStrategy[FollowUp]:
    """Follow-up contacts, with or without the customer's answer.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of FollowUp

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(follow_ups())
    ... def test_answer(f):
    ...     assert f.customer_satisfied in (True, False, None)
    >>> test_answer()
    """
    return st.builds(
        FollowUp,
        at=_instants,
        by=_identifiers,
        outcome=_texts,
        customer_satisfied=_maybe(st.booleans()),
    )


@validate_params(status=_STATUS, policy=_POLICY, calendar=_CALENDAR)
def complaints(
    *,
    status: ComplaintStatus | str | None = None,
    policy: ComplaintPolicy | None = None,
    calendar: BusinessCalendar | None = None,
) -> st.SearchStrategy[Complaint]:
    """Complaints in any status, each with the history the real workflow gave it.

    Each complaint is built by driving :class:`~servicekit.ComplaintWorkflow`
    through a random valid path of events at non-decreasing times: a random
    walk through whatever the complaint accepts (acknowledgements, notes,
    pauses, escalations, hand-overs, evidence, reclassification, reopening...),
    then the shortest way to the status wanted. The history, owner, severity,
    escalation level, evidence, follow-ups, reopen count and SLA due times are
    therefore exactly what the workflow produces, and the complaint resumes:
    wrapped in a workflow again, it accepts the next valid event.

    Parameters
    ----------
    status : ComplaintStatus or str, optional
        The status every complaint ends in; any status (each equally often)
        when not given.
    policy : ComplaintPolicy, optional
        The policy the workflow runs under (escalation levels, SLA targets,
        ownership). When not given, each complaint draws one: no SLA, or the
        default SLA targets.
    calendar : BusinessCalendar, optional
        The business hours the SLA targets count in. When not given and the
        policy has SLA targets, each complaint draws 24x7 UTC or a calendar
        from :func:`business_calendars`.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Complaint

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from servicekit import ComplaintWorkflow
    >>> @settings(max_examples=20, database=None)
    ... @given(complaints(status="tracking"))
    ... def test_a_tracked_complaint_can_be_closed(c):
    ...     ComplaintWorkflow(c).close(actor="lead-1", reason="Customer moved abroad",
    ...                                at=c.history[-1].at)
    ...     assert c.status == "closed" and c.version == len(c.history)
    >>> test_a_tracked_complaint_can_be_closed()
    """
    return _complaints(None if status is None else ComplaintStatus(status), policy, calendar)


def complaint_events() -> st.SearchStrategy[ComplaintEvent]:
    """History entries the workflow wrote: an event taken from a drawn complaint's history.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of ComplaintEvent
        Event names, statuses before and after, and data as the workflow
        records them.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from servicekit.workflow import ComplaintMachine
    >>> names = {e.id for e in ComplaintMachine.events}
    >>> @settings(max_examples=20, database=None)
    ... @given(complaint_events())
    ... def test_a_known_event(e):
    ...     assert e.event in names
    >>> test_a_known_event()
    """
    return _events()


@validate_params(tz=Optional(_ZoneName()))
def business_calendars(*, tz: str | None = None) -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars: weekly windows with breaks, holidays and make-up days.

    Each weekday has up to three windows on quarter hours (often in the small
    hours, where clocks change), at least one weekday is open, and up to
    eight holidays and four make-up working days fall between 2020 and 2030.

    Parameters
    ----------
    tz : str, optional
        The IANA time zone of every calendar; drawn from :data:`TIME_ZONES`
        when not given (DST zones in both hemispheres, a half-hour change, no
        DST).

    Returns
    -------
    hypothesis.strategies.SearchStrategy of BusinessCalendar

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(business_calendars(tz="Europe/London"))
    ... def test_adding_open_time_lands_in_open_time(cal):
    ...     t = datetime(2026, 3, 27, 12, tzinfo=timezone.utc)
    ...     assert cal.between(t, cal.add(t, timedelta(hours=3))) == timedelta(hours=3)
    >>> test_adding_open_time_lands_in_open_time()
    """
    return _calendars(tz)
