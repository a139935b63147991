"""The "3-5-7" progress-notice rule (DOMAIN.md, "Progress notices")."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from servicekit import ComplaintWorkflow, InvalidInputError, NoticePlan, progress_notices
from servicekit.workflow import DEFAULT_MILESTONES
from tests.workflow.conftest import T0, StepClock, drive, new_complaint

H = timedelta(hours=1)


def _workflow(status: str) -> ComplaintWorkflow:
    return drive(ComplaintWorkflow(new_complaint(), clock=StepClock()), status)


def test_first_follow_up_is_due_three_hours_after_confirmation() -> None:
    c = new_complaint()
    plan = NoticePlan(promised_at=T0 + 24 * H)
    n = progress_notices(c, plan, now=T0 + 3 * H)
    assert n.first_follow_up_due == T0 + 3 * H
    assert (n.first_follow_up_owed, n.first_follow_up_overdue) == (True, False)
    late = progress_notices(c, plan, now=T0 + 3 * H + timedelta(seconds=1))
    assert late.first_follow_up_overdue


def test_confirmation_time_can_be_given() -> None:
    plan = NoticePlan(promised_at=T0 + 24 * H, confirmed_at=T0 + H)
    assert progress_notices(new_complaint(), plan, now=T0).first_follow_up_due == T0 + 4 * H


def test_a_given_first_follow_up_is_no_longer_owed() -> None:
    plan = NoticePlan(promised_at=T0 + 24 * H, first_follow_up_at=T0 + 2 * H)
    n = progress_notices(new_complaint(), plan, now=T0 + 5 * H)
    assert (n.first_follow_up_owed, n.first_follow_up_overdue) == (False, False)


def test_five_key_milestones_are_owed_until_notified() -> None:
    assert len(DEFAULT_MILESTONES) == 5
    wf = _workflow("closed")
    plan = NoticePlan(promised_at=T0 + 24 * H)
    owed = progress_notices(wf.complaint, plan, now=T0).milestones_owed
    assert owed == ("classify", "investigate", "resolve", "reply", "close")
    told = NoticePlan(promised_at=T0 + 24 * H, notified=["classify", "investigate"])
    assert progress_notices(wf.complaint, told, now=T0).milestones_owed == (
        "resolve",
        "reply",
        "close",
    )


def test_a_milestone_reached_again_after_a_reopen_is_owed_again() -> None:
    wf = _workflow("replied")
    wf.reopen(actor="agent-1", reason="not fixed")
    wf.resolve(actor="agent-1", resolution="fixed for real")
    plan = NoticePlan(
        promised_at=T0 + 24 * H, notified=["classify", "investigate", "resolve", "reply"]
    )
    assert progress_notices(wf.complaint, plan, now=T0).milestones_owed == ("resolve",)


def test_follow_ups_and_escalations_are_not_milestones_by_default() -> None:
    wf = _workflow("tracking")
    wf.escalate(actor="agent-1", reason="complex")
    plan = NoticePlan(promised_at=T0 + 24 * H, notified=list(DEFAULT_MILESTONES[:4]))
    assert progress_notices(wf.complaint, plan, now=T0).milestones_owed == ()


def test_delay_above_seven_percent_of_the_promised_time_must_be_announced() -> None:
    # Promised 24 hours after confirmation: 7% is 1 h 40 min 48 s.
    c = new_complaint()
    at_threshold = NoticePlan(
        promised_at=T0 + 24 * H, expected_at=T0 + 24 * H + timedelta(seconds=6048)
    )
    n = progress_notices(c, at_threshold, now=T0)
    assert n.delay_threshold == timedelta(hours=1, minutes=40, seconds=48)
    assert n.delay == timedelta(seconds=6048)
    assert not n.delay_notice_required  # "more than 7%"
    above = NoticePlan(promised_at=T0 + 24 * H, expected_at=T0 + 24 * H + timedelta(seconds=6049))
    assert progress_notices(c, above, now=T0).delay_notice_required


def test_announced_delay_or_closed_complaint_owes_no_delay_notice() -> None:
    plan = NoticePlan(promised_at=T0 + 24 * H, expected_at=T0 + 30 * H, delay_announced=True)
    assert not progress_notices(new_complaint(), plan, now=T0).delay_notice_required
    unannounced = NoticePlan(promised_at=T0 + 24 * H, expected_at=T0 + 30 * H)
    assert not progress_notices(
        _workflow("closed").complaint, unannounced, now=T0
    ).delay_notice_required


def test_no_estimate_means_no_delay() -> None:
    n = progress_notices(new_complaint(), NoticePlan(promised_at=T0 + 24 * H), now=T0)
    assert (n.delay, n.delay_notice_required) == (timedelta(0), False)


def test_to_dict_has_every_field() -> None:
    n = progress_notices(new_complaint(), NoticePlan(promised_at=T0 + 24 * H), now=T0)
    assert set(n.to_dict()) == {
        "first_follow_up_due",
        "first_follow_up_owed",
        "first_follow_up_overdue",
        "milestones_owed",
        "delay",
        "delay_threshold",
        "delay_notice_required",
    }


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"promised_at": datetime(2026, 3, 3)}, "promised_at"),
        ({"promised_at": T0, "expected_at": "tomorrow"}, "expected_at"),
        ({"promised_at": T0, "milestones": "classify"}, "milestones"),
        ({"promised_at": T0, "notified": "classify"}, "notified"),
        ({"promised_at": T0, "delay_tolerance": 7}, "delay_tolerance"),
        (
            {"promised_at": T0, "first_follow_up_within": timedelta(hours=-3)},
            "first_follow_up_within",
        ),
    ],
)
def test_bad_plan_is_refused(kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        NoticePlan(**kwargs)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_naive_now_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"^now="):
        progress_notices(new_complaint(), NoticePlan(promised_at=T0), now=datetime(2026, 3, 2))


def test_progress_notices_read_the_complaints_own_updates() -> None:
    from servicekit import ComplaintWorkflow
    from tests.workflow.conftest import new_complaint

    c = new_complaint()
    wf = ComplaintWorkflow(c)
    wf.acknowledge(actor="a-1", at=T0 + timedelta(minutes=10))
    wf.classify(actor="a-1", severity="major", at=T0 + timedelta(minutes=20))
    plan = NoticePlan(promised_at=T0 + timedelta(hours=24))
    # The first follow-up is due 3 hours after the acknowledgement, not after receipt.
    before = progress_notices(c, plan, now=T0 + timedelta(hours=3, minutes=5))
    assert before.first_follow_up_due == T0 + timedelta(hours=3, minutes=10)
    assert not before.first_follow_up_overdue
    assert before.milestones_owed == ("classify",)
    wf.update_customer(
        actor="a-1", message="Classified as major", milestone="classify", at=T0 + timedelta(hours=1)
    )
    after = progress_notices(c, plan, now=T0 + timedelta(hours=5))
    assert after.milestones_owed == ()
    assert not after.first_follow_up_owed
