"""SLA targets of many complaints at once, in one vectorised pass over the calendar (private)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import Duration, fail, validate_params
from servicekit._results import Result, result
from servicekit.models import Complaint, Severity
from servicekit.sla._calendar import _to_us

if TYPE_CHECKING:
    from servicekit.sla._clock import SLAClock

__all__ = ["Event", "SLABatch", "Timeline", "evaluate_many", "evaluate_timelines"]

_US = timedelta(microseconds=1)
_NAT = np.iinfo(np.int64).min
TARGETS = ("first_response", "resolution", "next_update")
_STATES = np.array(["running", "paused", "at_risk", "breached", "met", ""], dtype=object)
_RUNNING, _PAUSED, _AT_RISK, _BREACHED, _MET, _NONE = range(6)


@result
class SLABatch(Result):
    """The SLA targets of many complaints at one instant, as read-only columns.

    Attributes
    ----------
    ids : numpy.ndarray of str
        The complaints' ids, in input order.
    now : datetime
        The instant evaluated at.
    first_response_due, resolution_due, next_update_due : numpy.ndarray of datetime64[us]
        When each target falls (fell) due, UTC; NaT where it is met, paused or
        does not apply.
    first_response_state, resolution_state, next_update_state : numpy.ndarray of str
        ``"running"``, ``"paused"``, ``"at_risk"``, ``"breached"`` or ``"met"``
        (the values of :class:`SLAState`); ``""`` where the target does not
        apply (no next-update target).

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint
    >>> from servicekit.sla import SLAClock
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0, subject="s")
    >>> batch = SLAClock().evaluate_many([c], now=t0 + timedelta(minutes=10))
    >>> batch.first_response_state.tolist(), batch.overdue().tolist(), len(batch)
    (['breached'], [True], 1)
    """

    ids: NDArray[np.str_]
    now: datetime
    first_response_due: NDArray[np.datetime64]
    first_response_state: NDArray[np.str_]
    resolution_due: NDArray[np.datetime64]
    resolution_state: NDArray[np.str_]
    next_update_due: NDArray[np.datetime64]
    next_update_state: NDArray[np.str_]

    def __len__(self) -> int:
        return int(self.ids.size)

    def where(self, mask: NDArray[np.bool_]) -> SLABatch:
        """The complaints where ``mask`` is True, e.g. ``batch.where(batch.overdue())``.

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint
        >>> from servicekit.sla import SLAClock
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> cs = [Complaint(id=f"CP-{k}", customer_id="C", channel="web",
        ...                 received_at=t0 + timedelta(minutes=k), subject="s") for k in (0, 9)]
        >>> batch = SLAClock().evaluate_many(cs, now=t0 + timedelta(minutes=10))
        >>> batch.where(batch.overdue()).ids.tolist()
        ['CP-0']
        """
        keep = np.asarray(mask, dtype=bool)
        return SLABatch(
            self.ids[keep],
            self.now,
            *(getattr(self, f.name)[keep] for f in dataclasses.fields(self)[2:]),
        )

    @classmethod
    def concatenate(cls, batches: Sequence[SLABatch], *, now: datetime) -> SLABatch:
        """One batch of several evaluated at the same ``now``, in order.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> SLABatch.concatenate([], now=datetime(2026, 3, 2, tzinfo=timezone.utc)).ids.size
        0
        """
        names = [f.name for f in dataclasses.fields(cls)]
        if not batches:
            nat = np.array([], dtype="datetime64[us]")
            none = np.array([], dtype=np.str_)
            return cls(none, now, nat, none, nat, none, nat, none)
        columns = {
            name: np.concatenate([getattr(b, name) for b in batches])
            for name in names
            if name != "now"
        }
        return cls(**columns, now=now)

    @validate_params(within=Duration())
    def overdue(self, *, within: timedelta = timedelta(0)) -> NDArray[np.bool_]:
        """Which complaints have a target breached now, or running and due within ``within``.

        Parameters
        ----------
        within : timedelta, default 0
            How far ahead to look: ``timedelta(hours=1)`` also flags targets
            that fall due in the next hour.

        Returns
        -------
        numpy.ndarray of bool
            One flag per complaint, in input order.

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint
        >>> from servicekit.sla import SLAClock
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="s")
        >>> batch = SLAClock().evaluate_many([c], now=t0 + timedelta(minutes=1))
        >>> batch.overdue().tolist(), batch.overdue(within=timedelta(hours=1)).tolist()
        ([False], [True])
        """
        ahead = round(cast(float, within) * 1_000_000)  # the constraint gives float seconds
        horizon = np.datetime64(_to_us(self.now) + ahead, "us")
        out = np.zeros(self.ids.size, dtype=bool)
        for name in TARGETS:
            state = getattr(self, f"{name}_state")
            due = getattr(self, f"{name}_due")
            out |= state == "breached"
            running = (state == "running") | (state == "at_risk")
            out |= running & ~np.isnat(due) & (due <= horizon)
        return out


def _first_per_group(
    mask: NDArray[np.bool_], group: NDArray[np.intp], size: int
) -> NDArray[np.intp]:
    """Index of the first True of ``mask`` in each group (groups contiguous); -1 where none."""
    out = np.full(size, -1, dtype=np.intp)
    hits = np.flatnonzero(mask)
    if hits.size:
        groups, first = np.unique(group[hits], return_index=True)
        out[groups] = hits[first]
    return out


class Event(NamedTuple):
    """One history entry as the batch reads it (a ComplaintEvent reads the same)."""

    event: str
    to_status: str
    at: Any  # an aware datetime, or integer microseconds since the epoch


Timeline = tuple[str, Any, Any, int, Iterable[Any]]
"""One complaint as the batch reads it: id, severity, channel, received (us), and its
events: ComplaintEvent objects or :class:`Event` tuples, in order."""


def _timelines(complaints: Sequence[Complaint]) -> Iterator[Timeline]:
    for k, c in enumerate(complaints):
        if not isinstance(c, Complaint):
            fail(f"complaints[{k}]", type(c).__name__, "a Complaint")
        yield c.id, c.severity, c.channel, _to_us(c.received_at), c.history


def evaluate_many(clock: SLAClock, complaints: Sequence[Complaint], now: datetime) -> SLABatch:
    """Every SLA target of many complaints at ``now``; see :meth:`SLAClock.evaluate_many`."""
    if isinstance(complaints, str):
        fail("complaints", "<a string>", "a sequence of Complaint objects")
    return evaluate_timelines(clock, _timelines(complaints), now)


def evaluate_timelines(clock: SLAClock, timelines: Iterable[Timeline], now: datetime) -> SLABatch:
    """The batch evaluation from complaints' timelines (the store feeds it from its columns)."""
    from servicekit.sla._clock import CUSTOMER_CONTACT_EVENTS

    contact_events = CUSTOMER_CONTACT_EVENTS
    now_us = _to_us(now)
    resolved_set = clock.resolved_statuses
    pause_set = clock.pause_statuses
    # -- one pass over the histories: a segment from receipt and from each event ------
    seg_start: list[int] = []
    seg_group: list[int] = []
    seg_paused: list[bool] = []
    seg_resolved: list[bool] = []
    seg_contacts: list[int] = []
    targets: dict[tuple[Any, Any], tuple[int, int, int]] = {}
    per_complaint: list[tuple[int, int, int]] = []
    ids: list[str] = []
    for k, (cid, severity, channel, received, events) in enumerate(timelines):
        ids.append(cid)
        key = (severity, channel)
        found = targets.get(key)
        if found is None:
            t = clock.policy.targets_for(severity or Severity.GENERAL, channel=channel)
            found = (
                t.first_response // _US,
                t.resolution // _US,
                -1 if t.next_update is None else t.next_update // _US,
            )
            targets[key] = found
        per_complaint.append(found)
        if received > now_us:
            fail(f"complaints[{k}]", cid, f"a complaint received before now ({now.isoformat()})")
        paused = False
        state = (False, False, 0)
        contacts = 0
        seg_start.append(received)
        seg_group.append(k)
        seg_paused.append(False)
        seg_resolved.append(False)
        seg_contacts.append(0)
        for e in events:
            name = e.event
            status = e.to_status
            if name == "pause":
                paused = True
            elif name == "resume":
                paused = False
            if name in contact_events:
                contacts += 1
            halted = paused or status in pause_set  # str enums and plain strings alike
            new_state = (halted, status in resolved_set and not halted, contacts)
            if new_state == state:
                continue  # no new stretch: nothing the clocks count changed
            at = e.at if type(e.at) is int else _to_us(e.at)
            if at > now_us:
                break
            state = new_state
            seg_start.append(at)
            seg_group.append(k)
            seg_paused.append(new_state[0])
            seg_resolved.append(new_state[1])
            seg_contacts.append(contacts)
    n = len(ids)
    spans = np.array(per_complaint, dtype=np.int64).reshape(n, 3)
    t_first, t_res, t_next = spans[:, 0].copy(), spans[:, 1].copy(), spans[:, 2].copy()
    if n == 0:
        return SLABatch.concatenate([], now=now)
    starts = np.array(seg_start, dtype=np.int64)
    group = np.array(seg_group, dtype=np.intp)
    is_paused = np.array(seg_paused, dtype=bool)
    is_resolved = np.array(seg_resolved, dtype=bool)
    contacts_so_far = np.array(seg_contacts, dtype=np.int64)
    last = np.ones(starts.size, dtype=bool)
    last[:-1] = group[1:] != group[:-1]
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[last] = now_us
    # -- the one pass over the calendar -----------------------------------------------
    spent = (
        clock.calendar.between(starts.view("datetime64[us]"), ends.view("datetime64[us]"))
        .astype("timedelta64[us]")
        .view(np.int64)
    )
    current = np.flatnonzero(last)  # each complaint's last segment: its state now
    now_paused = is_paused[current]
    now_resolved = is_resolved[current]
    total_contacts = contacts_so_far[current]

    def measure(
        counts: NDArray[np.bool_], target: NDArray[np.int64], stopped: NDArray[np.bool_]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        counted = np.where(counts, spent, 0)
        elapsed = np.bincount(group, weights=counted, minlength=n).astype(np.int64)
        cumulative = np.cumsum(counted)
        before = cumulative - counted  # counted time before each segment, from the first
        offset = np.zeros(n, dtype=np.int64)
        firsts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        offset[group[firsts]] = before[firsts]
        within = before - offset[group]  # counted before each segment, in its complaint
        crossing = counts & (within + counted >= target[group]) & (target[group] > within)
        idx = _first_per_group(crossing, group, n)
        state = np.full(n, _RUNNING, dtype=np.int64)
        remaining = target - elapsed
        # SLAPolicy.warn_threshold per distinct target (a handful), spread by index
        distinct, which = np.unique(target, return_inverse=True)
        per_target = [
            clock.policy.warn_threshold(timedelta(microseconds=int(t))) // _US for t in distinct
        ]
        threshold = np.array(per_target, dtype=np.int64)[which]
        state[remaining <= threshold] = _AT_RISK
        state[now_paused] = _PAUSED
        state[stopped] = _MET
        state[elapsed > target] = _BREACHED
        due = np.full(n, _NAT, dtype=np.int64)
        crossed = idx >= 0
        if crossed.any():
            seg = idx[crossed]
            amount = (target[crossed] - within[seg]).view("timedelta64[us]")
            due[crossed] = clock.calendar.add(starts[seg].view("datetime64[us]"), amount).view(
                np.int64
            )
        running = ~crossed & ((state == _RUNNING) | (state == _AT_RISK))
        if running.any():
            due[running] = clock.calendar.add(
                np.full(int(running.sum()), now_us, dtype=np.int64).view("datetime64[us]"),
                remaining[running].view("timedelta64[us]"),
            ).view(np.int64)
        due[(state == _MET) | (state == _PAUSED)] = _NAT
        return due, state

    unpaused = ~is_paused
    fr_due, fr_state = measure(unpaused & (contacts_so_far == 0), t_first, total_contacts > 0)
    res_due, res_state = measure(unpaused & ~is_resolved, t_res, now_resolved)
    # next update: the current silence, plus every past silence for the breaches
    has_next = t_next >= 0
    safe_next = np.where(has_next, t_next, 1)
    silence_counts = unpaused & ~is_resolved
    current_silence = silence_counts & (contacts_so_far == total_contacts[group])
    nu_due, nu_state = measure(current_silence, safe_next, now_resolved)
    silence_key = (
        group.astype(np.int64) * (int(contacts_so_far.max(initial=0)) + 1) + contacts_so_far
    )
    lengths = np.bincount(silence_key, weights=np.where(silence_counts, spent, 0))
    owner = np.arange(lengths.size) // (int(contacts_so_far.max(initial=0)) + 1)
    past_breach = (
        np.bincount(owner, weights=(lengths > safe_next[owner]).astype(np.float64), minlength=n)[:n]
        > 0
    )
    nu_state[past_breach & has_next] = _BREACHED
    nu_due[now_resolved] = _NAT
    nu_state[~has_next] = _NONE
    nu_due[~has_next] = _NAT

    def states(codes: NDArray[np.int64]) -> NDArray[np.str_]:
        return _STATES[codes].astype(np.str_)

    return SLABatch(
        np.array(ids, dtype=np.str_),
        now,
        fr_due.view("datetime64[us]"),
        states(fr_state),
        res_due.view("datetime64[us]"),
        states(res_state),
        nu_due.view("datetime64[us]"),
        states(nu_state),
    )
