"""The complaint workflow: the six steps, the customer-facing steps, ownership, escalation."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any, TypeVar, cast

from pydantic import JsonValue

from servicekit._params import FreeText, Identifier, Instance, Optional, validate_params
from servicekit.errors import InvalidInputError, InvalidTransition
from servicekit.models import (
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Evidence,
    EvidenceKind,
    FollowUp,
    Severity,
)
from servicekit.sla import BusinessCalendar, SLAClock, SLAState
from servicekit.workflow._machine import ComplaintMachine, allowed_events, transition_table
from servicekit.workflow._policy import ComplaintPolicy

__all__ = ["ComplaintWorkflow"]

Clock = Callable[[], datetime]

_ALLOWED = allowed_events()
_TARGET = transition_table()
_MAX_LEVEL = 3
_TEXT = FreeText()
_OPTIONAL_TEXT = Optional(FreeText())
_IDENT = Identifier()
_OPTIONAL_IDENT = Optional(Identifier())
# Events that move the status; refused while the complaint is paused.
_MOVES = frozenset(event for (status, event), target in _TARGET.items() if target != status)
# Anyone may send these, whoever owns the complaint: escalation is the customer's
# safety net, and a note changes nothing.
_ANYONE = frozenset({"note", "escalate"})
# One lock per stripe of complaint objects: events on one complaint never interleave.
_LOCKS = tuple(threading.RLock() for _ in range(64))
_ALWAYS_OPEN: BusinessCalendar | None = None


def _always_open() -> BusinessCalendar:
    global _ALWAYS_OPEN
    if _ALWAYS_OPEN is None:  # built on first use, not at import
        _ALWAYS_OPEN = BusinessCalendar.always_open()
    return _ALWAYS_OPEN


F = TypeVar("F", bound=Callable[..., ComplaintEvent])


def _serialised(method: F) -> F:
    """Run an event whole under its complaint's lock: checks and write see one state.

    Its arguments are checked first: keyword arguments only, none unknown (its
    value is never echoed: it may be free text), none missing.
    """
    params = inspect.signature(method).parameters
    accepted = frozenset(n for n, p in params.items() if p.kind is p.KEYWORD_ONLY)
    required = frozenset(n for n in accepted if params[n].default is inspect.Parameter.empty)
    name = method.__name__

    @functools.wraps(method)
    def locked(self: ComplaintWorkflow, /, *args: Any, **kwargs: Any) -> ComplaintEvent:
        if args:
            raise InvalidInputError(
                "arguments", f"<{len(args)} positional>", f"keyword arguments to {name}()"
            )
        for key in kwargs:
            if key not in accepted:
                raise InvalidInputError(
                    key,
                    kwargs[key],
                    f"one of the arguments of {name!r}: {sorted(accepted)}",
                    show_value=False,
                )
        for key in required:
            if key not in kwargs:
                raise InvalidInputError(key, None, f"a value: {name!r} requires it")
        with _LOCKS[id(self._complaint) % len(_LOCKS)]:
            return method(self, **kwargs)

    return cast(F, locked)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _required_text(name: str, value: object) -> str:
    """A free-text argument: a string with something in it; never echoed in errors."""
    return _TEXT.convert(name, value)


def _optional_text(name: str, value: object) -> str | None:
    return cast("str | None", _OPTIONAL_TEXT.convert(name, value))


def _required_ident(name: str, value: object) -> str:
    return _IDENT.convert(name, value)


def _optional_ident(name: str, value: object) -> str | None:
    return cast("str | None", _OPTIONAL_IDENT.convert(name, value))


def _enum(name: str, value: object, enum: type[Severity] | type[EvidenceKind]) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise InvalidInputError(name, value, f"one of {[m.value for m in enum]}") from None


def _optional_bool(name: str, value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidInputError(name, value, "True, False or None")
    return value


class ComplaintWorkflow:
    """Carry a complaint through the six steps, from intake to tracking.

    The workflow wraps a :class:`~servicekit.Complaint` and applies events to
    it: the six steps (``classify``, ``investigate``, ``resolve``, ``reply``,
    ``follow_up``, ``close``, and ``reopen``), the customer-facing steps
    (``acknowledge``, ``update_customer``, ``pause`` and ``resume`` while
    waiting on the customer), ``reclassify``, ``add_evidence``, ``escalate``,
    ``hand_over`` and internal notes (``note``). The complaint holds all the state,
    so an application can store it anywhere (``model_dump_json()``) and resume
    later by wrapping the loaded complaint again. Which event is allowed in
    which status is the python-statemachine :class:`ComplaintMachine`'s
    definition, run as a compiled transition table.

    Each event is a method taking keyword arguments, and can also be sent by
    name: ``workflow.send("classify", actor=..., severity=...)``. Every event
    takes ``actor`` (required) and ``at`` (an aware datetime, by default the
    clock's time, never before the last history entry).

    An accepted event appends exactly one :class:`~servicekit.ComplaintEvent`
    to ``complaint.history``, increments ``complaint.version``, keeps the SLA
    due times current (with an SLA policy) and returns the event. A refused
    event raises :class:`~servicekit.InvalidTransition` (not allowed in this
    status, paused, not the owner, or a rule of the domain not met) or
    :class:`~servicekit.InvalidInputError` (a bad argument, never echoing free
    text) and leaves the complaint exactly as it was: everything is checked
    before anything is written. Events on one complaint object are
    serialised, so threads sharing it never corrupt it.

    Parameters
    ----------
    complaint : Complaint
        The complaint to drive, in any status.
    policy : ComplaintPolicy, optional
        Escalation levels, SLA targets and ownership rules. Defaults to
        ``ComplaintPolicy()``.
    clock : callable returning an aware datetime, optional
        Where event times come from when ``at`` is not given. Defaults to the
        current UTC time. Inject a fixed clock in tests.
    calendar : BusinessCalendar, optional
        The business hours the policy's SLA targets count in; 24x7 UTC when
        not given.

    Notes
    -----
    First-contact ownership: the actor of the first accepted event becomes
    the owner if the complaint has none, and the owner changes only through
    :meth:`hand_over`. With ``ComplaintPolicy(ownership="enforce")`` only the
    owner or a supervisor may then send events (anyone may ``note`` and
    ``escalate``). Escalation only ever raises the level.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint
    >>> t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="phone", received_at=t0,
    ...               subject="Charged twice")
    >>> wf = ComplaintWorkflow(c, clock=lambda: t0 + timedelta(minutes=5))
    >>> wf.acknowledge(actor="agent-7").to_status
    <ComplaintStatus.RECEIVED: 'received'>
    >>> wf.classify(actor="agent-7", severity="major").to_status
    <ComplaintStatus.CLASSIFIED: 'classified'>
    >>> c.owner, c.escalation_level, c.version
    ('agent-7', 2, 2)
    >>> wf.close(actor="agent-7")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidTransition: event 'close' is not allowed in status 'classified'
    >>> wf.send("investigate", actor="agent-7").to_status
    <ComplaintStatus.INVESTIGATING: 'investigating'>
    """

    __slots__ = ("_calendar", "_clock", "_complaint", "_machine", "_policy", "_sla")

    @validate_params(
        complaint=Instance(Complaint, expected="a Complaint"),
        policy=Optional(Instance(ComplaintPolicy, expected="a ComplaintPolicy")),
        calendar=Optional(Instance(BusinessCalendar, expected="a BusinessCalendar")),
    )
    def __init__(
        self,
        complaint: Complaint,
        *,
        policy: ComplaintPolicy | None = None,
        clock: Clock | None = None,
        calendar: BusinessCalendar | None = None,
    ) -> None:
        if clock is not None and not callable(clock):
            raise InvalidInputError("clock", clock, "a callable returning an aware datetime")
        self._complaint = complaint
        self._policy = policy if policy is not None else ComplaintPolicy()
        self._clock: Clock = clock if clock is not None else _utc_now
        self._calendar = calendar
        self._machine: ComplaintMachine | None = None
        sla = self._policy.sla
        self._sla = None if sla is None else SLAClock(sla, calendar or _always_open())

    def __repr__(self) -> str:
        c = self._complaint
        return (
            f"ComplaintWorkflow(complaint={c.id!r}, status={c.status.value!r}, version={c.version})"
        )

    # -- read-only views ---------------------------------------------------

    @property
    def complaint(self) -> Complaint:
        """The complaint this workflow drives (the same object, not a copy)."""
        return self._complaint

    @property
    def status(self) -> ComplaintStatus:
        """The complaint's current status."""
        return self._complaint.status

    @property
    def policy(self) -> ComplaintPolicy:
        """The policy consulted on classification, SLA targets and ownership."""
        return self._policy

    @property
    def machine(self) -> ComplaintMachine:
        """A python-statemachine machine following the complaint, for listeners.

        Built on first access; from then on every accepted event is also sent
        to it (after the workflow's checks), so its listeners see each one.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...               received_at=datetime(2026, 3, 2, tzinfo=timezone.utc), subject="Late")
        >>> wf = ComplaintWorkflow(c)
        >>> wf.machine.received.is_active
        True
        """
        if self._machine is None:
            mirror = SimpleNamespace(status=self._complaint.status)
            self._machine = ComplaintMachine(model=mirror, state_field="status")
        return self._machine

    @property
    def allowed_events(self) -> frozenset[str]:
        """The events the current status admits (rules of the domain aside).

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...               received_at=datetime(2026, 3, 2, tzinfo=timezone.utc), subject="Late")
        >>> sorted(ComplaintWorkflow(c).allowed_events)  # doctest: +NORMALIZE_WHITESPACE
        ['acknowledge', 'classify', 'escalate', 'hand_over', 'note', 'pause', 'resume',
         'update_customer']
        """
        return _ALLOWED[self._complaint.status]

    # -- the six steps -------------------------------------------------------

    @_serialised
    def classify(
        self,
        *,
        actor: str,
        severity: Severity | str,
        category: str | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Classify a received complaint: received -> classified.

        Sets the severity (general, major or urgent), the category, and the
        escalation level the policy gives the severity (never lowering a
        level an earlier escalation raised). With an SLA policy the due times follow
        the severity's targets, counted from receipt in the workflow's
        business calendar.

        Parameters
        ----------
        actor : str
            Who classifies it.
        severity : Severity or str
            ``"general"``, ``"major"`` or ``"urgent"``.
        category : str, optional
            The application's category, e.g. ``"billing"``.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("classify", actor)
        checked: Severity = _enum("severity", severity, Severity)
        checked_category = _optional_ident("category", category)
        level = max(self._complaint.escalation_level, self._policy.initial_level(checked))
        return self._commit(
            "classify",
            actor,
            at,
            changes={"severity": checked, "category": checked_category, "escalation_level": level},
            data={
                "severity": checked.value,
                "category": checked_category,
                "escalation_level": level,
            },
        )

    @_serialised
    def reclassify(
        self,
        *,
        actor: str,
        severity: Severity | str,
        reason: str,
        category: str | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Correct the severity (and category) after classification.

        Allowed while classified or investigating. Raises the escalation level
        to the new severity's initial level when that is higher (never lowers
        it), and recomputes the due times for the new severity's targets.

        Parameters
        ----------
        actor : str
            Who reclassifies it.
        severity : Severity or str
            The new class: ``"general"``, ``"major"`` or ``"urgent"``.
        reason : str
            Why (free text, kept out of reprs and errors).
        category : str, optional
            A new category; the old one stays when not given.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late")
        >>> wf = ComplaintWorkflow(c)
        >>> _ = wf.classify(actor="a-1", severity="general", at=t0)
        >>> _ = wf.reclassify(actor="a-1", severity="urgent", reason="Outage", at=t0)
        >>> c.severity.value, c.escalation_level
        ('urgent', 3)
        """
        self._require("reclassify", actor)
        checked: Severity = _enum("severity", severity, Severity)
        checked_reason = _required_text("reason", reason)
        checked_category = _optional_ident("category", category)
        c = self._complaint
        level = max(c.escalation_level, self._policy.initial_level(checked))
        changes: dict[str, Any] = {"severity": checked, "escalation_level": level}
        if checked_category is not None:
            changes["category"] = checked_category
        return self._commit(
            "reclassify",
            actor,
            at,
            changes=changes,
            note=checked_reason,
            data={
                "from_severity": None if c.severity is None else c.severity.value,
                "severity": checked.value,
                "category": checked_category,
                "escalation_level": level,
            },
        )

    @_serialised
    def investigate(self, *, actor: str, at: datetime | None = None) -> ComplaintEvent:
        """Start the investigation: classified -> investigating.

        Parameters
        ----------
        actor : str
            Who investigates.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("investigate", actor)
        return self._commit("investigate", actor, at)

    @_serialised
    def add_evidence(
        self,
        *,
        actor: str,
        kind: EvidenceKind | str,
        reference: str,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Attach evidence (a call recording, a transaction record, ...).

        Allowed while investigating and in the later open statuses
        (resolved, replied, tracking); the status does not change.

        Parameters
        ----------
        actor : str
            Who attaches it.
        kind : EvidenceKind or str
            ``"call_recording"``, ``"transaction_record"``, ``"document"``,
            ``"photo"`` or ``"other"``.
        reference : str
            Where the application keeps it.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("add_evidence", actor)
        checked_kind: EvidenceKind = _enum("kind", kind, EvidenceKind)
        checked_reference = _required_ident("reference", reference)
        return self._commit(
            "add_evidence",
            actor,
            at,
            data={"kind": checked_kind.value, "reference": checked_reference},
            extend=lambda who, when: {
                "evidence": (
                    *self._complaint.evidence,
                    Evidence(
                        kind=checked_kind, reference=checked_reference, added_at=when, added_by=who
                    ),
                )
            },
        )

    @_serialised
    def resolve(
        self,
        *,
        actor: str,
        resolution: str,
        findings: str | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Resolve the complaint on the findings: investigating -> resolved.

        Refused unless findings are given now or were recorded before, or
        evidence exists: a resolution rests on the investigation.

        Parameters
        ----------
        actor : str
            Who resolves it.
        resolution : str
            What was done about it.
        findings : str, optional
            The established facts (replaces earlier findings when given).
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("resolve", actor)
        checked_resolution = _required_text("resolution", resolution)
        checked_findings = _optional_text("findings", findings)
        c = self._complaint
        if checked_findings is None and not c.findings and not c.evidence:
            raise InvalidTransition(
                "resolve",
                c.status.value,
                "a resolution rests on the investigation: give findings or add evidence first",
            )
        changes: dict[str, Any] = {"resolution": checked_resolution}
        if checked_findings is not None:
            changes["findings"] = checked_findings
        return self._commit(
            "resolve",
            actor,
            at,
            changes=changes,
            note=checked_resolution,
            data={"findings": checked_findings},
        )

    @_serialised
    def reply(self, *, actor: str, message: str, at: datetime | None = None) -> ComplaintEvent:
        """Explain the outcome to the customer: resolved -> replied.

        Parameters
        ----------
        actor : str
            Who replies.
        message : str
            The explanation sent to the customer.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("reply", actor)
        checked = _required_text("message", message)
        return self._commit("reply", actor, at, changes={"reply": checked}, note=checked)

    @_serialised
    def follow_up(
        self,
        *,
        actor: str,
        outcome: str,
        customer_satisfied: bool | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Record a follow-up contact: replied -> tracking, tracking -> tracking.

        Parameters
        ----------
        actor : str
            Who followed up.
        outcome : str
            What came of it.
        customer_satisfied : bool, optional
            The customer's answer; ``None`` when unreachable or undecided.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("follow_up", actor)
        checked_outcome = _required_text("outcome", outcome)
        satisfied = _optional_bool("customer_satisfied", customer_satisfied)
        return self._commit(
            "follow_up",
            actor,
            at,
            note=checked_outcome,
            data={"customer_satisfied": satisfied},
            extend=lambda who, when: {
                "follow_ups": (
                    *self._complaint.follow_ups,
                    FollowUp(
                        at=when, by=who, outcome=checked_outcome, customer_satisfied=satisfied
                    ),
                )
            },
        )

    @_serialised
    def close(
        self, *, actor: str, reason: str | None = None, at: datetime | None = None
    ) -> ComplaintEvent:
        """Close the complaint: replied or tracking -> closed.

        Refused unless the latest follow-up has ``customer_satisfied=True``,
        or a reason is given (for example, the customer could not be reached
        after several follow-ups).

        Parameters
        ----------
        actor : str
            Who closes it.
        reason : str, optional
            Why it is closed without the customer's confirmation.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("close", actor)
        checked_reason = _optional_text("reason", reason)
        c = self._complaint
        confirmed = bool(c.follow_ups) and c.follow_ups[-1].customer_satisfied is True
        if not confirmed and checked_reason is None:
            raise InvalidTransition(
                "close",
                c.status.value,
                "the customer has not confirmed satisfaction in the latest follow-up; "
                "give a reason to close anyway",
            )
        return self._commit(
            "close", actor, at, note=checked_reason, data={"confirmed_by_customer": confirmed}
        )

    @_serialised
    def reopen(self, *, actor: str, reason: str, at: datetime | None = None) -> ComplaintEvent:
        """Reopen a complaint the customer is not satisfied with.

        replied, tracking or closed -> investigating; increments
        ``reopen_count``. The earlier findings, resolution and reply stay on
        the complaint (and in the history) until replaced.

        Parameters
        ----------
        actor : str
            Who reopens it.
        reason : str
            Why the customer is not satisfied.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("reopen", actor)
        checked = _required_text("reason", reason)
        count = self._complaint.reopen_count + 1
        return self._commit(
            "reopen",
            actor,
            at,
            changes={"reopen_count": count},
            note=checked,
            data={"reopen_count": count},
        )

    # -- ownership and escalation ------------------------------------------

    @_serialised
    def escalate(
        self,
        *,
        actor: str,
        reason: str,
        to_level: int | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Escalate to the next response level, or to ``to_level``.

        Allowed in every status but closed. Levels: 1 front line,
        2 specialist team, 3 management. The level never goes down; at
        level 3 the event is refused. The owner does not change; anyone
        may escalate, whoever owns the complaint.

        Parameters
        ----------
        actor : str
            Who escalates.
        reason : str
            Why the current level cannot solve it.
        to_level : int, optional
            The level to go to, above the current one; default one up.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("escalate", actor)
        checked_reason = _required_text("reason", reason)
        c = self._complaint
        current = c.escalation_level
        if current >= _MAX_LEVEL:
            raise InvalidTransition(
                "escalate", c.status.value, f"already at the highest level ({_MAX_LEVEL})"
            )
        if to_level is None:
            target = current + 1
        elif (
            isinstance(to_level, bool)
            or not isinstance(to_level, int)
            or not current < to_level <= _MAX_LEVEL
        ):
            raise InvalidInputError(
                "to_level", to_level, f"an integer above the current level {current}, at most 3"
            )
        else:
            target = to_level
        return self._commit(
            "escalate",
            actor,
            at,
            changes={"escalation_level": target},
            note=checked_reason,
            data={"from_level": current, "to_level": target},
        )

    @_serialised
    def hand_over(
        self, *, actor: str, to_agent: str, reason: str, at: datetime | None = None
    ) -> ComplaintEvent:
        """Hand ownership to another agent, explicitly.

        Allowed in every status but closed; the only way the owner changes.
        With ``ownership='enforce'`` only the owner or a supervisor may hand
        a complaint over.

        Parameters
        ----------
        actor : str
            Who hands it over.
        to_agent : str
            The new owner; not the current one.
        reason : str
            Why.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("hand_over", actor)
        new_owner = _required_ident("to_agent", to_agent)
        checked_reason = _required_text("reason", reason)
        previous = self._complaint.owner
        if new_owner == previous:
            raise InvalidInputError("to_agent", new_owner, "an agent other than the current owner")
        return self._commit(
            "hand_over",
            actor,
            at,
            changes={"owner": new_owner},
            note=checked_reason,
            data={"from_owner": previous, "to_owner": new_owner},
        )

    # -- the customer-facing steps -------------------------------------------

    @_serialised
    def acknowledge(
        self, *, actor: str, message: str | None = None, at: datetime | None = None
    ) -> ComplaintEvent:
        """Tell the customer the complaint was received and what happens next.

        The handbooks' "acknowledge at once, even when the answer needs time".
        Allowed in every status but closed; the status does not change. The
        first ``acknowledge``, ``update_customer``, ``reply`` or ``follow_up``
        is the complaint's first response.

        Parameters
        ----------
        actor : str
            Who acknowledges it.
        message : str, optional
            What the customer was told (free text, kept out of reprs and errors).
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late")
        >>> ComplaintWorkflow(c).acknowledge(actor="a-1", at=t0 + timedelta(minutes=2)).event
        'acknowledge'
        """
        self._require("acknowledge", actor)
        checked = _optional_text("message", message)
        return self._commit("acknowledge", actor, at, note=checked)

    @_serialised
    def update_customer(
        self,
        *,
        actor: str,
        message: str,
        milestone: str | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Send the customer a progress notice (the "3-5-7" rule).

        Allowed in every status but closed; the status does not change. Meets
        the next-update target.

        Parameters
        ----------
        actor : str
            Who sends it.
        message : str
            What the customer was told (free text, kept out of reprs and errors).
        milestone : str, optional
            The notice plan milestone it notifies (one of the five key
            milestones, e.g. ``"investigate"``), or None for a plain update.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late")
        >>> wf = ComplaintWorkflow(c)
        >>> wf.update_customer(actor="a-1", message="We are on it", milestone="classify",
        ...                    at=t0).data["milestone"]
        'classify'
        """
        self._require("update_customer", actor)
        checked = _required_text("message", message)
        checked_milestone = _optional_ident("milestone", milestone)
        return self._commit(
            "update_customer", actor, at, note=checked, data={"milestone": checked_milestone}
        )

    @_serialised
    def pause(self, *, actor: str, reason: str, at: datetime | None = None) -> ComplaintEvent:
        """Wait on the customer or a third party: the SLA clocks stop.

        Allowed in every status but closed; refused when already paused. Sets
        ``paused_since``. While paused, the events that change the status are
        refused; the resolution and next-update due times are None until
        :meth:`resume`.

        Parameters
        ----------
        actor : str
            Who pauses it.
        reason : str
            What it waits for (free text, kept out of reprs and errors).
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late")
        >>> wf = ComplaintWorkflow(c)
        >>> _ = wf.pause(actor="a-1", reason="Waiting for the receipt", at=t0)
        >>> c.paused_since == t0
        True
        >>> wf.classify(actor="a-1", severity="general", at=t0)
        Traceback (most recent call last):
        ...
        servicekit.errors.InvalidTransition: event 'classify' is not allowed in status \
'received': the complaint is paused since 2026-03-02T09:00:00+00:00; resume it first
        """
        self._require("pause", actor)
        c = self._complaint
        if c.paused_since is not None:
            raise InvalidTransition(
                "pause", c.status.value, f"already paused since {c.paused_since.isoformat()}"
            )
        checked = _required_text("reason", reason)
        return self._commit("pause", actor, at, note=checked, paused=lambda when: when)

    @_serialised
    def resume(self, *, actor: str, at: datetime | None = None) -> ComplaintEvent:
        """Stop waiting: the SLA clocks run again, the paused time excluded.

        Refused unless paused; clears ``paused_since``.

        Parameters
        ----------
        actor : str
            Who resumes it.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late")
        >>> ComplaintWorkflow(c).resume(actor="a-1", at=t0)
        Traceback (most recent call last):
        ...
        servicekit.errors.InvalidTransition: event 'resume' is not allowed in status \
'received': the complaint is not paused
        """
        self._require("resume", actor)
        c = self._complaint
        if c.paused_since is None:
            raise InvalidTransition("resume", c.status.value, "the complaint is not paused")
        since = c.paused_since
        return self._commit(
            "resume",
            actor,
            at,
            data={"paused_since": since.isoformat()},
            paused=lambda when: None,
        )

    @_serialised
    def note(self, *, actor: str, text: str, at: datetime | None = None) -> ComplaintEvent:
        """Record an internal note, never shown to the customer.

        Allowed in every status, closed included; the status does not change.

        Parameters
        ----------
        actor : str
            Who writes it.
        text : str
            The note (free text, kept out of reprs and errors).
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...               subject="Late")
        >>> ComplaintWorkflow(c).note(actor="a-1", text="Called twice, no answer", at=t0).event
        'note'
        """
        self._require("note", actor)
        checked = _required_text("text", text)
        return self._commit("note", actor, at, note=checked)

    # -- by name -------------------------------------------------------------

    def send(self, event: str, **data: Any) -> ComplaintEvent:
        """Send an event by name, with its arguments as keywords.

        Parameters
        ----------
        event : str
            One of the event names (``"classify"``, ``"acknowledge"``, ...).
        **data
            The event's keyword arguments, ``actor`` among them.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Raises
        ------
        InvalidInputError
            For an unknown event, an unknown argument or a missing one.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...               received_at=datetime(2026, 3, 2, tzinfo=timezone.utc), subject="Late")
        >>> wf = ComplaintWorkflow(c)
        >>> wf.send("classify", actor="a-1", severity="general", colour="red")
        Traceback (most recent call last):
        ...
        servicekit.errors.InvalidInputError: colour=<hidden> is invalid: expected one of the \
arguments of 'classify': ['actor', 'at', 'category', 'severity']
        """
        if not isinstance(event, str) or event not in _EVENTS:
            raise InvalidInputError("event", event, f"one of {sorted(_EVENTS)}")
        method: Callable[..., ComplaintEvent] = getattr(self, event)
        return method(**data)

    # -- the machinery -----------------------------------------------------

    def _require(self, event: str, actor: object) -> None:
        """The transition table, the pause and the ownership rule: checked before anything."""
        c = self._complaint
        status = c.status
        if event not in _ALLOWED[status]:
            raise InvalidTransition(event, status.value)
        if c.paused_since is not None and event in _MOVES:
            raise InvalidTransition(
                event,
                status.value,
                f"the complaint is paused since {c.paused_since.isoformat()}; resume it first",
            )
        policy = self._policy
        if (
            policy.ownership == "enforce"
            and c.owner is not None
            and event not in _ANYONE
            and actor != c.owner
            and actor not in policy.supervisors
        ):
            raise InvalidTransition(
                event,
                status.value,
                f"the complaint is owned by {c.owner!r}: only the owner or a supervisor may "
                "send this event (anyone may note or escalate)",
            )

    def _time(self, at: datetime | None) -> datetime:
        when = self._clock() if at is None else at
        name = "clock()" if at is None else "at"
        if not isinstance(when, datetime) or when.utcoffset() is None:
            raise InvalidInputError(name, when, "a timezone-aware datetime")
        c = self._complaint
        last = c.history[-1].at if c.history else c.received_at
        if when < last:
            what = "the last history entry" if c.history else "received_at"
            raise InvalidInputError(name, when, f"a time not before {what} ({last.isoformat()})")
        return when

    def _commit(
        self,
        event: str,
        actor: object,
        at: datetime | None,
        *,
        changes: dict[str, Any] | None = None,
        note: str | None = None,
        data: dict[str, JsonValue] | None = None,
        extend: Callable[[str, datetime], dict[str, Any]] | None = None,
        paused: Callable[[datetime], datetime | None] | None = None,
    ) -> ComplaintEvent:
        """Check actor and time, build the new state, then write it whole.

        The whole event, from its first check to this write, runs under the
        complaint's lock (see ``_serialised``), so every check saw the state it
        changes.
        """
        who = _required_ident("actor", actor)
        c = self._complaint
        with _LOCKS[id(c) % len(_LOCKS)]:  # held since the event began (re-entrant)
            when = self._time(at)
            status = c.status
            new: dict[str, Any] = dict(changes or {})
            if c.owner is None and event != "hand_over":
                new["owner"] = who
            if extend is not None:
                new.update(extend(who, when))
            if paused is not None:
                new["paused_since"] = paused(when)
            entry = ComplaintEvent(
                event=event,
                from_status=status,
                to_status=_TARGET[status, event],
                at=when,
                actor=who,
                note=note,
                data=data or {},
            )
            new.update(status=entry.to_status, history=(*c.history, entry), version=c.version + 1)
            if self._sla is not None:
                new.update(self._due_times(c, new, when))
            c._write(new)
        if self._machine is not None:  # listeners see every accepted event
            self._machine.model.status = status
            self._machine.send(event)
        return entry

    def _due_times(self, c: Complaint, new: dict[str, Any], when: datetime) -> dict[str, Any]:
        """The three due times of the complaint as it will be: the SLA clock's, from history."""
        sla = cast(SLAClock, self._sla)
        after = Complaint.model_construct(**{**c.__dict__, **new})
        report = sla.for_complaint(after, now=when)
        out: dict[str, Any] = {}
        for name in ("first_response", "resolution", "next_update"):
            target = getattr(report, name)
            due = None
            if target is not None and target.state not in (SLAState.MET, SLAState.PAUSED):
                due = target.due
            out[f"{name}_due"] = due
        if after.paused_since is not None:  # waiting on the customer: nothing falls due
            out["resolution_due"] = out["next_update_due"] = None
        return out


_EVENTS = frozenset[str]().union(*_ALLOWED.values())
