"""Stored complaints as frames: one row per complaint, or one per history event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np

from servicekit._params import Instance, Options, fail, validate_params
from servicekit.models import Complaint
from servicekit.workflow import complaint_facts

__all__ = ["complaints_frame", "events_frame"]

_BACKEND = Options("pandas", "polars", "pyarrow")
_COMPLAINTS = Instance(Sequence, expected="a sequence of Complaint objects")


def _frame(columns: dict[str, Any], instants: Sequence[str], backend: str) -> Any:
    try:
        frame = nw.from_dict(columns, backend=backend)  # type: ignore[arg-type]
    except ImportError:
        raise ImportError(
            f"backend={backend!r} needs {backend}: pip install 'servicekit[{backend}]'"
        ) from None
    utc = [nw.col(c).dt.replace_time_zone("UTC") for c in instants]
    return frame.with_columns(*utc).to_native()


@validate_params(complaints=_COMPLAINTS, backend=_BACKEND)
def complaints_frame(complaints: Sequence[Complaint], *, backend: str = "pandas") -> Any:
    """Complaints as a data frame, one row per complaint, ready for :func:`kpi_table`.

    Parameters
    ----------
    complaints : sequence of Complaint
        Complaints in any status (e.g. from ``ComplaintStore.find``).
    backend : {"pandas", "polars", "pyarrow"}, default "pandas"
        The kind of frame to build.

    Returns
    -------
    data frame
        The columns of :class:`servicekit.workflow.ComplaintFacts` (``id``,
        ``customer_id``, ``channel``, ``severity``, ``category``, ``owner``,
        ``status``, the instants as UTC datetimes, ``resolved``,
        ``reopen_count``, ``escalated``, ``first_contact_resolution``, ...)
        plus the names :func:`kpi_table` reads: ``opened_at`` (the receipt),
        ``agent_id`` (the owner) and ``reopened`` (null for a complaint never
        resolved, so that the reopen rate counts among the resolved ones, as
        :func:`servicekit.metrics.reopen_rate` asks). No subject, description or
        other free text.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint, ComplaintWorkflow
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0, subject="Late")
    >>> _ = ComplaintWorkflow(c).acknowledge(actor="a-1", at=t0 + timedelta(minutes=4))
    >>> frame = complaints_frame([c], backend="polars")
    >>> from servicekit.frames import kpi_table
    >>> kpi_table(frame, "channel")["first_response_time_mean_s"].to_list()
    [240.0]
    """
    facts = complaint_facts(complaints).to_dict()
    columns: dict[str, Any] = {k: np.asarray(v) for k, v in facts.items()}
    columns["opened_at"] = columns["received_at"]
    columns["agent_id"] = columns["owner"]
    # the reopen rate counts among the complaints resolved at least once
    ever = ~np.isnat(columns["first_resolved_at"])
    reopened = (columns["reopen_count"] > 0).tolist()
    columns["reopened"] = [r if e else None for r, e in zip(reopened, ever.tolist(), strict=True)]
    instants = [
        k
        for k, v in columns.items()
        if getattr(v, "dtype", None) is not None and v.dtype.kind == "M"
    ]
    return _frame(columns, instants, backend)


@validate_params(complaints=_COMPLAINTS, backend=_BACKEND)
def events_frame(complaints: Sequence[Complaint], *, backend: str = "pandas") -> Any:
    """Complaints' histories as a status-change log, one row per event.

    Parameters
    ----------
    complaints : sequence of Complaint
        Complaints in any status.
    backend : {"pandas", "polars", "pyarrow"}, default "pandas"
        The kind of frame to build.

    Returns
    -------
    data frame
        ``complaint_id``, ``seq`` (the event's place in its history), ``at``
        (UTC), ``event``, ``from_status``, ``to_status`` and ``actor``, in
        history order; no notes or event data (they may hold free text).

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint, ComplaintWorkflow
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0, subject="Late")
    >>> wf = ComplaintWorkflow(c)
    >>> _ = wf.classify(actor="a-1", severity="general", at=t0 + timedelta(minutes=1))
    >>> events_frame([c], backend="polars").select("event", "to_status").rows()
    [('classify', 'classified')]
    """
    ids: list[str] = []
    seq: list[int] = []
    at: list[Any] = []
    event: list[str] = []
    before: list[str] = []
    after: list[str] = []
    actor: list[str] = []
    for k, c in enumerate(complaints):
        if not isinstance(c, Complaint):
            fail(f"complaints[{k}]", type(c).__name__, "a Complaint")
        for n, e in enumerate(c.history):
            ids.append(c.id)
            seq.append(n)
            at.append(_utc(e.at))
            event.append(e.event)
            before.append(e.from_status.value)
            after.append(e.to_status.value)
            actor.append(e.actor)
    columns = {
        "complaint_id": np.array(ids, dtype=object),
        "seq": np.array(seq, dtype=np.int64),
        "at": np.array(at, dtype="datetime64[us]"),
        "event": np.array(event, dtype=object),
        "from_status": np.array(before, dtype=object),
        "to_status": np.array(after, dtype=object),
        "actor": np.array(actor, dtype=object),
    }
    return _frame(columns, ["at"], backend)


def _utc(t: datetime) -> np.datetime64:
    return np.datetime64(t.astimezone(timezone.utc).replace(tzinfo=None), "us")
