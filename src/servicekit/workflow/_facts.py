"""The facts a complaint's history yields, as plain columns for the metrics (private)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np
from numpy.typing import NDArray

from servicekit._params import Instance, fail, validate_params
from servicekit._results import Result, result
from servicekit.models import Complaint
from servicekit.sla import CUSTOMER_CONTACT_EVENTS, DEFAULT_RESOLVED_STATUSES

__all__ = ["ComplaintFacts", "complaint_facts"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NAT = np.datetime64("NaT", "us")
_SERVED = frozenset({"replied", "tracking", "closed"})


@result
class ComplaintFacts(Result):
    """What each complaint's history says, one row per complaint, as read-only columns.

    Instants are ``datetime64[us]`` UTC (NaT where the event has not
    happened); the other columns are strings, booleans, integers or
    float seconds. Every column has one value per complaint, in input order,
    so the metric functions take them directly (``first_response_time(
    facts.received_at, facts.first_response_at)``) and ``to_dict()`` gives a
    frame's worth of columns.

    Attributes
    ----------
    id, customer_id, channel, severity, category, owner, status : numpy.ndarray of str
        The complaint's fields (``""`` where severity, category or owner is
        not set).
    received_at : numpy.ndarray of datetime64
        When the complaint was received.
    first_response_at : numpy.ndarray of datetime64
        The first message to the customer (a customer-contact event: see
        ``servicekit.sla.CUSTOMER_CONTACT_EVENTS``).
    first_resolved_at, resolved_at, closed_at : numpy.ndarray of datetime64
        The first resolution; the final one (NaT unless the complaint is
        resolved now: a reopen undoes it); the close.
    resolved : numpy.ndarray of bool
        Whether the complaint is resolved now (its status is one of
        ``servicekit.sla.DEFAULT_RESOLVED_STATUSES``, the one definition
        the SLA clock uses too).
    served : numpy.ndarray of bool
        Whether the outcome was explained to the customer (it reached reply).
    followed_up : numpy.ndarray of bool
        Whether a follow-up contact was made.
    reopen_count : numpy.ndarray of int
        How many times it was reopened.
    escalated : numpy.ndarray of bool
        Whether it was escalated at least once (an ``escalate`` event; the
        initial level a severity gives is not an escalation).
    first_contact_resolution : numpy.ndarray of bool
        Resolved by its first owner at its first level, never reopened: no
        ``escalate``, ``hand_over`` or ``reopen`` event.
    paused_s : numpy.ndarray of float
        Seconds spent paused (waiting on the customer), closed pauses only.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from servicekit import Complaint
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
    ...               received_at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc), subject="Late")
    >>> facts = complaint_facts([c])
    >>> facts.id.tolist(), facts.resolved.tolist(), len(facts)
    (['CP-1'], [False], 1)
    """

    id: NDArray[np.str_]
    customer_id: NDArray[np.str_]
    channel: NDArray[np.str_]
    severity: NDArray[np.str_]
    category: NDArray[np.str_]
    owner: NDArray[np.str_]
    status: NDArray[np.str_]
    received_at: NDArray[np.datetime64]
    first_response_at: NDArray[np.datetime64]
    first_resolved_at: NDArray[np.datetime64]
    resolved_at: NDArray[np.datetime64]
    closed_at: NDArray[np.datetime64]
    resolved: NDArray[np.bool_]
    served: NDArray[np.bool_]
    followed_up: NDArray[np.bool_]
    reopen_count: NDArray[np.int64]
    escalated: NDArray[np.bool_]
    first_contact_resolution: NDArray[np.bool_]
    paused_s: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.id.size)


def _instant(t: datetime | None) -> np.datetime64:
    if t is None:
        return _NAT
    return np.datetime64((t - _EPOCH) // np.timedelta64(1, "us").item(), "us")


def _row(c: Complaint) -> tuple[Any, ...]:
    first_contact = first_resolve = last_resolve = closed = None
    escalated = transferred = False
    paused = 0.0
    pause_start = None
    for e in c.history:
        name = e.event
        if first_contact is None and name in CUSTOMER_CONTACT_EVENTS:
            first_contact = e.at
        if name == "resolve":
            first_resolve = first_resolve or e.at
            last_resolve = e.at
        elif name == "close":
            closed = e.at
        elif name == "escalate":
            escalated = True
        elif name == "hand_over":
            transferred = True
        elif name == "pause":
            pause_start = e.at
        elif name == "resume" and pause_start is not None:
            paused += (e.at - pause_start).total_seconds()
            pause_start = None
    status = c.status.value
    resolved = status in DEFAULT_RESOLVED_STATUSES
    return (
        c.id,
        c.customer_id,
        c.channel.value,
        c.severity.value if c.severity is not None else "",
        c.category or "",
        c.owner or "",
        status,
        _instant(c.received_at),
        _instant(first_contact),
        _instant(first_resolve),
        _instant(last_resolve if resolved else None),
        _instant(closed),
        resolved,
        status in _SERVED or (c.reopen_count > 0 and c.reply is not None),
        bool(c.follow_ups),
        c.reopen_count,
        escalated,
        resolved and not (escalated or transferred or c.reopen_count),
        paused,
    )


_KINDS = (
    str,
    str,
    str,
    str,
    str,
    str,
    str,
    "M",
    "M",
    "M",
    "M",
    "M",
    bool,
    bool,
    bool,
    int,
    bool,
    bool,
    float,
)


@validate_params(
    complaints=Instance(Sequence, expected="a sequence of Complaint objects"),
)
def complaint_facts(complaints: Sequence[Complaint]) -> ComplaintFacts:
    """Turn complaints into the columns the KPI functions take, one row per complaint.

    Parameters
    ----------
    complaints : sequence of Complaint
        The complaints, in any status.

    Returns
    -------
    ComplaintFacts
        Read-only columns: first response, first and final resolution,
        close, reopen count, escalated, first-contact resolution, paused time
        and the fields to group by.

    Notes
    -----
    This is the one place that reads complaint histories for metrics:
    ``servicekit.metrics`` works on plain columns and knows nothing of the
    models or the workflow.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint, ComplaintWorkflow
    >>> from servicekit.metrics import first_response_time, resolution_rate
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0, subject="Late")
    >>> wf = ComplaintWorkflow(c)
    >>> _ = wf.classify(actor="a-1", severity="general", at=t0 + timedelta(minutes=1))
    >>> _ = wf.investigate(actor="a-1", at=t0 + timedelta(minutes=2))
    >>> _ = wf.resolve(actor="a-1", resolution="Refunded", findings="Double charge",
    ...                at=t0 + timedelta(minutes=20))
    >>> _ = wf.reply(actor="a-1", message="Refunded", at=t0 + timedelta(minutes=25))
    >>> facts = complaint_facts([c])
    >>> first_response_time(facts.received_at, facts.first_response_at).mean
    datetime.timedelta(seconds=1500)
    >>> resolution_rate(facts.resolved), facts.first_contact_resolution.tolist()
    (1.0, [True])
    """
    if isinstance(complaints, str):
        fail("complaints", "<a string>", "a sequence of Complaint objects")
    rows = []
    for k, c in enumerate(complaints):
        if not isinstance(c, Complaint):
            fail(f"complaints[{k}]", type(c).__name__, "a Complaint")
        rows.append(_row(c))
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_KINDS)
    out: list[NDArray[Any]] = []
    for values, kind in zip(columns, _KINDS, strict=True):
        if kind == "M":
            out.append(np.array(values, dtype="datetime64[us]"))
        elif kind is str:
            out.append(np.array(values, dtype=np.str_) if values else np.array([], dtype=np.str_))
        elif kind is bool:
            out.append(np.array(values, dtype=bool))
        elif kind is int:
            out.append(np.array(values, dtype=np.int64))
        else:
            out.append(np.array(values, dtype=np.float64))
    return ComplaintFacts(*out)
