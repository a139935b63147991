"""The "3-5-7" progress-notice rule, as a pure function over a complaint."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from servicekit._results import Result, result
from servicekit.errors import InvalidInputError
from servicekit.models import Complaint

__all__ = ["DEFAULT_MILESTONES", "NoticePlan", "ProgressNotices", "progress_notices"]

DEFAULT_MILESTONES: tuple[str, ...] = ("classify", "investigate", "resolve", "reply", "close")
"""The five key milestones notified proactively: the workflow events that
confirm the complaint's class, start the investigation, resolve it, explain
the outcome and close it."""


def _aware(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInputError(name, value, "a timezone-aware datetime")


@dataclass(frozen=True)
class NoticePlan:
    """What was promised to the customer and what they have been told so far.

    Parameters
    ----------
    promised_at : datetime
        When the outcome was promised ("we will answer within 24 hours").
    expected_at : datetime, optional
        The current estimate of when the outcome will be ready.
    confirmed_at : datetime, optional
        When the complaint was confirmed to the customer; the first follow-up
        is due within ``first_follow_up_within`` of it, and the promised time
        runs from it. Defaults to the complaint's first ``acknowledge``, else
        its classification, else its ``received_at``.
    milestones : sequence of str
        The workflow events that are always notified proactively. Defaults to
        :data:`DEFAULT_MILESTONES`, the five key milestones.
    notified : sequence of str
        Milestone notices given outside the workflow, one entry per notice.
        The complaint's ``update_customer`` events with a ``milestone`` count
        too. A milestone reached twice (after a reopen) owes two notices.
    first_follow_up_at : datetime, optional
        When the first follow-up was given outside the workflow; the first
        ``update_customer`` event after confirmation counts too.
    delay_announced : bool, default False
        Whether the expected delay has already been announced.
    first_follow_up_within : timedelta, default 3 hours
        The "3" of 3-5-7.
    delay_tolerance : float, default 0.07
        The "7" of 3-5-7: a delay of more than this share of the promised
        time must be announced in advance.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> NoticePlan(promised_at=datetime(2026, 3, 3, 9, tzinfo=timezone.utc)).milestones
    ('classify', 'investigate', 'resolve', 'reply', 'close')
    """

    promised_at: datetime
    expected_at: datetime | None = None
    confirmed_at: datetime | None = None
    milestones: Sequence[str] = DEFAULT_MILESTONES
    notified: Sequence[str] = ()
    first_follow_up_at: datetime | None = None
    delay_announced: bool = False
    first_follow_up_within: timedelta = field(default=timedelta(hours=3))
    delay_tolerance: float = 0.07

    def __post_init__(self) -> None:
        _aware("promised_at", self.promised_at)
        _aware("expected_at", self.expected_at, optional=True)
        _aware("confirmed_at", self.confirmed_at, optional=True)
        _aware("first_follow_up_at", self.first_follow_up_at, optional=True)
        if isinstance(self.milestones, str) or isinstance(self.notified, str):
            which = "milestones" if isinstance(self.milestones, str) else "notified"
            raise InvalidInputError(which, getattr(self, which), "a sequence of event names")
        object.__setattr__(self, "milestones", tuple(self.milestones))
        object.__setattr__(self, "notified", tuple(self.notified))
        if not isinstance(self.first_follow_up_within, timedelta) or (
            self.first_follow_up_within < timedelta(0)
        ):
            raise InvalidInputError(
                "first_follow_up_within", self.first_follow_up_within, "a timedelta >= 0"
            )
        tolerance = self.delay_tolerance
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
            raise InvalidInputError("delay_tolerance", tolerance, "a number from 0 to 1")
        if not 0 <= tolerance <= 1:
            raise InvalidInputError("delay_tolerance", tolerance, "a number from 0 to 1")


@result
class ProgressNotices(Result):
    """What a complaint owes its customer in progress notices, now.

    Attributes
    ----------
    first_follow_up_due : datetime
        Confirmation time + ``first_follow_up_within``.
    first_follow_up_owed : bool
        No first follow-up was given yet.
    first_follow_up_overdue : bool
        Owed, and ``now`` is past the due time.
    milestones_owed : tuple of str
        Milestones reached in the history and not yet notified, in order.
    delay : timedelta
        ``expected_at - promised_at`` (zero when no estimate was given;
        negative when ahead of the promise).
    delay_threshold : timedelta
        ``delay_tolerance`` times the promised time (``promised_at`` minus
        the confirmation time).
    delay_notice_required : bool
        ``delay`` exceeds ``delay_threshold``, the complaint is not closed,
        and the delay was not announced yet.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> n = ProgressNotices(t, True, False, ("classify",), timedelta(0), timedelta(hours=1), False)
    >>> n.to_dict()["milestones_owed"]
    ['classify']
    """

    first_follow_up_due: datetime
    first_follow_up_owed: bool
    first_follow_up_overdue: bool
    milestones_owed: tuple[str, ...]
    delay: timedelta
    delay_threshold: timedelta
    delay_notice_required: bool


def progress_notices(complaint: Complaint, plan: NoticePlan, *, now: datetime) -> ProgressNotices:
    """Tell which progress notices a complaint owes its customer at ``now``.

    The "3-5-7" rule of the handbooks: the first follow-up within 3 hours of
    confirmation; the 5 key milestones always notified proactively; an
    expected delay of more than 7% of the promised time announced in
    advance, with the reason. The workflow sends nothing: this function tells
    the application what is owed, and the application records what it sent
    in the plan.

    Parameters
    ----------
    complaint : Complaint
        The complaint, with its history.
    plan : NoticePlan
        What was promised and what was notified.
    now : datetime
        The time to judge at (aware).

    Returns
    -------
    ProgressNotices

    Notes
    -----
    A milestone is *reached* each time its event appears in the history, and
    *owed* as many times as it was reached minus the notices given: the
    complaint's ``update_customer`` events naming it as their ``milestone``,
    and the entries of ``plan.notified``. The delay threshold is
    ``plan.delay_tolerance * (plan.promised_at - confirmed_at)``; a delay
    exactly at the threshold does not need announcing ("more than 7%").

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint
    >>> from servicekit.workflow import ComplaintWorkflow
    >>> t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="phone", received_at=t0,
    ...               subject="Charged twice")
    >>> _ = ComplaintWorkflow(c).classify(actor="a-1", severity="major", at=t0)
    >>> plan = NoticePlan(promised_at=t0 + timedelta(hours=24),
    ...                   expected_at=t0 + timedelta(hours=26))
    >>> n = progress_notices(c, plan, now=t0 + timedelta(hours=4))
    >>> n.first_follow_up_overdue, n.milestones_owed
    (True, ('classify',))
    >>> n.delay_threshold, n.delay_notice_required
    (datetime.timedelta(seconds=6048), True)
    """
    if not isinstance(complaint, Complaint):
        raise InvalidInputError("complaint", type(complaint).__name__, "a Complaint")
    if not isinstance(plan, NoticePlan):
        raise InvalidInputError("plan", type(plan).__name__, "a NoticePlan")
    _aware("now", now)
    history = complaint.history
    confirmed = plan.confirmed_at
    if confirmed is None:
        firsts = {
            e.event: e.at for e in reversed(history) if e.event in ("acknowledge", "classify")
        }
        confirmed = firsts.get("acknowledge", firsts.get("classify", complaint.received_at))
    due = confirmed + plan.first_follow_up_within
    updates = [e for e in history if e.event == "update_customer"]
    followed_up = plan.first_follow_up_at is not None or any(e.at >= confirmed for e in updates)
    owed_first = not followed_up

    wanted = set(plan.milestones)
    outstanding = Counter(e.event for e in history if e.event in wanted)
    outstanding.subtract(Counter(plan.notified))
    outstanding.subtract(Counter(str(e.data.get("milestone")) for e in updates))
    owed: list[str] = []
    for event in reversed(history):
        if outstanding[event.event] > 0:
            owed.append(event.event)
            outstanding[event.event] -= 1
    owed.reverse()

    promised_span = plan.promised_at - confirmed
    threshold = max(promised_span, timedelta(0)) * plan.delay_tolerance
    delay = plan.expected_at - plan.promised_at if plan.expected_at is not None else timedelta(0)
    closed = complaint.status == "closed"
    return ProgressNotices(
        first_follow_up_due=due,
        first_follow_up_owed=owed_first,
        first_follow_up_overdue=owed_first and now > due,
        milestones_owed=tuple(owed),
        delay=delay,
        delay_threshold=threshold,
        delay_notice_required=delay > threshold and not closed and not plan.delay_announced,
    )
