"""SLA clocks over a ticket's status history: pauses, reopens, breach warnings."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from servicekit._params import Instance, Instant, validate_params
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError
from servicekit.models import Channel, Complaint, ComplaintStatus, Severity
from servicekit.models.types import StrEnum
from servicekit.sla._batch import SLABatch, evaluate_many
from servicekit.sla._calendar import BusinessCalendar
from servicekit.sla._policy import SLAPolicy, SLATargets

__all__ = [
    "CUSTOMER_CONTACT_EVENTS",
    "DEFAULT_PAUSE_STATUSES",
    "DEFAULT_RESOLVED_STATUSES",
    "SLAClock",
    "SLAReport",
    "SLAState",
    "TargetStatus",
]

DEFAULT_PAUSE_STATUSES: frozenset[str] = frozenset(
    {"waiting_on_customer", "pending_customer", "on_hold"}
)
"""Statuses that stop every clock: the ticket waits on the customer."""

DEFAULT_RESOLVED_STATUSES: frozenset[str] = frozenset({"resolved", "replied", "tracking", "closed"})
"""Statuses in which the resolution clock has stopped (ComplaintStatus names).

The one definition of "resolved": the SLA clock and
``servicekit.workflow.complaint_facts`` both use it."""

CUSTOMER_CONTACT_EVENTS: frozenset[str] = frozenset(
    {"acknowledge", "update_customer", "reply", "follow_up"}
)
"""Workflow events that speak to the customer: the first one is the first response,
and each one ends a silence for the next-update target."""

PAUSED = "<paused>"
"""The status a complaint's pause stands for on the clock's timeline (always a pause)."""

_ZERO = timedelta(0)


class SLAState(StrEnum):
    """Where a target stands.

    Examples
    --------
    >>> [s.value for s in SLAState]
    ['running', 'paused', 'at_risk', 'breached', 'met']
    """

    RUNNING = "running"
    PAUSED = "paused"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"


@result
class TargetStatus(Result):
    """One SLA target, as of the evaluation time.

    Attributes
    ----------
    name : str
        ``"first_response"``, ``"resolution"`` or ``"next_update"``.
    target : timedelta
        The promised business time.
    due : datetime or None
        When the target falls (fell) due: the instant the counted time
        reaches (reached) the target if the clock keeps running. ``None``
        while paused, since it depends on when the clock resumes.
    elapsed : timedelta
        Business time counted so far.
    remaining : timedelta
        ``target - elapsed``; negative once breached.
    state : SLAState
        running, paused, at_risk, breached or met. A target once breached
        stays breached.
    breaches : int
        How many times the target was missed: 0 or 1 for first response and
        resolution; for the next update, how many silences exceeded it over
        the ticket's life.
    longest_silence : timedelta or None
        For the next update: the longest silence (business time between two
        messages to the customer, pauses and resolved time excluded).

    Examples
    --------
    >>> TargetStatus("resolution", timedelta(hours=8), None, timedelta(hours=2),
    ...              timedelta(hours=6), SLAState.PAUSED).state
    <SLAState.PAUSED: 'paused'>
    """

    name: str
    target: timedelta
    due: datetime | None
    elapsed: timedelta
    remaining: timedelta
    state: SLAState
    breaches: int = 0
    longest_silence: timedelta | None = None


@result
class SLAReport(Result):
    """Every SLA target of one ticket.

    Attributes
    ----------
    first_response, resolution : TargetStatus
    next_update : TargetStatus or None
        Only when the targets have a ``next_update``.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> clock = SLAClock(calendar=BusinessCalendar.always_open())
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> report = clock.evaluate([], received_at=t0, now=t0 + timedelta(hours=1),
    ...                         severity="general")
    >>> report.to_dict()["resolution"]["state"]
    <SLAState.RUNNING: 'running'>
    """

    first_response: TargetStatus
    resolution: TargetStatus
    next_update: TargetStatus | None

    @property
    def breached(self) -> list[str]:
        """Names of the breached targets."""
        return [t.name for t in self._targets() if t.state is SLAState.BREACHED]

    @property
    def at_risk(self) -> list[str]:
        """Names of the targets about to be breached."""
        return [t.name for t in self._targets() if t.state is SLAState.AT_RISK]

    def _targets(self) -> list[TargetStatus]:
        out = [self.first_response, self.resolution]
        return out if self.next_update is None else [*out, self.next_update]


def _aware(name: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInputError(name, value, "a timezone-aware datetime")
    return value


def _statuses(name: str, values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        raise InvalidInputError(name, values, "a collection of status names")
    return frozenset(str(v) for v in values)


Segment = tuple[datetime, datetime, str, bool]  # start, end, status, reopened afterwards


def _clip(segments: list[Segment], lo: datetime, hi: datetime) -> list[Segment]:
    """The parts of the segments between ``lo`` and ``hi``."""
    return [(max(s, lo), min(e, hi), st, r) for s, e, st, r in segments if e > lo and s < hi]


class SLAClock:
    """Measure a ticket's SLA targets in business time.

    Parameters
    ----------
    policy : SLAPolicy, optional
        Targets and warning margin; defaults to ``SLAPolicy()``.
    calendar : BusinessCalendar, optional
        Business hours to count in; defaults to 24x7 UTC.
    pause_statuses : collection of str
        Statuses that stop every clock (waiting on the customer). Any number
        of pauses is subtracted, each in business time.
    resolved_statuses : collection of str
        Statuses in which the resolution clock has stopped.
    count_reopen_gap : bool, default False
        Whether the time a ticket sat resolved before the customer reopened it
        counts towards resolution.

    Notes
    -----
    - The resolution target counts from receipt, across reopens: a reopened
      ticket does not get a fresh target. By default the time between the
      resolution and the reopen (the customer had not answered yet) is not
      counted; ``count_reopen_gap=True`` counts it.
    - The first response is a reply to the customer (``first_response_at``),
      never a status change. For complaints it is the first ``reply`` or
      ``follow_up`` event of the history.
    - The next update measures the silence since the last reply to the
      customer (or since receipt), while the ticket is open and not paused.
    - A target is ``met`` when its clock stopped within the target,
      ``breached`` once the counted time exceeds it, ``paused`` while a pause
      status holds, ``at_risk`` when the remaining time is within the
      policy's warning margin, else ``running``.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> cal = BusinessCalendar({d: [("09:00", "17:00")] for d in range(5)}, tz="UTC")
    >>> clock = SLAClock(SLAPolicy(), cal)
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)            # a Monday
    >>> changes = [(t0 + timedelta(hours=2), "waiting_on_customer"),   # paused 2 h in
    ...            (t0 + timedelta(days=1), "investigating")]          # resumed next day
    >>> r = clock.evaluate(changes, received_at=t0, now=t0 + timedelta(days=1, hours=3),
    ...                    severity="general", first_response_at=t0 + timedelta(minutes=3))
    >>> r.first_response.state, r.resolution.elapsed, r.resolution.state
    (<SLAState.MET: 'met'>, datetime.timedelta(seconds=18000), <SLAState.RUNNING: 'running'>)
    >>> r.resolution.due
    datetime.datetime(2026, 3, 5, 15, 0, tzinfo=datetime.timezone.utc)
    """

    def __init__(
        self,
        policy: SLAPolicy | None = None,
        calendar: BusinessCalendar | None = None,
        *,
        pause_statuses: Iterable[str] = DEFAULT_PAUSE_STATUSES,
        resolved_statuses: Iterable[str] = DEFAULT_RESOLVED_STATUSES,
        count_reopen_gap: bool = False,
    ) -> None:
        if policy is not None and not isinstance(policy, SLAPolicy):
            raise InvalidInputError("policy", policy, "an SLAPolicy or None")
        if calendar is not None and not isinstance(calendar, BusinessCalendar):
            raise InvalidInputError("calendar", calendar, "a BusinessCalendar or None")
        self.policy = policy if policy is not None else SLAPolicy()
        self.calendar = calendar if calendar is not None else BusinessCalendar.always_open()
        self.pause_statuses = _statuses("pause_statuses", pause_statuses)
        self.resolved_statuses = _statuses("resolved_statuses", resolved_statuses)
        both = self.pause_statuses & self.resolved_statuses
        if both:
            raise InvalidInputError(
                "resolved_statuses", sorted(both), "statuses that are not also pause statuses"
            )
        self.count_reopen_gap = bool(count_reopen_gap)

    def __repr__(self) -> str:
        return (
            f"SLAClock(policy={self.policy!r}, calendar={self.calendar!r}, "
            f"pause_statuses={sorted(self.pause_statuses)}, "
            f"resolved_statuses={sorted(self.resolved_statuses)}, "
            f"count_reopen_gap={self.count_reopen_gap})"
        )

    # -- the timeline ----------------------------------------------------------

    def _segments(
        self, changes: Sequence[tuple[datetime, str]], received_at: datetime, now: datetime
    ) -> list[Segment]:
        points: list[tuple[datetime, str]] = []
        last = received_at
        for k, change in enumerate(changes):
            if not isinstance(change, tuple | list) or len(change) != 2:
                raise InvalidInputError(f"changes[{k}]", change, "a (time, status) pair")
            at = _aware(f"changes[{k}]", change[0])
            if at < last:
                raise InvalidInputError(
                    f"changes[{k}]", change[0], f"times in order, not before {last.isoformat()}"
                )
            last = at
            if at <= now:
                points.append((at, str(change[1])))
        segments: list[Segment] = []
        start, status = received_at, "received"
        for at, new_status in points:
            if at > start:
                segments.append((start, at, status, False))
            start, status = at, new_status
        if now > start:
            segments.append((start, now, status, False))
        # mark resolved stretches that a reopen followed
        resolved = self.resolved_statuses
        reopened = False
        for k in range(len(segments) - 1, -1, -1):
            s, e, st, _ = segments[k]
            if st in resolved:
                segments[k] = (s, e, st, reopened)
            else:
                reopened = True
        return segments

    def _current(self, changes: Sequence[tuple[datetime, str]], now: datetime) -> str:
        status = "received"
        for at, st in changes:
            if at <= now:
                status = str(st)
        return status

    def _measure(
        self,
        name: str,
        target: timedelta,
        segments: Iterable[Segment],
        counts: Any,
        *,
        now: datetime,
        stopped_at: datetime | None,
        paused: bool,
    ) -> TargetStatus:
        """Add up the counted business time; find where it crossed the target."""
        cal = self.calendar
        elapsed = _ZERO
        crossed: datetime | None = None
        for start, end, status, reopened in segments:
            if not counts(status, reopened):
                continue
            spent = cal.between(start, end)
            if crossed is None and elapsed + spent >= target and target > elapsed:
                crossed = cal.add(start, target - elapsed)
            elapsed += spent
        remaining = target - elapsed
        if elapsed > target:
            state = SLAState.BREACHED
        elif stopped_at is not None:
            state = SLAState.MET
        elif paused:
            state = SLAState.PAUSED
        elif remaining <= self.policy.warn_threshold(target):
            state = SLAState.AT_RISK
        else:
            state = SLAState.RUNNING
        if crossed is not None:
            due: datetime | None = crossed
        elif stopped_at is not None:
            due = cal.add(stopped_at, remaining)
        elif paused:
            due = None
        else:
            due = cal.add(now, remaining)
        return TargetStatus(name, target, due, elapsed, remaining, state)

    # -- the public face ----------------------------------------------------------

    def evaluate(
        self,
        changes: Sequence[tuple[datetime, str]],
        *,
        received_at: datetime,
        now: datetime,
        severity: Severity | str,
        channel: Channel | str | None = None,
        tier: str | None = None,
        first_response_at: datetime | None = None,
        updates: Iterable[datetime] = (),
    ) -> SLAReport:
        """Evaluate every target of a ticket from its status changes.

        Parameters
        ----------
        changes : sequence of (datetime, str)
            Status changes in time order, each the time and the new status.
            Before the first change the ticket counts as open (``"received"``).
            Changes after ``now`` are ignored.
        received_at : datetime
            When the ticket arrived: every clock starts there.
        now : datetime
            The time to evaluate at.
        severity : Severity or str
            Chooses the targets, with ``channel`` and ``tier``.
        channel : Channel or str, optional
        tier : str, optional
        first_response_at : datetime, optional
            When the customer got the first reply, if they did.
        updates : iterable of datetime
            Times of replies to the customer, for the next-update target.

        Returns
        -------
        SLAReport
        """
        received_at = _aware("received_at", received_at)
        now = _aware("now", now)
        if now < received_at:
            raise InvalidInputError("now", now, f"a time not before received_at ({received_at})")
        if isinstance(changes, str | bytes) or not isinstance(changes, Sequence):
            raise InvalidInputError("changes", changes, "a sequence of (time, status) pairs")
        targets: SLATargets = self.policy.targets_for(severity, channel=channel, tier=tier)
        segments = self._segments(changes, received_at, now)
        current = self._current(changes, now)
        pause = self.pause_statuses | {PAUSED}
        paused = current in pause
        resolved = current in self.resolved_statuses

        def open_time(status: str, _reopened: bool) -> bool:
            return status not in pause

        def unresolved_time(status: str, reopened: bool) -> bool:
            if status in pause:
                return False
            return status not in self.resolved_statuses or (self.count_reopen_gap and reopened)

        # first response: every unpaused moment counts, until the first reply
        responded = None
        if first_response_at is not None:
            responded = _aware("first_response_at", first_response_at)
            if responded < received_at:
                raise InvalidInputError(
                    "first_response_at", responded, f"a time not before received_at ({received_at})"
                )
        if responded is not None and responded <= now:
            first = self._measure(
                "first_response",
                targets.first_response,
                _clip(segments, received_at, responded),
                open_time,
                now=now,
                stopped_at=responded,
                paused=False,
            )
        else:
            first = self._measure(
                "first_response",
                targets.first_response,
                segments,
                open_time,
                now=now,
                stopped_at=None,
                paused=paused,
            )

        # resolution: from receipt, across reopens
        resolution = self._measure(
            "resolution",
            targets.resolution,
            segments,
            unresolved_time,
            now=now,
            stopped_at=self._resolved_since(segments, now) if resolved else None,
            paused=paused,
        )

        # next update: every silence between messages to the customer, while open
        next_update = None
        if targets.next_update is not None:
            if isinstance(updates, str | bytes | datetime):
                raise InvalidInputError("updates", updates, "an iterable of datetimes")
            replies = sorted(u for u in (_aware("updates", u) for u in updates) if u <= now)
            marks = [received_at, *(u for u in replies if u >= received_at)]
            last = marks[-1]

            def silent(st: str, _reopened: bool) -> bool:
                return unresolved_time(st, False)

            current_silence = self._measure(
                "next_update",
                targets.next_update,
                _clip(segments, last, now),
                silent,
                now=now,
                stopped_at=now if resolved else None,
                paused=paused,
            )
            lengths = [
                self._counted(_clip(segments, a, b), silent) for a, b in itertools.pairwise(marks)
            ]
            lengths.append(current_silence.elapsed)
            breaches = sum(length > targets.next_update for length in lengths)
            state = SLAState.BREACHED if breaches else current_silence.state
            next_update = TargetStatus(
                "next_update",
                targets.next_update,
                None if resolved else current_silence.due,
                current_silence.elapsed,
                current_silence.remaining,
                state,
                breaches,
                max(lengths),
            )
        first = dataclasses.replace(first, breaches=int(first.state is SLAState.BREACHED))
        resolution = dataclasses.replace(
            resolution, breaches=int(resolution.state is SLAState.BREACHED)
        )
        return SLAReport(first, resolution, next_update)

    @validate_params(
        complaints=Instance(Sequence, expected="a sequence of Complaint objects"),
        now=Instant(),
    )
    def evaluate_many(self, complaints: Sequence[Complaint], *, now: datetime) -> SLABatch:
        """Every SLA target of many complaints at ``now``, in one vectorised pass.

        What :meth:`for_complaint` reports for each complaint, as columns: the
        histories are read once, every stretch of every timeline is measured
        in one call to the calendar, and the due times are found with one
        more. 100,000 open complaints take well under a second.

        Parameters
        ----------
        complaints : sequence of Complaint
            The complaints, each received by ``now``.
        now : datetime
            The instant to evaluate at.

        Returns
        -------
        SLABatch
            Per complaint and target, the due time and the state; and
            ``overdue(within=...)`` for "what is breached or about to be".

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> fresh = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...                   subject="s")
        >>> batch = SLAClock().evaluate_many([fresh], now=t0 + timedelta(minutes=3))
        >>> batch.first_response_state.tolist(), batch.first_response_due.tolist()
        (['running'], [datetime.datetime(2026, 3, 2, 9, 5)])
        >>> batch.overdue(within=timedelta(minutes=5)).tolist()
        [True]
        """
        return evaluate_many(self, complaints, now)

    def _counted(self, segments: Iterable[Segment], counts: Any) -> timedelta:
        """Business time in the segments that ``counts``."""
        total = _ZERO
        for start, end, status, reopened in segments:
            if counts(status, reopened):
                total += self.calendar.between(start, end)
        return total

    def _resolved_since(self, segments: list[Segment], now: datetime) -> datetime:
        """When the ticket last entered a resolved status."""
        since = now
        for start, _end, status, _r in reversed(segments):
            if status not in self.resolved_statuses:
                break
            since = start
        return since

    def for_complaint(
        self,
        complaint: Complaint,
        *,
        now: datetime,
        tier: str | None = None,
        first_response_events: Iterable[str] = CUSTOMER_CONTACT_EVENTS,
    ) -> SLAReport:
        """Evaluate a complaint's targets from its history: the one SLA truth.

        The status changes are the history's ``to_status`` values; each
        ``pause`` to the next ``resume`` stops every clock (an open pause runs
        until ``now``); the first response and the updates are its
        customer-contact events (:data:`CUSTOMER_CONTACT_EVENTS`: acknowledge,
        update_customer, reply, follow_up). An unclassified complaint is held
        to the targets of a general one. The workflow sets the complaint's due
        times from this same evaluation, so they always agree.

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late parcel")
        >>> SLAClock().for_complaint(c, now=t0 + timedelta(minutes=10)).breached
        ['first_response']
        """
        if not isinstance(complaint, Complaint):
            raise InvalidInputError("complaint", type(complaint).__name__, "a Complaint")
        events = frozenset(first_response_events)
        changes: list[tuple[datetime, str]] = []
        status = ComplaintStatus.RECEIVED.value
        replies: list[datetime] = []
        for e in complaint.history:
            if e.event == "pause":
                changes.append((e.at, PAUSED))
            elif e.event == "resume":
                changes.append((e.at, status))
            elif e.from_status != e.to_status:
                status = e.to_status.value
                changes.append((e.at, status))
            if e.event in events:
                replies.append(e.at)
        return self.evaluate(
            changes,
            received_at=complaint.received_at,
            now=now,
            severity=complaint.severity or Severity.GENERAL,
            channel=complaint.channel,
            tier=tier,
            first_response_at=replies[0] if replies else None,
            updates=replies,
        )
