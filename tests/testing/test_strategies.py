"""servicekit.testing: every strategy draws valid, consistent objects; Hypothesis finds them."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from servicekit import (
    BusinessCalendar,
    Complaint,
    ComplaintEvent,
    ComplaintPolicy,
    ComplaintStatus,
    ComplaintWorkflow,
    Customer,
    Evidence,
    FollowUp,
    Interaction,
    InvalidInputError,
    SLAPolicy,
    SurveyResponse,
)
from servicekit import testing as sk
from servicekit.models import SurveyColumns
from servicekit.sla import SLAClock, SLAState
from servicekit.workflow._machine import transition_table

# find() without shrinking: these tests ask whether an example exists, not for the smallest.
SEARCH = settings(
    database=None,
    phases=[Phase.generate],
    max_examples=2000,
    suppress_health_check=list(HealthCheck),
)
TABLE = transition_table()
MODELS: dict[type[BaseModel], st.SearchStrategy[Any]] = {
    Customer: sk.customers(),
    Interaction: sk.interactions(),
    Complaint: sk.complaints(),
    ComplaintEvent: sk.complaint_events(),
    Evidence: sk.evidence(),
    FollowUp: sk.follow_ups(),
    SurveyResponse: sk.survey_responses(),
}


def _revalidated(model: BaseModel) -> None:
    cls = type(model)
    assert cls.model_validate(model.model_dump()) == model
    assert cls.model_validate_json(model.model_dump_json()) == model


@pytest.mark.parametrize("cls", list(MODELS), ids=lambda c: c.__name__)
def test_every_model_strategy_draws_values_the_model_accepts(cls: type[BaseModel]) -> None:
    @settings(max_examples=40, deadline=None)
    @given(MODELS[cls])
    def check(model: BaseModel) -> None:
        assert type(model) is cls
        _revalidated(model)

    check()


def test_every_public_model_has_a_strategy() -> None:
    from servicekit.models._schema import _PUBLIC_MODELS

    assert set(_PUBLIC_MODELS) == set(MODELS)


def _assert_consistent(c: Complaint) -> None:
    """The history is a path through the machine: it starts at received, each step is a
    transition the machine allows, times never go back, the status is where it ends."""
    status = ComplaintStatus.RECEIVED
    last = c.received_at
    for entry in c.history:
        assert entry.from_status == status
        assert TABLE[entry.from_status, entry.event] == entry.to_status
        assert entry.at >= last
        status, last = entry.to_status, entry.at
    assert c.status == status
    assert c.version == len(c.history)
    if c.history:
        assert c.owner is not None
    assert c.reopen_count == sum(e.event == "reopen" for e in c.history)
    assert len(c.evidence) == sum(e.event == "add_evidence" for e in c.history)
    assert len(c.follow_ups) == sum(e.event == "follow_up" for e in c.history)
    pauses = [e.event for e in c.history if e.event in ("pause", "resume")]
    assert (c.paused_since is not None) == (bool(pauses) and pauses[-1] == "pause")


@settings(max_examples=150, deadline=None)
@given(sk.complaints())
def test_a_complaint_history_is_a_path_through_the_machine(c: Complaint) -> None:
    _assert_consistent(c)


@pytest.mark.parametrize("status", list(ComplaintStatus), ids=str)
def test_complaints_in_the_status_asked_for(status: ComplaintStatus) -> None:
    @settings(max_examples=15, deadline=None)
    @given(sk.complaints(status=status.value))
    def check(c: Complaint) -> None:
        assert c.status == status
        _assert_consistent(c)

    check()


@pytest.mark.parametrize("status", list(ComplaintStatus), ids=str)
def test_every_status_is_reached_without_asking(status: ComplaintStatus) -> None:
    c = find(sk.complaints(), lambda c: c.status == status, settings=SEARCH)
    assert c.status == status


def test_long_and_eventful_histories_are_drawn() -> None:
    """The random walk reaches the side roads too: a reopened, escalated, handed-over case."""

    def eventful(c: Complaint) -> bool:
        events = {e.event for e in c.history}
        return {"reopen", "pause", "escalate"} <= events

    c = find(sk.complaints(), eventful, settings=SEARCH)
    assert c.reopen_count >= 1


LONDON = BusinessCalendar(
    {d: [("09:00", "12:30"), ("13:30", "17:00")] for d in range(5)},
    tz="Europe/London",
    holidays=[date(2026, 4, 3)],
)
SLA = ComplaintPolicy(sla=SLAPolicy())


def _arguments(e: ComplaintEvent) -> dict[str, Any]:
    """An event's arguments, read back from its history entry alone."""
    d, note = e.data, e.note
    text = {
        "reclassify": "reason",
        "resolve": "resolution",
        "reply": "message",
        "follow_up": "outcome",
        "close": "reason",
        "reopen": "reason",
        "pause": "reason",
        "escalate": "reason",
        "hand_over": "reason",
        "acknowledge": "message",
        "update_customer": "message",
        "note": "text",
    }
    keys = {
        "classify": ["severity", "category"],
        "reclassify": ["severity", "category"],
        "add_evidence": ["kind", "reference"],
        "resolve": ["findings"],
        "follow_up": ["customer_satisfied"],
        "escalate": ["to_level"],
        "update_customer": ["milestone"],
    }
    args = {key: d[key] for key in keys.get(e.event, [])}
    if e.event == "hand_over":
        args["to_agent"] = d["to_owner"]
    if e.event in text:
        args[text[e.event]] = note
    return args


def _replay(c: Complaint, policy: ComplaintPolicy, calendar: BusinessCalendar) -> Complaint:
    """Send the history's events again, from the entries alone, to a fresh complaint."""
    fresh = Complaint(
        id=c.id,
        customer_id=c.customer_id,
        channel=c.channel,
        received_at=c.received_at,
        subject=c.subject,
        description=c.description,
    )
    wf = ComplaintWorkflow(fresh, policy=policy, calendar=calendar)
    for e in c.history:
        wf.send(e.event, actor=e.actor, at=e.at, **_arguments(e))
    return fresh


@settings(max_examples=60, deadline=None)
@given(sk.complaints(policy=SLA, calendar=LONDON))
def test_the_history_replays_to_the_same_complaint(c: Complaint) -> None:
    """Owner, severity, levels, evidence, follow-ups and due times: all the workflow's own."""
    assert _replay(c, SLA, LONDON) == c


@settings(max_examples=60, deadline=None)
@given(sk.complaints(policy=SLA, calendar=LONDON))
def test_due_times_are_the_sla_clock_s(c: Complaint) -> None:
    if not c.history:
        return
    report = SLAClock(SLA.sla, LONDON).for_complaint(c, now=c.history[-1].at)
    for name in ("first_response", "resolution", "next_update"):
        target = getattr(report, name)
        due = getattr(c, f"{name}_due")
        if due is not None:
            assert target is not None
            assert target.state not in (SLAState.MET, SLAState.PAUSED)
            assert due == target.due


NEXT = {
    ComplaintStatus.RECEIVED: ("classify", {"severity": "major"}),
    ComplaintStatus.CLASSIFIED: ("investigate", {}),
    ComplaintStatus.INVESTIGATING: ("resolve", {"resolution": "refund", "findings": "charged"}),
    ComplaintStatus.RESOLVED: ("reply", {"message": "refunded"}),
    ComplaintStatus.REPLIED: ("follow_up", {"outcome": "received"}),
    ComplaintStatus.TRACKING: ("close", {"reason": "no answer"}),
    ComplaintStatus.CLOSED: ("reopen", {"reason": "bounced"}),
}


@settings(max_examples=100, deadline=None)
@given(sk.complaints())
def test_a_drawn_complaint_resumes_and_takes_the_next_step(c: Complaint) -> None:
    stored = Complaint.model_validate_json(c.model_dump_json())
    wf = ComplaintWorkflow(stored)
    at = (c.history[-1].at if c.history else c.received_at) + timedelta(minutes=1)
    if stored.paused_since is not None:
        wf.resume(actor="agent-x", at=at)
    before = stored.status
    event, args = NEXT[before]
    wf.send(event, actor=stored.owner or "agent-x", at=at, **args)
    assert stored.status == TABLE[before, event]
    assert stored.version == c.version + 1 + (c.paused_since is not None)


def test_bad_options_are_refused_by_name() -> None:
    with pytest.raises(InvalidInputError) as info:
        sk.complaints(status="lost")
    assert info.value.argument == "status"
    with pytest.raises(InvalidInputError) as info:
        sk.complaints(policy="strict")  # type: ignore[arg-type]
    assert info.value.argument == "policy"
    with pytest.raises(InvalidInputError) as info:
        sk.business_calendars(tz="Mars/Olympus")
    assert info.value.argument == "tz"


@settings(max_examples=60, deadline=None)
@given(sk.business_calendars(), st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 1)))
def test_calendars_open_again_and_count_what_they_add(cal: BusinessCalendar, t: datetime) -> None:
    t = t.replace(tzinfo=timezone.utc)
    opens = cal.next_open(t)
    assert cal.is_open(opens)
    assert cal.between(t, opens) == timedelta(0)
    later = cal.add(t, timedelta(hours=5))
    assert cal.between(t, later) == timedelta(hours=5)


def test_calendars_cover_dst_zones_breaks_holidays_and_make_up_days() -> None:
    def rich(cal: BusinessCalendar) -> bool:
        r = repr(cal)
        return (
            ("Europe/" in r or "America/" in r or "Australia/" in r)
            and "holidays=<0" not in r
            and "workdays=<0" not in r
            and "), (" in r
        )

    assert rich(find(sk.business_calendars(), rich, settings=SEARCH))
    tokyo = find(sk.business_calendars(tz="Asia/Tokyo"), lambda c: True, settings=SEARCH)
    assert str(tokyo.tz) == "Asia/Tokyo"


# -- registration through Hypothesis' entry point -------------------------------------


def test_the_entry_point_is_installed() -> None:
    hooks = [e.value for e in importlib.metadata.entry_points(group="hypothesis")]
    assert "servicekit.testing:_hypothesis_setup_hook" in hooks


def test_from_type_draws_from_servicekit_strategies_in_a_fresh_process() -> None:
    """Nothing imported or called first: Hypothesis ran the hook when it was imported."""
    types = [*MODELS, BusinessCalendar, SurveyColumns]
    code = "\n".join(
        [
            "from hypothesis import Phase, find, settings, strategies as st",
            *(f"from {t.__module__} import {t.__name__}" for t in types),
            "fast = settings(database=None, phases=[Phase.generate])",
            f"for t in [{', '.join(t.__name__ for t in types)}]:",
            "    print(type(find(st.from_type(t), lambda x: True, settings=fast)).__name__)",
        ]
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [t.__name__ for t in types]


@settings(max_examples=50, deadline=None)
@given(st.from_type(Complaint))
def test_from_type_complaints_have_a_consistent_history(c: Complaint) -> None:
    _assert_consistent(c)


def test_importing_servicekit_does_not_import_hypothesis() -> None:
    code = (
        "import sys, servicekit, servicekit.models, servicekit.sla, servicekit.workflow;"
        "servicekit.Complaint;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'hypothesis'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_hypothesis_the_error_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n"
        "    import servicekit.testing\n"
        "except ImportError as err:\n"
        "    print(err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'servicekit[testing]'" in out.stdout


def test_a_fresh_project_installing_the_wheel_gets_valid_complaints(
    tmp_path: Path, wheel: Path, wheel_venv: Path
) -> None:
    """The wheel, installed with its testing extra into a new virtual environment, makes
    ``st.from_type(Complaint)`` work in a user's test file; the wheel is typed."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "servicekit/py.typed" in names
        assert "servicekit.testing:_hypothesis_setup_hook" in archive.read(entry_points).decode()
    python = wheel_venv / "bin" / "python"
    user_test = tmp_path / "test_user.py"
    user_test.write_text(
        textwrap.dedent(
            """
            from hypothesis import given, settings, strategies as st
            from servicekit import Complaint

            seen = set()

            @settings(max_examples=60, database=None, deadline=None)
            @given(st.from_type(Complaint))
            def test_complaints(c):
                assert Complaint.model_validate(c.model_dump()) == c
                assert c.version == len(c.history)
                seen.add(c.status.value)

            test_complaints()
            print(len(seen) > 1)
            """
        )
    )
    out = subprocess.run(
        [str(python), str(user_test)], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert out.stdout.strip() == "True"
